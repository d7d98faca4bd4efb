package dev.gradc.runtime;

import java.math.BigDecimal;
import java.math.MathContext;

/** Reference values in 60-digit decimal arithmetic, and the ulp distance of a double from them. */
final class ExactMath {

    static final MathContext MC = new MathContext(60);
    private static final BigDecimal TWO = BigDecimal.valueOf(2);
    private static final BigDecimal REDUCED = new BigDecimal("0.0001");

    private ExactMath() {
    }

    /** e^x by halving until small, a Taylor series, then squaring back. */
    static BigDecimal exp(double x) {
        BigDecimal r = new BigDecimal(x);
        int halvings = 0;
        while (r.abs().compareTo(REDUCED) > 0) {
            r = r.divide(TWO, MC);
            halvings++;
        }
        BigDecimal sum = BigDecimal.ONE;
        BigDecimal term = BigDecimal.ONE;
        for (int k = 1; k < 25; k++) {
            term = term.multiply(r, MC).divide(BigDecimal.valueOf(k), MC);
            sum = sum.add(term, MC);
        }
        for (int i = 0; i < halvings; i++) {
            sum = sum.multiply(sum, MC);
        }
        return sum;
    }

    /** tanh x = (e^2x - 1)/(e^2x + 1); precise for |x| above about 1e-20. */
    static BigDecimal tanh(double x) {
        BigDecimal e = exp(2 * x);
        return e.subtract(BigDecimal.ONE).divide(e.add(BigDecimal.ONE), MC);
    }

    /** 1/(1 + e^-x). */
    static BigDecimal sigmoid(double x) {
        return BigDecimal.ONE.divide(BigDecimal.ONE.add(exp(-x)), MC);
    }

    /** |got - exact| in units of ulp(got). */
    static double ulpError(double got, BigDecimal exact) {
        BigDecimal err = new BigDecimal(got).subtract(exact, MC).abs();
        return err.divide(new BigDecimal(Math.ulp(got)), MC).doubleValue();
    }

    /** The number of doubles between a and b (0 when equal, ±0.0 counted as one value). */
    static long ulpDistance(double a, double b) {
        return Math.abs(ordered(a) - ordered(b));
    }

    private static long ordered(double d) {
        long bits = Double.doubleToRawLongBits(d);
        return bits < 0 ? Long.MIN_VALUE - bits : bits;
    }
}
