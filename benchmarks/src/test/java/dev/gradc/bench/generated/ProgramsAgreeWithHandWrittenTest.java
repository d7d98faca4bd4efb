package dev.gradc.bench.generated;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.bench.ProgramInputs;
import dev.gradc.bench.handwritten.DeterminantByHand;
import dev.gradc.bench.handwritten.LeastSquaresByHand;
import dev.gradc.bench.handwritten.LstmByHand;
import dev.gradc.bench.handwritten.Rk4ByHand;
import org.junit.jupiter.api.Test;

/**
 * The code gradc generated from the four array programs computes what their hand-written baselines compute,
 * value and gradient, on the benchmarks' own inputs and sizes: 1e-12 relative to the largest entry.
 */
class ProgramsAgreeWithHandWrittenTest {

    private static final double RELATIVE = 1e-12;

    private static void close(double expected, double actual, String what) {
        assertEquals(expected, actual, RELATIVE * Math.max(Math.abs(expected), 1e-300), what);
    }

    private static void close(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], RELATIVE * scale, what + "[" + i + "]");
        }
    }

    @Test
    void leastSquares() {
        ProgramInputs.LeastSquares d = ProgramInputs.leastSquares();
        int n = LeastSquaresByHand.N;
        int m = LeastSquaresByHand.M;
        LeastSquaresByHand.Grad want = LeastSquaresByHand.residualsGrad(d.c(), d.t(), d.y());
        close(LeastSquaresByHand.residuals(d.c(), d.t(), d.y()), bench.LeastSquares.residuals(n, m, d.c(), d.t(), d.y()),
                "value");
        var got = bench.LeastSquares.residualsGrad(n, m, d.c(), d.t(), d.y());
        close(want.value(), got.value(), "grad value");
        close(want.c(), got.c(), "c");
    }

    @Test
    void lstm() {
        ProgramInputs.Lstm d = ProgramInputs.lstm();
        var got = bench.Lstm.lossGrad(LstmByHand.G, LstmByHand.LAYERS, LstmByHand.H, LstmByHand.T, d.Wx(), d.Wh(),
                d.b(), d.state0(), d.xs());
        lstmAgrees(d, bench.Lstm.loss(LstmByHand.G, LstmByHand.LAYERS, LstmByHand.H, LstmByHand.T, d.Wx(), d.Wh(),
                d.b(), d.state0(), d.xs()), got.value(), got.Wx(), got.Wh(), got.b());
    }

    /** The LSTM specialised to the benchmark's sizes ({@code bench.LstmFixed}) against the hand-written LSTM. */
    @Test
    void lstmSpecialised() {
        ProgramInputs.Lstm d = ProgramInputs.lstm();
        int g = LstmByHand.G;
        int l = LstmByHand.LAYERS;
        int t = LstmByHand.T;
        var got = bench.LstmFixed.lossGrad(g, l, LstmByHand.H, t, d.Wx(), d.Wh(), d.b(), d.state0(), d.xs());
        lstmAgrees(d, bench.LstmFixed.loss(g, l, LstmByHand.H, t, d.Wx(), d.Wh(), d.b(), d.state0(), d.xs()),
                got.value(), got.Wx(), got.Wh(), got.b());
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> bench.LstmFixed.lossGrad(g, l, 8, t, d.Wx(), d.Wh(), d.b(), d.state0(), d.xs()));
        org.junit.jupiter.api.Assertions.assertEquals("size 'H' is 8, but this class is specialised to H=16",
                e.getMessage());
    }

    /** A generated LSTM's value and gradient (either class) against the hand-written LSTM's, to 1e-12. */
    private static void lstmAgrees(ProgramInputs.Lstm d, double value, double gradValue, double[] wx, double[] wh,
                                   double[] b) {
        LstmByHand byHand = new LstmByHand();
        close(byHand.loss(d.Wx(), d.Wh(), d.b(), d.state0(), d.xs()), value, "value");
        LstmByHand.Grad want = byHand.lossGrad(d.Wx(), d.Wh(), d.b(), d.state0(), d.xs());
        close(want.value(), gradValue, "grad value");
        close(want.Wx(), wx, "Wx");
        close(want.Wh(), wh, "Wh");
        close(want.b(), b, "b");
    }

    @Test
    void determinant() {
        ProgramInputs.Determinant d = ProgramInputs.determinant();
        DeterminantByHand byHand = new DeterminantByHand();
        int n = DeterminantByHand.N;
        close(byHand.det(d.A()), bench.Determinant.elimination(n, d.A()), "value");
        DeterminantByHand.Grad want = byHand.detGrad(d.A());
        var got = bench.Determinant.eliminationGrad(n, d.A());
        close(want.value(), got.value(), "grad value");
        close(want.A(), got.A(), "A");
        close(byHand.detGradReversed(d.A()).A(), got.A(), "A, against the elimination reversed by hand");
        close(byHand.detGradReversedWholeRows(d.A()).A(), got.A(), "A, against the whole-row elimination reversed by hand");
    }

    @Test
    void determinantByEntries() {
        ProgramInputs.Determinant d = ProgramInputs.determinant();
        DeterminantByHand byHand = new DeterminantByHand();
        int n = DeterminantByHand.N;
        close(byHand.det(d.A()), bench.Determinant.eliminationByEntries(n, d.A()), "value");
        DeterminantByHand.Grad want = byHand.detGrad(d.A());
        var got = bench.Determinant.eliminationByEntriesGrad(n, d.A());
        close(want.value(), got.value(), "grad value");
        close(want.A(), got.A(), "A");
        close(byHand.detGradReversed(d.A()).A(), got.A(), "A, against the elimination reversed by hand");
    }

    @Test
    void rk4() {
        ProgramInputs.Rk4 d = ProgramInputs.rk4();
        Rk4ByHand byHand = new Rk4ByHand();
        int n = Rk4ByHand.N;
        close(byHand.last(d.x(), d.steps(), d.tf()), bench.Rk4.last(n, d.x(), d.steps(), d.tf()), "value");
        Rk4ByHand.Grad want = byHand.lastGrad(d.x(), d.steps(), d.tf());
        var got = bench.Rk4.lastGrad(n, d.x(), d.steps(), d.tf());
        close(want.value(), got.value(), "grad value");
        close(want.x(), got.x(), "x");
    }

    @Test
    void kMeans() {
        ProgramInputs.KMeans d = ProgramInputs.kMeans();
        var byHand = new dev.gradc.bench.handwritten.KMeansByHand();
        int n = dev.gradc.bench.handwritten.KMeansByHand.N;
        int k = dev.gradc.bench.handwritten.KMeansByHand.K;
        int dim = dev.gradc.bench.handwritten.KMeansByHand.D;
        close(byHand.loss(d.C(), d.X(), d.A()), bench.KMeans.loss(n, k, dim, d.C(), d.X(), d.A()), "value");
        close(byHand.newton(d.C(), d.X(), d.A()), bench.KMeans.newton(n, k, dim, d.C(), d.X(), d.A()), "Newton step");
    }
}
