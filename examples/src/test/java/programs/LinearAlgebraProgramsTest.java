package programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The programs built on the matrix functions — Gaussian-process regression, the ADBench Gaussian mixture,
 * a Kalman filter — from the classes the Maven plugin generated: values against independent Java
 * computations (naive elimination, the batch Gaussian likelihood, ADBench's loops), gradients against
 * central differences, the three engines against each other, and the fitted GP against a grid search.
 */
class LinearAlgebraProgramsTest {

    @Test
    void gaussianProcessLikelihoodAndItsGradient() {
        double[][] xy = GpFit.data(12, 5);
        double[] x = xy[0];
        double[] y = xy[1];
        int n = x.length;
        for (double[] theta : new double[][] {{0, 0, 0}, {-0.7, 0.4, -3}, {0.5, -1, -1.2}}) {
            assertEquals(Naive.gpNlml(theta, x, y), GaussianProcess.nlml(n, theta, x, y), 1e-11);
            double[] g = GaussianProcess.nlmlGrad(n, theta, x, y).theta();
            assertCentral(g, theta, t -> GaussianProcess.nlml(n, t, x, y), "GP theta " + java.util.Arrays.toString(theta));
        }
    }

    @Test
    void bfgsOnTheGeneratedGradientFindsTheGridSearchOptimum() {
        double[][] xy = GpFit.data(16, 5);
        double[] x = xy[0];
        double[] y = xy[1];
        int n = x.length;
        double step = 0.1;
        double best = Double.POSITIVE_INFINITY;
        double[] arg = null;
        for (double a = -2; a <= 1; a += step) {
            for (double b = -2; b <= 2; b += step) {
                for (double c = -6.5; c <= -1.5; c += step) {
                    double f = GaussianProcess.nlml(n, new double[] {a, b, c}, x, y);
                    if (f < best) {
                        best = f;
                        arg = new double[] {a, b, c};
                    }
                }
            }
        }
        double[] fit = GpFit.fit(new double[] {0, 0, 0}, x, y, 100, 1e-8, false);
        double f = GaussianProcess.nlml(n, fit, x, y);
        assertTrue(f <= best + 1e-12, "the fit " + f + " is no better than the grid's best " + best);
        assertTrue(best - f < 0.05, "the grid's best is far from the fit: " + best + " vs " + f);
        for (int i = 0; i < 3; i++) {
            assertEquals(arg[i], fit[i], step, "theta[" + i + "] of the fit against the grid's");
        }
        double[] g = GaussianProcess.nlmlGrad(n, fit, x, y).theta();
        assertEquals(0, Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]), 1e-6, "the gradient at the fit");
    }

    @Test
    void kalmanFilterLikelihoodIsTheBatchGaussianLikelihood() {
        double[] a = {0.9, 0.15, -0.25, 0.8};
        double[] logq = {-1.2, -2};
        double[] logr = {-0.5};
        double[] h = {1, 0.5};
        double[] ys = {0.3, 0.1, -0.4, 0.5, 0.2, -0.1, 0.05};
        double[] m0 = {0.1, -0.2};
        int t = ys.length;
        assertEquals(Naive.batchGaussian(a, logq, logr, h, ys, m0), KalmanFilter.loglik(t, 2, 1, a, logq, logr, h, ys, m0), 1e-11);
        KalmanFilter.Loglik.Grad g = KalmanFilter.loglikGrad(t, 2, 1, a, logq, logr, h, ys, m0);
        assertCentral(g.A(), a, v -> KalmanFilter.loglik(t, 2, 1, v, logq, logr, h, ys, m0), "Kalman A");
        assertCentral(g.logq(), logq, v -> KalmanFilter.loglik(t, 2, 1, a, v, logr, h, ys, m0), "Kalman logq");
        assertCentral(g.logr(), logr, v -> KalmanFilter.loglik(t, 2, 1, a, logq, v, h, ys, m0), "Kalman logr");
    }

    @Test
    void gmmObjectiveAndGradientAtTwoTenAndTwentyDimensions() {
        for (int d : new int[] {2, 10, 20}) {
            GmmCase c = GmmCase.random(7, 3, d, 40 + d);
            assertEquals(Naive.gmm(c), c.value(), 1e-10 * Math.abs(c.value()), "d = " + d);
            Gmm.Objective.Grad g = c.gradient();
            int stride = d == 20 ? 7 : 1;
            assertCentral(g.alphas(), c.alphas, v -> c.with(v, c.means, c.qs, c.ls).value(), "GMM alphas, d = " + d);
            assertCentral(g.means(), c.means, v -> c.with(c.alphas, v, c.qs, c.ls).value(), "GMM means, d = " + d);
            assertCentral(g.qs(), c.qs, v -> c.with(c.alphas, c.means, v, c.ls).value(), "GMM qs, d = " + d);
            assertCentral(g.ls(), c.ls, v -> c.with(c.alphas, c.means, c.qs, v).value(), "GMM ls, d = " + d, stride);
        }
    }

    @Test
    void theInterpreterAndTheTapeAgreeWithTheGeneratedClasses() {
        double[] theta = {0.1, 0.2, -1.5};
        double[] x = {0, 0.5, 1, 1.5, 2.3};
        double[] y = {0.1, 0.6, 0.8, 1.1, 0.7};
        OtherEngines gp = new OtherEngines("gaussian_process.grad");
        Object[] gpArgs = {new OtherEngines.Real(theta, 3), new OtherEngines.Real(x, 5), new OtherEngines.Real(y, 5)};
        for (OtherEngines.Answer a : new OtherEngines.Answer[] {gp.interpreter("nlml", Map.of("N", 5), gpArgs),
                gp.tape("nlml", Map.of("N", 5), gpArgs)}) {
            assertEquals(GaussianProcess.nlml(5, theta, x, y), a.value(), 1e-12);
            close(GaussianProcess.nlmlGrad(5, theta, x, y).theta(), a.gradient().get("theta"), "GP theta");
        }
        double[] am = {0.9, 0.1, -0.2, 0.8};
        double[] logq = {-1, -2};
        double[] logr = {-0.5};
        double[] h = {1, 0.5};
        double[] ys = {0.3, 0.1, -0.4, 0.5};
        double[] m0 = {0.1, 0};
        OtherEngines kf = new OtherEngines("kalman_filter.grad");
        Map<String, Integer> kfSizes = Map.of("T", 4, "S", 2, "P", 1);
        Object[] kfArgs = {new OtherEngines.Real(am, 2, 2), new OtherEngines.Real(logq, 2), new OtherEngines.Real(logr, 1),
            new OtherEngines.Real(h, 1, 2), new OtherEngines.Real(ys, 4, 1), new OtherEngines.Real(m0, 2)};
        KalmanFilter.Loglik.Grad kg = KalmanFilter.loglikGrad(4, 2, 1, am, logq, logr, h, ys, m0);
        for (OtherEngines.Answer a : new OtherEngines.Answer[] {kf.interpreter("loglik", kfSizes, kfArgs),
                kf.tape("loglik", kfSizes, kfArgs)}) {
            assertEquals(kg.value(), a.value(), 1e-12);
            close(kg.A(), a.gradient().get("A"), "Kalman A");
            close(kg.logq(), a.gradient().get("logq"), "Kalman logq");
            close(kg.logr(), a.gradient().get("logr"), "Kalman logr");
        }
        GmmCase c = GmmCase.random(5, 2, 3, 9);
        OtherEngines gmm = new OtherEngines("gmm.grad");
        Map<String, Integer> gmmSizes = Map.of("N", 5, "K", 2, "D", 3, "KD", 6);
        Object[] gmmArgs = {new OtherEngines.Real(c.alphas, 2), new OtherEngines.Real(c.means, 2, 3),
            new OtherEngines.Real(c.qs, 2, 3), new OtherEngines.Real(c.ls, 6, 3), new OtherEngines.Real(c.x, 5, 3),
            new OtherEngines.Real(new double[] {c.gamma}), new OtherEngines.Real(new double[] {c.m})};
        Gmm.Objective.Grad gg = c.gradient();
        for (OtherEngines.Answer a : new OtherEngines.Answer[] {gmm.interpreter("objective", gmmSizes, gmmArgs),
                gmm.tape("objective", gmmSizes, gmmArgs)}) {
            assertEquals(gg.value(), a.value(), 1e-12 * Math.abs(gg.value()));
            close(gg.alphas(), a.gradient().get("alphas"), "GMM alphas");
            close(gg.means(), a.gradient().get("means"), "GMM means");
            close(gg.qs(), a.gradient().get("qs"), "GMM qs");
            close(gg.ls(), a.gradient().get("ls"), "GMM ls");
        }
    }

    private static void close(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-11 * Math.max(1, Math.abs(expected[i])), what + "[" + i + "]");
        }
    }

    static void assertCentral(double[] gradient, double[] at, ToDoubleFunction<double[]> f, String what) {
        assertCentral(gradient, at, f, what, 1);
    }

    /** Every {@code stride}-th entry of the gradient against a central difference with step 1e-6. */
    static void assertCentral(double[] gradient, double[] at, ToDoubleFunction<double[]> f, String what, int stride) {
        assertEquals(at.length, gradient.length, what);
        for (int i = 0; i < at.length; i += stride) {
            double[] up = at.clone();
            double[] down = at.clone();
            up[i] += 1e-6;
            down[i] -= 1e-6;
            double fd = (f.applyAsDouble(up) - f.applyAsDouble(down)) / 2e-6;
            assertEquals(fd, gradient[i], 2e-6 * Math.max(1, Math.abs(fd)), what + "[" + i + "]");
        }
    }
}
