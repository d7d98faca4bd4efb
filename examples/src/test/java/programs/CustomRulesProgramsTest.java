package programs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import programs.OtherEngines.Real;
import special.Bessel;

/**
 * The programs with custom derivative rules and extern Java functions, from the classes the Maven plugin
 * generated and in the interpreter and on the tape: the rules' derivatives where they differ from the automatic
 * ones (clipping, overflow), and central differences where the rule is mathematics (the implicit function
 * theorem, Bessel functions).
 */
class CustomRulesProgramsTest {

    private static double clamp(double v) {
        return Math.max(-1, Math.min(1, v));
    }

    @Test
    void gradientClippingGivesTheClippedGradientNotTheAutomaticOne() {
        double[] w = {0.5, -1, 2};
        double[] x = {3, 0.2, -0.1};
        double t = -1;
        double r = 1.5 - 0.2 - 0.2 - t; // w·x - t = 2.1
        double[] automatic = {r * x[0], r * x[1], r * x[2]};
        double[] clipped = {clamp(automatic[0]), clamp(automatic[1]), clamp(automatic[2])};
        assertTrue(Math.abs(automatic[0]) > 1, "the first entry is clipped");
        assertArrayEquals(clipped, GradientClipping.lossGrad(3, w, x, t).w(), 1e-15);
        OtherEngines other = new OtherEngines("gradient_clipping.grad");
        Object[] args = {new Real(w, 3), new Real(x, 3), new Real(new double[] {t})};
        assertArrayEquals(clipped, other.interpreter("loss", Map.of("N", 3), args).gradient().get("w"), 1e-15);
        assertArrayEquals(clipped, other.tape("loss", Map.of("N", 3), args).gradient().get("w"), 1e-15);
        // the derivative used inside the program is clipped too: ten steps of clipped gradient descent
        double[] v = w.clone();
        for (int s = 0; s < 10; s++) {
            double p = -t;
            for (int i = 0; i < 3; i++) {
                p += v[i] * x[i];
            }
            for (int i = 0; i < 3; i++) {
                v[i] -= 0.1 * clamp(p * x[i]);
            }
        }
        assertArrayEquals(v, GradientClipping.train(3, w, x, t, 0.1, 10), 1e-14);
    }

    @Test
    void log1pexpRuleStaysFiniteWhereTheAutomaticDerivativeIsNaN() {
        assertEquals(800, Log1pExp.f(800), 0);
        assertEquals(1, Log1pExp.fGrad(800).x(), 0);
        assertEquals(0, Log1pExp.fGrad(-800).x(), 0);
        assertTrue(Double.isNaN(Log1pExp.naiveGrad(800).x()), "e^800 / (1 + e^800) is inf / inf");
        for (double x : new double[] {-3, 0, 0.7, 800, -800}) {
            double s = 1 / (1 + Math.exp(-x));
            assertEquals(s, Log1pExp.fGrad(x).x(), 1e-15);
            // the second derivative is the rule's derivative, sigmoid (1 - sigmoid): finite everywhere
            assertEquals(s * (1 - s), Log1pExp.fHessian(x).hessian()[0][0], 1e-15);
        }
        OtherEngines other = new OtherEngines("log1pexp.grad");
        Object[] at800 = {new Real(new double[] {800})};
        assertEquals(1, other.interpreter("f", Map.of(), at800).gradient().get("x")[0], 0);
        assertEquals(1, other.tape("f", Map.of(), at800).gradient().get("x")[0], 0);
    }

    private static final double[] A = {0.2, -0.3, 0.1, 0.4, 0.1, -0.2, -0.1, 0.3, 0.25};
    private static final double[] THETA = {0.5, -1, 0.3};
    private static final double[] TARGET = {0.1, 0.2, -0.3};

    @Test
    void fixedPointDerivativeByTheImplicitFunctionTheoremMatchesCentralDifferences() {
        double[] x = FixedPoint.equilibrium(3, A, THETA);
        for (int i = 0; i < 3; i++) {
            double z = THETA[i];
            for (int j = 0; j < 3; j++) {
                z += A[3 * i + j] * x[j];
            }
            assertEquals(Math.tanh(z), x[i], 1e-14, "a fixed point");
        }
        FixedPoint.Loss.Grad g = FixedPoint.lossGrad(3, A, THETA, TARGET);
        double h = 1e-6;
        for (int i = 0; i < 3; i++) {
            double[] up = THETA.clone();
            double[] down = THETA.clone();
            up[i] += h;
            down[i] -= h;
            double fd = (FixedPoint.loss(3, A, up, TARGET) - FixedPoint.loss(3, A, down, TARGET)) / (2 * h);
            assertEquals(fd, g.theta()[i], 1e-9, "theta " + i);
        }
        for (int k = 0; k < 9; k++) {
            double[] up = A.clone();
            double[] down = A.clone();
            up[k] += h;
            down[k] -= h;
            double fd = (FixedPoint.loss(3, up, THETA, TARGET) - FixedPoint.loss(3, down, THETA, TARGET)) / (2 * h);
            assertEquals(fd, g.A()[k], 1e-9, "A " + k);
        }
        OtherEngines other = new OtherEngines("fixed_point.grad");
        Object[] args = {new Real(A, 3, 3), new Real(THETA, 3), new Real(TARGET, 3)};
        assertArrayEquals(g.theta(), other.interpreter("loss", Map.of("N", 3), args).gradient().get("theta"), 1e-14);
        assertArrayEquals(g.theta(), other.tape("loss", Map.of("N", 3), args).gradient().get("theta"), 1e-14);
    }

