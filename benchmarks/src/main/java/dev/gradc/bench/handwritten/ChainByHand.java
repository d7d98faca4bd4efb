package dev.gradc.bench.handwritten;

/**
 * The multi-path chain rule: {@code f = (u + v)^2}, {@code u = (a + b)^2}, {@code v = (a - b)^2},
 * {@code a = (w + x + y + z)^2}, {@code b = (w + x - y - z)^2}.
 */
public final class ChainByHand {

    /** The value and the partial derivatives with respect to {@code w, x, y, z}. */
    public record Grad(double value, double w, double x, double y, double z) {
    }

    private ChainByHand() {
    }

    /** The value. */
    public static double chain(double w, double x, double y, double z) {
        double p = w + x + y + z;
        double q = w + x - y - z;
        double a = p * p;
        double b = q * q;
        double s = a + b;
        double d = a - b;
        double u = s * s;
        double v = d * d;
        double f = u + v;
        return f * f;
    }

    /** The value and its gradient; {@code w} and {@code x} (and {@code y} and {@code z}) share an adjoint. */
    public static Grad chainGrad(double w, double x, double y, double z) {
        double p = w + x + y + z;
        double q = w + x - y - z;
        double a = p * p;
        double b = q * q;
        double s = a + b;
        double d = a - b;
        double u = s * s;
        double v = d * d;
        double f = u + v;
        // fBar = 2f; uBar = vBar = fBar; sBar = 2s·uBar; dBar = 2d·vBar.
        double fBar = 2 * f;
        double sBar = 2 * s * fBar;
        double dBar = 2 * d * fBar;
        double aBar = sBar + dBar;
        double bBar = sBar - dBar;
        double pBar = 2 * p * aBar;
        double qBar = 2 * q * bBar;
        double plus = pBar + qBar;
        double minus = pBar - qBar;
        return new Grad(f * f, plus, plus, minus, minus);
    }
}
