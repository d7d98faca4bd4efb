package dev.gradc.bench;

import java.util.function.DoubleSupplier;
import java.util.function.DoubleUnaryOperator;

/**
 * Central finite differences, {@code (f(x + h) - f(x - h)) / 2h}, the derivative of last resort:
 * two evaluations of the value per parameter entry. Used as a benchmark (what a gradient saves) and by
 * the tests as independent truth for the hand-written gradients.
 *
 * <p>The step is {@code h = ∛ε · max(1, |x|)} (about 6e-6 for |x| ≤ 1), which balances the O(h²)
 * truncation error against the O(ε/h) rounding error, and is made exactly representable as
 * {@code (x + h) - x} so that the denominator is the step actually taken.
 */
public final class CentralDifferences {

    private static final double CBRT_EPSILON = Math.cbrt(Math.ulp(1.0));

    private CentralDifferences() {
    }

    /** The derivative of a scalar function at {@code x}. */
    public static double derivative(DoubleUnaryOperator f, double x) {
        double h = step(x);
        return (f.applyAsDouble(x + h) - f.applyAsDouble(x - h)) / (2 * h);
    }

    /**
     * The partial derivatives of {@code f} with respect to every entry of {@code params}, which
     * {@code f} reads: each entry is moved by ±h in place, {@code f} evaluated, and the entry restored
     * exactly.
     */
    public static double[] gradient(DoubleSupplier f, double[] params) {
        return gradient(f, params, 0, params.length);
    }

    /** As {@link #gradient(DoubleSupplier, double[])}, for the entries {@code from} (inclusive) to {@code to}. */
    public static double[] gradient(DoubleSupplier f, double[] params, int from, int to) {
        double[] result = new double[to - from];
        for (int i = from; i < to; i++) {
            double x = params[i];
            double h = step(x);
            params[i] = x + h;
            double up = f.getAsDouble();
            params[i] = x - h;
            double down = f.getAsDouble();
            params[i] = x;
            result[i - from] = (up - down) / (2 * h);
        }
        return result;
    }

    private static double step(double x) {
        double h = CBRT_EPSILON * Math.max(1.0, Math.abs(x));
        return (x + h) - x;
    }
}
