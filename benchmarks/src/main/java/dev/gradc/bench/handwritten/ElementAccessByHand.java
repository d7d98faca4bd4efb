package dev.gradc.bench.handwritten;

/**
 * The two loops of {@code bench/ElementAccess.grad} and their gradients as an expert writes them in Java: one
 * pass for the value, one fused reverse pass for the gradient, flat arrays, nothing allocated but the results
 * (and, for the recurrence, its states, which the reverse pass reads).
 */
public final class ElementAccessByHand {

    /** The value of {@code squares} and its gradient. */
    public record SquaresGrad(double value, double[] x) {
    }

    /** The value of {@code recurrence} and its gradient. */
    public record RecurrenceGrad(double value, double[] x, double a) {
    }

    private ElementAccessByHand() {
    }

    /** {@code sum of x[j]^2}. */
    public static double squares(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v * v;
        }
        return s;
    }

    /** The value and {@code d/dx[j] = 2 x[j]}, in one pass. */
    public static SquaresGrad squaresGrad(double[] x) {
        double s = 0;
        double[] g = new double[x.length];
        for (int j = 0; j < x.length; j++) {
            double v = x[j];
            s += v * v;
            g[j] = v + v;
        }
        return new SquaresGrad(s, g);
    }

    /** {@code sum(z)} with {@code z[0] = x[0]}, {@code z[i] = z[i-1] * a + x[i]}. */
    public static double recurrence(double[] x, double a) {
        double z = x[0];
        double s = z;
        for (int i = 1; i < x.length; i++) {
            z = z * a + x[i];
            s += z;
        }
        return s;
    }

    /**
     * The value and its gradient: with {@code zBar[i] = 1 + a * zBar[i+1]} (the adjoint of z[i] through every
     * later state), {@code d/dx[i] = zBar[i]} and {@code d/da = sum over i >= 1 of zBar[i] * z[i-1]}.
     */
    public static RecurrenceGrad recurrenceGrad(double[] x, double a) {
        int m = x.length;
        double[] z = new double[m];
        z[0] = x[0];
        double s = z[0];
        for (int i = 1; i < m; i++) {
            z[i] = z[i - 1] * a + x[i];
            s += z[i];
        }
        double[] g = new double[m];
        double zBar = 0;
        double aBar = 0;
        for (int i = m - 1; i >= 1; i--) {
            zBar = 1 + a * zBar;
            g[i] = zBar;
            aBar += zBar * z[i - 1];
        }
        g[0] = 1 + a * zBar;
        return new RecurrenceGrad(s, g, aBar);
    }
}
