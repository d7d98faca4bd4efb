package dev.gradc.bench.handwritten;

/** {@code poly(x) = x^3 + 2x^2 - 5x + 1} and its derivative {@code 3x^2 + 4x - 5}, by Horner's rule. */
public final class PolyByHand {

    /** The value and the derivative with respect to {@code x}. */
    public record Grad(double value, double x) {
    }

    private PolyByHand() {
    }

    /** The value. */
    public static double poly(double x) {
        return ((x + 2) * x - 5) * x + 1;
    }

    /** The value and its derivative. */
    public static Grad polyGrad(double x) {
        double value = ((x + 2) * x - 5) * x + 1;
        double dx = (3 * x + 4) * x - 5;
        return new Grad(value, dx);
    }
}
