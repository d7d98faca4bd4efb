package special;

/**
 * Modified Bessel functions of the first kind, I0 and I1, for programs to call through {@code extern fn}. Both
 * are sums of positive terms, I0(x) = Σ (x²/4)^k / (k!)² and I1(x) = (x/2) Σ (x²/4)^k / (k! (k+1)!), so the
 * series is summed until a term no longer changes the sum: no cancellation, full double precision, and about
 * |x| + 20 terms. They overflow past |x| ≈ 713, as e^|x| does.
 */
public final class Bessel {

    private Bessel() {
    }

    /** I0(x), even in x. */
    public static double i0(double x) {
        double q = x * x / 4;
        double term = 1;
        double sum = 1;
        for (int k = 1; term > sum * 1e-17; k++) {
            term *= q / ((double) k * k);
            sum += term;
        }
        return sum;
    }

    /** I1(x), odd in x; I1'(x) = I0(x) - I1(x)/x and I0'(x) = I1(x). */
    public static double i1(double x) {
        double q = x * x / 4;
        double term = x / 2;
        double sum = term;
        for (int k = 1; Math.abs(term) > Math.abs(sum) * 1e-17; k++) {
            term *= q / ((double) k * (k + 1));
            sum += term;
        }
        return sum;
    }

    /** I1'(x) = Σ (2k+1) (x/2)^(2k) / (2 k! (k+1)!), which needs no division by x at 0. */
    public static double i1Prime(double x) {
        double q = x * x / 4;
        double term = 0.5; // (x/2)^0 / (2 · 0! · 1!)
        double sum = term;
        for (int k = 1; term > sum * 1e-17; k++) {
            term *= q / ((double) k * (k + 1));
            sum += (2 * k + 1) * term;
        }
        return sum;
    }
}
