package dev.gradc.bench.handwritten;

/**
 * The least-squares program of {@code bench/LeastSquares.grad}: half the squared residuals of the polynomial
 * {@code c[0] + c[1] t + ... + c[M-1] t^(M-1)} over N samples {@code (t[i], y[i])}, gradient with respect to
 * {@code c}. One pass over the samples: Horner's rule for the value, then the residual times the powers of
 * {@code t[i]} straight into the gradient, no array but the result.
 */
public final class LeastSquaresByHand {

    /** Samples. */
    public static final int N = 4096;
    /** Coefficients. */
    public static final int M = 8;

    /** The value and the adjoint of {@code c}. */
    public record Grad(double value, double[] c) {
    }

    private LeastSquaresByHand() {
    }

    /** ½ Σᵢ (y[i] − p(t[i]))². */
    public static double residuals(double[] c, double[] t, double[] y) {
        int m = c.length;
        double s = 0;
        for (int i = 0; i < t.length; i++) {
            double ti = t[i];
            double p = 0;
            for (int j = m - 1; j >= 0; j--) {
                p = p * ti + c[j];
            }
            double r = y[i] - p;
            s += r * r;
        }
        return 0.5 * s;
    }

    /** The value and −Σᵢ rᵢ t[i]^j for every j. */
    public static Grad residualsGrad(double[] c, double[] t, double[] y) {
        int m = c.length;
        double[] g = new double[m];
        double s = 0;
        for (int i = 0; i < t.length; i++) {
            double ti = t[i];
            double p = 0;
            for (int j = m - 1; j >= 0; j--) {
                p = p * ti + c[j];
            }
            double r = y[i] - p;
            s += r * r;
            double w = -r;
            for (int j = 0; j < m; j++) {
                g[j] += w;
                w *= ti;
            }
        }
        return new Grad(0.5 * s, g);
    }
}
