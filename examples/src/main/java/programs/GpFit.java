package programs;

import java.util.Arrays;
import java.util.Random;

/**
 * Fits the hyperparameters of {@link GaussianProcess} (log lengthscale, log signal variance, log noise
 * variance) by BFGS with a backtracking (Armijo) line search on the generated gradient {@code nlmlGrad},
 * on noisy samples of sin(3x); prints the path and the fitted model's prediction.
 *
 * <pre>mvn -q -pl examples compile exec:java -Dexec.mainClass=programs.GpFit</pre>
 */
public final class GpFit {

    private GpFit() {
    }

    /** n inputs spread over [0, 3] with y = sin(3x) + N(0, 0.1²) noise, seeded: {x, y}. */
    public static double[][] data(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 3.0 * (i + 0.5 * r.nextDouble()) / n;
            y[i] = Math.sin(3 * x[i]) + 0.1 * r.nextGaussian();
        }
        return new double[][] {x, y};
    }

    /**
     * BFGS from {@code theta} for at most {@code steps} steps, stopping when the gradient's norm is below
     * {@code tolerance}: the inverse-Hessian estimate (3 × 3) starts as the identity and is updated from each
     * step and change of gradient; each step's length is halved from 1 until the objective falls by at
     * least 10⁻⁴ of the predicted decrease (Armijo). Returns the last theta.
     */
    public static double[] fit(double[] theta, double[] x, double[] y, int steps, double tolerance, boolean print) {
        int n = x.length;
        double[] t = theta.clone();
        double[] h = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        double f = GaussianProcess.nlml(n, t, x, y);
        double[] g = GaussianProcess.nlmlGrad(n, t, x, y).theta();
        for (int s = 0; s < steps && norm(g) >= tolerance; s++) {
            if (print) {
                System.out.printf("step %3d  nlml %.8f  theta %s  |grad| %.2e%n", s, f, Arrays.toString(t), norm(g));
            }
            double[] p = new double[3];
            for (int i = 0; i < 3; i++) {
                p[i] = -(h[3 * i] * g[0] + h[3 * i + 1] * g[1] + h[3 * i + 2] * g[2]);
            }
            double slope = p[0] * g[0] + p[1] * g[1] + p[2] * g[2];
            if (slope >= 0) { // not a descent direction: restart from the gradient
                h = new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1};
                p = new double[] {-g[0], -g[1], -g[2]};
                slope = -norm(g) * norm(g);
            }
            double rate = 1;
            double[] next = {t[0] + p[0], t[1] + p[1], t[2] + p[2]};
            double fNext = GaussianProcess.nlml(n, next, x, y);
            while (!(fNext <= f + 1e-4 * rate * slope) && rate > 1e-12) {
                rate /= 2;
                next = new double[] {t[0] + rate * p[0], t[1] + rate * p[1], t[2] + rate * p[2]};
                fNext = GaussianProcess.nlml(n, next, x, y);
            }
            double[] gNext = GaussianProcess.nlmlGrad(n, next, x, y).theta();
            h = update(h, new double[] {next[0] - t[0], next[1] - t[1], next[2] - t[2]},
                    new double[] {gNext[0] - g[0], gNext[1] - g[1], gNext[2] - g[2]});
            t = next;
            f = fNext;
            g = gNext;
        }
        return t;
    }

    /** The BFGS update of the inverse Hessian H from a step s and the gradient's change y (skipped if yᵀs ≤ 0). */
    private static double[] update(double[] h, double[] s, double[] y) {
        double ys = y[0] * s[0] + y[1] * s[1] + y[2] * s[2];
        if (ys <= 1e-300) {
            return h;
        }
        double rho = 1 / ys;
        double[] out = new double[9];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                double v = 0;
                for (int a = 0; a < 3; a++) {
                    for (int b = 0; b < 3; b++) {
                        v += ((i == a ? 1 : 0) - rho * s[i] * y[a]) * h[3 * a + b] * ((b == j ? 1 : 0) - rho * y[b] * s[j]);
                    }
                }
                out[3 * i + j] = v + rho * s[i] * s[j];
            }
        }
        return out;
    }

    private static double norm(double[] g) {
        return Math.sqrt(g[0] * g[0] + g[1] * g[1] + g[2] * g[2]);
    }

    public static void main(String[] args) {
        double[][] xy = data(16, 5);
        double[] theta = fit(new double[] {0, 0, 0}, xy[0], xy[1], 100, 1e-8, true);
        System.out.printf("lengthscale %.4f, signal sd %.4f, noise sd %.4f%n", Math.exp(theta[0]),
                Math.exp(theta[1] / 2), Math.exp(theta[2] / 2));
        double[] xs = {0.25, 1.0, 2.0, 2.75};
        double[] mean = GaussianProcess.predict(xy[0].length, xs.length, theta, xy[0], xy[1], xs);
        for (int i = 0; i < xs.length; i++) {
            System.out.printf("x = %.2f: posterior mean %.4f, sin(3x) = %.4f%n", xs[i], mean[i], Math.sin(3 * xs[i]));
        }
    }
}
