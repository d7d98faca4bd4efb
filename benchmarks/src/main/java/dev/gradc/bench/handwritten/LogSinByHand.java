package dev.gradc.bench.handwritten;

/** {@code logsin(x) = log(x^2) sin(x) + 1/x}, derivative {@code 2/x sin(x) + log(x^2) cos(x) - 1/x^2}. */
public final class LogSinByHand {

    /** The value and the derivative with respect to {@code x}. */
    public record Grad(double value, double x) {
    }

    private LogSinByHand() {
    }

    /** The value. */
    public static double logsin(double x) {
        return Math.log(x * x) * Math.sin(x) + 1 / x;
    }

    /** The value and its derivative, sharing log, sin and 1/x between the two. */
    public static Grad logsinGrad(double x) {
        double l = Math.log(x * x);
        double s = Math.sin(x);
        double c = Math.cos(x);
        double r = 1 / x;
        return new Grad(l * s + r, 2 * r * s + l * c - r * r);
    }
}
