package dev.gradc.bench.handwritten;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.bench.CentralDifferences;
import dev.gradc.bench.ProgramInputs;
import org.junit.jupiter.api.Test;

/**
 * The hand-written baselines of the four array programs against central differences of their own values and
 * against analytic truth: RK4 is exact for four components (y_i = x_0…x_i t^(i+1)/(i+1)!), the least-squares
 * gradient vanishes at the normal equations' solution, the determinant equals its cofactor expansion.
 */
class ProgramsByHandTest {

    @Test
    void leastSquaresGradientMatchesCentralDifferencesAndTheNormalEquations() {
        ProgramInputs.LeastSquares d = ProgramInputs.leastSquares();
        LeastSquaresByHand.Grad g = LeastSquaresByHand.residualsGrad(d.c(), d.t(), d.y());
        Agreement.assertClose(LeastSquaresByHand.residuals(d.c(), d.t(), d.y()), g.value(), "value");
        double[] c = d.c().clone();
        Agreement.assertClose(CentralDifferences.gradient(() -> LeastSquaresByHand.residuals(c, d.t(), d.y()), c), g.c(), "c");
        // the gradient is Vᵀ(Vc − y) with V the Vandermonde matrix: check it entry by entry
        int m = c.length;
        double[] truth = new double[m];
        for (int i = 0; i < d.t().length; i++) {
            double p = 0;
            for (int j = 0; j < m; j++) {
                p += c[j] * Math.pow(d.t()[i], j);
            }
            for (int j = 0; j < m; j++) {
                truth[j] += (p - d.y()[i]) * Math.pow(d.t()[i], j);
            }
        }
        Agreement.assertClose(truth, g.c(), "V^T (V c - y)");
    }

    @Test
    void rk4IsExactForFourComponentsAndMatchesCentralDifferencesAtSixtyFour() {
        double[] x = {0.8, 1.3, -0.6, 1.1};
        double tf = 1.7;
        Rk4ByHand small = new Rk4ByHand(4, 10);
        Rk4ByHand.Grad g = small.lastGrad(x, 10, tf);
        double exact = x[0] * x[1] * x[2] * x[3] * Math.pow(tf, 4) / 24;
        Agreement.assertClose(exact, g.value(), "value");
        for (int j = 0; j < 4; j++) {
            assertEquals(exact / x[j], g.x()[j], 1e-13, "d/dx[" + j + "]");
        }
        ProgramInputs.Rk4 d = ProgramInputs.rk4();
        Rk4ByHand byHand = new Rk4ByHand();
        double[] at = d.x().clone();
        Rk4ByHand.Grad big = byHand.lastGrad(at, d.steps(), d.tf());
        Agreement.assertClose(byHand.last(at, d.steps(), d.tf()), big.value(), "value at 64");
        Agreement.assertClose(CentralDifferences.gradient(() -> byHand.last(at, d.steps(), d.tf()), at), big.x(), "x at 64");
    }

