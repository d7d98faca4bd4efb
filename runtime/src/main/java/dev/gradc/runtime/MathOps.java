package dev.gradc.runtime;

/**
 * The one definition of every elementwise function of the language, called by generated code, the
 * compiler's interpreter and the tape alike, so that all engines agree bit for bit.
 *
 * <p>{@code exp log sqrt sin cos tan abs pow min max} are the {@link Math} methods (intrinsics on
 * HotSpot). {@code tanh} and {@code sigmoid} are written here on top of {@link Math#exp}, because
 * {@link Math#tanh} is {@link StrictMath} on JDK 17 and several times slower.
 *
 * <p>Kink choices, the same in every engine: {@code relu'(0) = step(0) = 0}; {@code abs'(0) =
 * sign(0) = 0}; {@code sqrt'(0) = +Inf} and {@code log'(0) = +Inf} (IEEE); {@code min} and {@code max}
 * send the adjoint to their first argument on a tie.
 */
public final class MathOps {

    /** Below this magnitude tanh(x) rounds to x. */
    private static final double TANH_TINY = 0x1p-28;
    /** Below this magnitude the rational approximation is used; above it the exp form does not cancel. */
    private static final double TANH_SMALL = 0.625;
    /** From this magnitude on, tanh(x) rounds to ±1 (1 - tanh(x) < 2^-54 from about 19.06). */
    private static final double TANH_ONE = 22.0;

    // Cephes' minimax rational for tanh on |x| < 0.625: tanh x = x + x·s·P(s)/Q(s), s = x².
    private static final double P0 = -9.64399179425052238628e-1;
    private static final double P1 = -9.92877231001918586564e1;
    private static final double P2 = -1.61468768441708447952e3;
    private static final double Q0 = 1.12811678491632931402e2;
    private static final double Q1 = 2.23548839060100448583e3;
    private static final double Q2 = 4.84406305325125486048e3;

    private MathOps() {
    }

    /**
     * The logistic function 1/(1 + e^-x), within 2 ulp of the exact value and never overflowing:
     * with e = e^-|x| it is 1/(1 + e) for x &ge; 0 and e/(1 + e) for x &lt; 0 (so sigmoid(-700) is about
     * 1e-304, not 0), and the rounding error of 1 + e is corrected. Derivative y(1 - y).
     */
    public static double sigmoid(double x) {
        double e = Math.exp(-Math.abs(x));
        double d = 1 + e;
        double lost = (1 - d) + e; // 1 + e = d + lost exactly, since e <= 1
        double q = (x < 0 ? e : 1) / d;
        return q - q * (lost / d);
    }

    /** max(x, 0), with relu(-0.0) = +0.0 and relu(NaN) = NaN. Derivative {@link #step}: relu'(0) = 0. */
    public static double relu(double x) {
        return x > 0 ? x : x <= 0 ? 0.0 : x;
    }

    /** 1 where x > 0, else 0 (also for NaN): the derivative of relu, with relu'(0) = 0. */
    public static double step(double x) {
        return x > 0 ? 1.0 : 0.0;
    }

    /** {@link Math#signum}: -1, 0 or 1, keeping the sign of a zero; sign(NaN) = NaN. abs'(x) = sign(x). */
    public static double sign(double x) {
        return Math.signum(x);
    }

    /**
     * The hyperbolic tangent, within 2 ulp of {@link Math#tanh} everywhere and several times faster.
     * tanh(±0) = ±0, tanh(±Inf) = ±1, tanh(NaN) = NaN; odd exactly. Derivative 1 - y².
     */
    public static double tanh(double x) {
        double z = Math.abs(x);
        if (z < TANH_SMALL) {
            if (z < TANH_TINY) {
                return x;
            }
            double s = x * x;
            double p = (P0 * s + P1) * s + P2;
            double q = ((s + Q0) * s + Q1) * s + Q2;
            return x + x * s * (p / q);
        }
        if (z >= TANH_ONE) {
            return Math.copySign(1.0, x); // NaN fails every comparison and takes the exp path
        }
        double r = 1 - 2 / (Math.exp(2 * z) + 1);
        return x < 0 ? -r : r;
    }

    /**
     * log(1 + e^x), written as max(x, 0) + log1p(e^-|x|) so that it neither overflows for large x
     * (softplus(800) = 800) nor loses small values for very negative x. Derivative sigmoid(x).
     */
    public static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    /** e^x. */
    public static double exp(double x) {
        return Math.exp(x);
    }

    /** Natural logarithm: log(0) = -Inf, log of a negative = NaN. Derivative 1/x, so log'(0) = +Inf. */
    public static double log(double x) {
        return Math.log(x);
    }

    /** Square root (sqrt(-0.0) = -0.0). Derivative 0.5/y, so sqrt'(0) = +Inf. */
    public static double sqrt(double x) {
        return Math.sqrt(x);
    }

    /** Sine. */
    public static double sin(double x) {
        return Math.sin(x);
    }

    /** Cosine. */
    public static double cos(double x) {
        return Math.cos(x);
    }

    /** Tangent. Derivative 1 + y². */
    public static double tan(double x) {
        return Math.tan(x);
    }

    /** |x|. Derivative {@link #sign}: abs'(0) = 0. */
    public static double abs(double x) {
        return Math.abs(x);
    }

    /** x², written as x·x. Derivative 2x. */
    public static double square(double x) {
        return x * x;
    }

    /** {@link Math#pow}. Partial derivatives: {@link #powBaseDerivative}, {@link #powExponentDerivative}. */
    public static double pow(double a, double b) {
        return Math.pow(a, b);
    }

    /**
     * ∂(a^b)/∂a = b·a^(b-1), taken to be 0 where b = 0 (a^0 is constant in a, also at a = 0 where the
     * formula gives 0·Inf), as PyTorch does.
     */
    public static double powBaseDerivative(double a, double b) {
        return b == 0 ? 0.0 : b * Math.pow(a, b - 1);
    }

    /**
     * ∂(a^b)/∂b = a^b·log(a) given y = a^b, taken to be 0 where a = 0 and b ≥ 0 (the limit from the
     * right; the formula gives 0·-Inf), as PyTorch does. Negative a gives NaN.
     */
    public static double powExponentDerivative(double a, double b, double y) {
        return a == 0 && b >= 0 ? 0.0 : y * Math.log(a);
    }

    /**
     * {@link Math#min}: NaN if either is NaN, min(-0.0, 0.0) = -0.0. The adjoint goes to a where
     * a ≤ b (so to a on a tie), else to b.
     */
    public static double min(double a, double b) {
        return Math.min(a, b);
    }

    /**
     * {@link Math#max}: NaN if either is NaN, max(-0.0, 0.0) = 0.0. The adjoint goes to a where
     * a ≥ b (so to a on a tie), else to b.
     */
    public static double max(double a, double b) {
        return Math.max(a, b);
    }
}