    @Test
    void fixedPointGradientSolvesOnceAndNeverReversesTheLoop() throws IOException {
        String generated = Files.readString(Path.of("target/generated-sources/gradc/programs/FixedPoint.java"));
        // reversing the while loop would keep its iterations on stacks; the rule needs none
        assertFalse(generated.contains("Stack"), "no kept iterations in FixedPoint.java");
        assertTrue(generated.contains("Lu.factor("), "one LU solve per rule");
    }

    private static final double[] ANGLES = {0.3, 0.5, -0.2, 1.1, 0.4, 0.0, 0.9, 0.35};

    @Test
    void vonMisesGradientAndHessianThroughTheBesselRules() {
        double mu = 0.2;
        double kappa = 1.7;
        int n = ANGLES.length;
        VonMises.Nll.Grad g = VonMises.nllGrad(n, mu, kappa, ANGLES);
        double c = 0;
        double s = 0;
        for (double a : ANGLES) {
            c += Math.cos(a - mu);
            s += Math.sin(a - mu);
        }
        // closed forms: d/dmu = -kappa Σ sin(a - mu), d/dkappa = n I1/I0 - Σ cos(a - mu)
        assertEquals(-kappa * s, g.mu(), 1e-12);
        assertEquals(n * Bessel.i1(kappa) / Bessel.i0(kappa) - c, g.kappa(), 1e-12);
        double h = 1e-5;
        double[][] hess = VonMises.nllHessian(n, mu, kappa, ANGLES).hessian();
        VonMises.Nll.Grad up = VonMises.nllGrad(n, mu, kappa + h, ANGLES);
        VonMises.Nll.Grad down = VonMises.nllGrad(n, mu, kappa - h, ANGLES);
        assertEquals((up.kappa() - down.kappa()) / (2 * h), hess[1][1], 1e-7);
        assertEquals((up.mu() - down.mu()) / (2 * h), hess[0][1], 1e-7);
        OtherEngines other = new OtherEngines("von_mises.grad");
        Object[] args = {new Real(new double[] {mu}), new Real(new double[] {kappa}), new Real(ANGLES, n)};
        assertEquals(g.kappa(), other.interpreter("nll", Map.of("N", n), args).gradient().get("kappa")[0], 1e-13);
        assertEquals(g.kappa(), other.tape("nll", Map.of("N", n), args).gradient().get("kappa")[0], 1e-13);
    }

    @Test
    void newtonWithTheGeneratedHessianFindsTheMaximumLikelihoodFit() {
        int n = ANGLES.length;
        double c0 = 0;
        double s0 = 0;
        for (double a : ANGLES) {
            c0 += Math.cos(a);
            s0 += Math.sin(a);
        }
        // start where Newton converges: mu near the circular mean, kappa from the large-kappa approximation
        // 1 / (2 (1 - Rbar)); from far away plain Newton on this non-convex likelihood can leave the basin
        double mu = Math.atan2(s0, c0) + 0.1;
        double kappa = 1 / (2 * (1 - Math.hypot(s0, c0) / n));
        for (int step = 0; step < 30; step++) {
            VonMises.Nll.Grad g = VonMises.nllGrad(n, mu, kappa, ANGLES);
            double[][] hm = VonMises.nllHessian(n, mu, kappa, ANGLES).hessian();
            double det = hm[0][0] * hm[1][1] - hm[0][1] * hm[1][0];
            mu -= (hm[1][1] * g.mu() - hm[0][1] * g.kappa()) / det;
            kappa -= (hm[0][0] * g.kappa() - hm[1][0] * g.mu()) / det;
        }
        double c = 0;
        double s = 0;
        for (double a : ANGLES) {
            c += Math.cos(a);
            s += Math.sin(a);
        }
        // the maximum-likelihood estimates: mu is the circular mean, and A(kappa) = I1/I0 = mean resultant length
        assertEquals(Math.atan2(s, c), mu, 1e-12);
        assertEquals(Math.hypot(s, c) / n, Bessel.i1(kappa) / Bessel.i0(kappa), 1e-12);
    }
}