    @Test
    void determinantEqualsItsCofactorExpansionAndItsGradientMatchesCentralDifferences() {
        double[] a = {0, 2, -1, 0.5, 1, 3, 1, -2, 0.7, 1.2, 0.4, 2.2, -1.5, 0.3, 1.8, -0.9};
        DeterminantByHand small = new DeterminantByHand(4);
        double cofactors = 0;
        for (int col = 0; col < 4; col++) {
            double[] minor = new double[9];
            int q = 0;
            for (int i = 1; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    if (j != col) {
                        minor[q++] = a[i * 4 + j];
                    }
                }
            }
            double m3 = minor[0] * (minor[4] * minor[8] - minor[5] * minor[7])
                    - minor[1] * (minor[3] * minor[8] - minor[5] * minor[6])
                    + minor[2] * (minor[3] * minor[7] - minor[4] * minor[6]);
            cofactors += (col % 2 == 0 ? 1 : -1) * a[col] * m3;
        }
        Agreement.assertClose(cofactors, small.det(a), "det");
        double[] at = a.clone();
        Agreement.assertClose(CentralDifferences.gradient(() -> small.det(at), at), small.detGrad(a).A(), "gradient at 4");
        ProgramInputs.Determinant d = ProgramInputs.determinant();
        DeterminantByHand byHand = new DeterminantByHand();
        double[] big = d.A().clone();
        DeterminantByHand.Grad g = byHand.detGrad(big);
        Agreement.assertClose(byHand.det(big), g.value(), "value at 32");
        Agreement.assertClose(CentralDifferences.gradient(() -> byHand.det(big), big), g.A(), "gradient at 32");
    }

    @Test
    void theReversedEliminationGivesTheGradientOfTheIdentityAndOfCentralDifferences() {
        // pivoting swaps rows at several columns here: the reversal must undo them on the multipliers too
        double[] a = {0, 2, -1, 0.5, 1, 3, 1, -2, 0.7, 1.2, 0.4, 2.2, -1.5, 0.3, 1.8, -0.9};
        DeterminantByHand small = new DeterminantByHand(4);
        DeterminantByHand.Grad reversed = small.detGradReversed(a);
        Agreement.assertClose(small.det(a), reversed.value(), "value at 4");
        Agreement.assertClose(small.detGrad(a).A(), reversed.A(), "det·A^-T at 4");
        double[] at = a.clone();
        Agreement.assertClose(CentralDifferences.gradient(() -> small.det(at), at), reversed.A(), "gradient at 4");
        // a zero pivot: det = 0, yet the gradient (the cofactors) is not; the identity cannot give it
        double[] singular = {1, 2, 3, 2, 4, 6, 1, 0, 1};
        DeterminantByHand three = new DeterminantByHand(3);
        double[] cofactors = {4 * 1 - 6 * 0, -(2 * 1 - 6 * 1), 2 * 0 - 4 * 1,
            -(2 * 1 - 3 * 0), 1 * 1 - 3 * 1, -(1 * 0 - 2 * 1),
            2 * 6 - 3 * 4, -(1 * 6 - 3 * 2), 1 * 4 - 2 * 2};
        Agreement.assertClose(cofactors, three.detGradReversed(singular).A(), "cofactors of a singular matrix");
        ProgramInputs.Determinant d = ProgramInputs.determinant();
        DeterminantByHand byHand = new DeterminantByHand();
        double[] big = d.A().clone();
        DeterminantByHand.Grad identity = byHand.detGrad(big);
        DeterminantByHand.Grad g = byHand.detGradReversed(big);
        Agreement.assertClose(identity.value(), g.value(), "value at 32");
        Agreement.assertClose(identity.A(), g.A(), "det·A^-T at 32");
        DeterminantByHand.Grad again = byHand.detGradReversed(big);
        Agreement.assertClose(g.A(), again.A(), "a second call on the same scratch");
    }

    @Test
    void theWholeRowReversalGivesTheColumnReversalsGradientAndCentralDifferences() {
        // pivoting swaps rows at several columns here: the whole-row reversal keeps its multipliers by column
        double[] a = {0, 2, -1, 0.5, 1, 3, 1, -2, 0.7, 1.2, 0.4, 2.2, -1.5, 0.3, 1.8, -0.9};
        DeterminantByHand small = new DeterminantByHand(4);
        DeterminantByHand.Grad rows = small.detGradReversedWholeRows(a);
        Agreement.assertClose(small.det(a), rows.value(), "value at 4");
        Agreement.assertClose(small.detGradReversed(a).A(), rows.A(), "column reversal at 4");
        double[] at = a.clone();
        Agreement.assertClose(CentralDifferences.gradient(() -> small.det(at), at), rows.A(), "gradient at 4");
        double[] singular = {1, 2, 3, 2, 4, 6, 1, 0, 1};
        DeterminantByHand three = new DeterminantByHand(3);
        Agreement.assertClose(three.detGradReversed(singular).A(), three.detGradReversedWholeRows(singular).A(),
                "cofactors of a singular matrix");
        ProgramInputs.Determinant d = ProgramInputs.determinant();
        DeterminantByHand byHand = new DeterminantByHand();
        double[] big = d.A().clone();
        DeterminantByHand.Grad g = byHand.detGradReversedWholeRows(big);
        Agreement.assertClose(byHand.det(big), g.value(), "value at 32");
        Agreement.assertClose(CentralDifferences.gradient(() -> byHand.det(big), big), g.A(), "gradient at 32");
        Agreement.assertClose(byHand.detGradReversed(big).A(), g.A(), "column reversal at 32");
        Agreement.assertClose(g.A(), byHand.detGradReversedWholeRows(big).A(), "a second call on the same scratch");
    }

    @Test
    void lstmGradientMatchesCentralDifferencesOnASpreadOfEntries() {
        ProgramInputs.Lstm d = ProgramInputs.lstm();
        LstmByHand byHand = new LstmByHand();
        LstmByHand.Grad g = byHand.lossGrad(d.Wx(), d.Wh(), d.b(), d.state0(), d.xs());
        Agreement.assertClose(byHand.loss(d.Wx(), d.Wh(), d.b(), d.state0(), d.xs()), g.value(), "value");
        double[][] params = {d.Wx().clone(), d.Wh().clone(), d.b().clone()};
        double[][] grads = {g.Wx(), g.Wh(), g.b()};
        double scale = 0;
        for (double[] gr : grads) {
            for (double v : gr) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        for (int p = 0; p < 3; p++) {
            double[] w = params[p];
            for (int i = p; i < w.length; i += 97) {
                double keep = w[i];
                double h = 1e-6;
                w[i] = keep + h;
                double up = byHand.loss(params[0], params[1], params[2], d.state0(), d.xs());
                w[i] = keep - h;
                double down = byHand.loss(params[0], params[1], params[2], d.state0(), d.xs());
                w[i] = keep;
                assertEquals((up - down) / (2 * h), grads[p][i], 1e-6 * scale, "parameter " + p + " entry " + i);
            }
        }
    }

    @Test
    void kMeansNewtonStepIsTheMinimumOfTheLoss() {
        ProgramInputs.KMeans d = ProgramInputs.kMeans();
        KMeansByHand byHand = new KMeansByHand();
        double[] step = byHand.newton(d.C(), d.X(), d.A());
        // the loss is quadratic in C, so the Newton step is its minimum: central differences of the loss there vanish
        double[] c = step.clone();
        double[] g = CentralDifferences.gradient(() -> byHand.loss(c, d.X(), d.A()), c);
        for (int i = 0; i < g.length; i++) {
            assertEquals(0, g[i], 1e-4, "gradient at the step, entry " + i);
        }
        // and the loss there is below the loss at the start
        org.junit.jupiter.api.Assertions.assertTrue(byHand.loss(step, d.X(), d.A()) < byHand.loss(d.C(), d.X(), d.A()));
        // the loss against its definition, with one centre moved
        double[] moved = d.C().clone();
        moved[3] += 0.5;
        double direct = 0;
        for (int p = 0; p < KMeansByHand.N; p++) {
            for (int q = 0; q < KMeansByHand.K; q++) {
                for (int j = 0; j < KMeansByHand.D; j++) {
                    double e = d.X()[p * KMeansByHand.D + j] - moved[q * KMeansByHand.D + j];
                    direct += d.A()[p * KMeansByHand.K + q] * e * e;
                }
            }
        }
        Agreement.assertClose(direct, byHand.loss(moved, d.X(), d.A()), "loss");
    }
}
