package dev.gradc.runtime;

/**
 * The special functions of the language — {@code lgamma}, {@code digamma} (and {@code trigamma},
 * {@code tetragamma} and {@code polygamma} of every order, its derivatives) and {@code erf} — written for this
 * project, accurate to a few ulps where the function is well conditioned: series about 1 and 2 (with ζ(k)
 * computed once) and recurrences towards them or towards the asymptotic (Stirling) series, reflection for
 * negative arguments; erf by its series with positive terms below 3 and a continued fraction for erfc above.
 */
public final class SpecialFunctions {

    private static final int TERMS = 64;
    /** ζ(k) for k = 0..TERMS+1 (entries 0 and 1 unused). */
    private static final double[] ZETA = zetas();
    private static final double HALF_LOG_TWO_PI = 0.91893853320467274178;
    private static final double EULER_GAMMA = 0.57721566490153286061;
    /** B_2k / (2k (2k - 1)), k = 1..8, for Stirling's series of lgamma. */
    private static final double[] STIRLING = {1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188,
        -691.0 / 360360, 1.0 / 156, -3617.0 / 122400};
    /** B_2k / 2k, k = 1..8, for the asymptotic series of digamma. */
    private static final double[] DIGAMMA_ASYMPTOTIC = {1.0 / 12, -1.0 / 120, 1.0 / 252, -1.0 / 240, 1.0 / 132,
        -691.0 / 32760, 1.0 / 12, -3617.0 / 8160};
    /** B_2k, k = 1..8, for the asymptotic series of trigamma. */
    private static final double[] BERNOULLI = {1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730,
        7.0 / 6, -3617.0 / 510};

    private SpecialFunctions() {
    }

    /** ζ(k) = Σ n^-k by Euler–Maclaurin: 19 terms summed, the tail from the integral and Bernoulli terms. */
    private static double[] zetas() {
        double[] z = new double[TERMS + 2];
        int n = 20;
        double[] b = {1.0 / 6, -1.0 / 30, 1.0 / 42, -1.0 / 30, 5.0 / 66, -691.0 / 2730};
        for (int k = 2; k < z.length; k++) {
            double tail = Math.pow(n, 1 - k) / (k - 1) + 0.5 * Math.pow(n, -k);
            double rising = k; // k (k+1) ... (k+2j-2) / (2j)!
            double fact = 2;
            for (int j = 1; j <= b.length; j++) {
                tail += b[j - 1] * rising / fact * Math.pow(n, -k - 2 * j + 1);
                rising *= (k + 2 * j - 1) * (double) (k + 2 * j);
                fact *= (2 * j + 1) * (double) (2 * j + 2);
            }
            double sum = 0;
            for (int m = n - 1; m >= 1; m--) {
                sum += Math.pow(m, -k);
            }
            z[k] = sum + tail;
        }
        return z;
    }

    /** log|Γ(x)|; +∞ at 0 and the negative integers. */
    public static double lgamma(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        if (x <= 0) {
            if (x == Math.rint(x)) {
                return Double.POSITIVE_INFINITY;
            }
            // reflection: Γ(x) Γ(1-x) = π / sin(πx)
            return Math.log(Math.PI / Math.abs(sinPi(x))) - lgamma(1 - x);
        }
        if (x < 0.5) {
            return lgammaNear1(x) - Math.log(x);
        }
        if (x < 1.5) {
            return lgammaNear1(x - 1);
        }
        if (x < 2.5) {
            return Math.log1p(x - 2) + lgammaNear1(x - 2);
        }
        if (x < 12) {
            // down to [1.5, 2.5): every term positive, no cancellation
            double y = x;
            double product = 1;
            while (y >= 2.5) {
                y -= 1;
                product *= y;
            }
            return lgamma(y) + Math.log(product);
        }
        if (Double.isInfinite(x)) {
            return x;
        }
        double inv = 1 / x;
        double inv2 = inv * inv;
        double series = 0;
        for (int k = STIRLING.length - 1; k >= 0; k--) {
            series = series * inv2 + STIRLING[k];
        }
        return (x - 0.5) * Math.log(x) - x + HALF_LOG_TWO_PI + series * inv;
    }

    /** lgamma(1 + z) for |z| ≤ 0.5: -γz + Σ_{k≥2} (-z)^k ζ(k) / k. */
    private static double lgammaNear1(double z) {
        double sum = 0;
        for (int k = TERMS; k >= 2; k--) {
            sum = sum * -z + ZETA[k] / k;
        }
        return z * (-EULER_GAMMA + z * sum);
    }

    /** ψ(x) = d/dx log Γ(x); NaN at 0 and the negative integers (a pole of either sign). */
    public static double digamma(double x) {
        if (Double.isNaN(x) || x == Double.NEGATIVE_INFINITY) {
            return Double.NaN;
        }
        if (x <= 0) {
            if (x == Math.rint(x)) {
                return Double.NaN;
            }
            // reflection: ψ(1-x) - ψ(x) = π cot(πx)
            return digamma(1 - x) - Math.PI * cosPi(x) / sinPi(x);
        }
        if (x >= 0.5 && x < 1.5) {
            return digammaNear1(x - 1);
        }
        if (x >= 1.5 && x < 2.5) {
            return digammaNear1(x - 2) + 1 / (x - 1);
        }
        double shift = 0;
        while (x < 10) {
            shift += 1 / x;
            x += 1;
        }
        if (Double.isInfinite(x)) {
            return x;
        }
        double inv2 = 1 / (x * x);
        double series = 0;
        for (int k = DIGAMMA_ASYMPTOTIC.length - 1; k >= 0; k--) {
            series = series * inv2 + DIGAMMA_ASYMPTOTIC[k];
        }
        return Math.log(x) - 0.5 / x - series * inv2 - shift;
    }

    /** ψ(1 + z) for |z| ≤ 0.5: -γ + Σ_{k≥2} (-1)^k ζ(k) z^(k-1). */
    private static double digammaNear1(double z) {
        double sum = 0;
        for (int k = TERMS; k >= 2; k--) {
            sum = sum * -z + ZETA[k];
        }
        return -EULER_GAMMA + z * sum;
    }

    /** ψ₁(x) = d/dx ψ(x); NaN at 0 and the negative integers. */
    public static double trigamma(double x) {
        if (Double.isNaN(x) || x == Double.NEGATIVE_INFINITY) {
            return Double.NaN;
        }
        if (x <= 0) {
            if (x == Math.rint(x)) {
                return Double.NaN;
            }
            // reflection: ψ₁(1-x) + ψ₁(x) = π² / sin²(πx)
            double s = sinPi(x);
            return Math.PI * Math.PI / (s * s) - trigamma(1 - x);
        }
        double shift = 0;
        while (x < 10) {
            shift += 1 / (x * x);
            x += 1;
        }
        double inv = 1 / x;
        double inv2 = inv * inv;
        double series = 0;
        for (int k = BERNOULLI.length - 1; k >= 0; k--) {
            series = series * inv2 + BERNOULLI[k];
        }
        return shift + inv + 0.5 * inv2 + series * inv2 * inv;
    }

    /**
     * ψ₂(x) = d/dx ψ₁(x), the second derivative of digamma (for second derivatives of digamma and third of lgamma);
     * NaN at 0 and the negative integers. The recurrence ψ₂(x) = ψ₂(x + 1) - 2/x³ up to 10, then the derivative
     * of trigamma's asymptotic series; reflection ψ₂(x) = ψ₂(1 - x) - 2π³ cos(πx)/sin³(πx) for x ≤ 0.
     */
    public static double tetragamma(double x) {
        if (Double.isNaN(x) || x == Double.NEGATIVE_INFINITY) {
            return Double.NaN;
        }
        if (x <= 0) {
            if (x == Math.rint(x)) {
                return Double.NaN;
            }
            double s = sinPi(x);
            return tetragamma(1 - x) - 2 * Math.PI * Math.PI * Math.PI * cosPi(x) / (s * s * s);
        }
        double shift = 0;
        while (x < 10) {
            shift -= 2 / (x * x * x);
            x += 1;
        }
        double inv = 1 / x;
        double inv2 = inv * inv;
        double series = 0;
        for (int k = BERNOULLI.length; k >= 1; k--) {
            series = series * inv2 + (2 * k + 1) * BERNOULLI[k - 1];
        }
        return shift - inv2 - inv2 * inv - series * inv2 * inv2;
    }

    /**
     * ψ⁽ⁿ⁾(x), the n-th derivative of digamma (ψ⁽⁰⁾ = ψ, ψ⁽¹⁾ = trigamma, ψ⁽²⁾ = tetragamma), for every order n ≥ 0:
     * the (n+1)-th derivative of lgamma. NaN at 0 and the negative integers, and for a negative n. For n ≥ 1,
     * ψ⁽ⁿ⁾(x) = (-1)ⁿ⁺¹ n! ζ(n+1, x): the recurrence ζ(s, x) = x⁻ˢ + ζ(s, x+1) up to x ≥ n + 10, then the Hurwitz
     * zeta's asymptotic series x¹⁻ˢ/(s-1) + x⁻ˢ/2 + Σ B₂ⱼ/(2j)! s(s+1)…(s+2j-2) x^(1-s-2j); reflection for x ≤ 0:
     * ψ⁽ⁿ⁾(x) = (-1)ⁿ ψ⁽ⁿ⁾(1-x) - π dⁿ/dxⁿ cot(πx). Past n = 170, where n! overflows, each term is scaled by n! in
     * logarithms (±∞ only where the value itself overflows).
     */
    public static double polygamma(int n, double x) {
        if (n < 0 || Double.isNaN(x) || x == Double.NEGATIVE_INFINITY) {
            return Double.NaN;
        }
        if (n == 0) {
            return digamma(x);
        }
        if (x <= 0) {
            if (x == Math.rint(x)) {
                return Double.NaN;
            }
            double reflected = polygamma(n, 1 - x);
            return (n % 2 == 0 ? reflected : -reflected)
                    - Math.pow(Math.PI, n + 1) * cotDerivative(n, cotPi(x));
        }
        if (x == Double.POSITIVE_INFINITY) {
            return 0;
        }
        int s = n + 1;
        // n! x^-s, as exp(log n! - s log x) past n = 170, where n! alone overflows and x^-s may underflow
        double logFactorial = n > 170 ? lgamma(n + 1.0) : 0;
        double sum = 0;
        while (x < n + 10) {
            sum += n > 170 ? Math.exp(logFactorial - s * Math.log(x)) : Math.pow(x, -s);
            x += 1;
        }
        double inv = 1 / x;
        double series = 0;
        double rising = s; // s (s+1) … (s+2j-2)
        double factorial = 2; // (2j)!
        double power = inv; // x^(1-2j)
        for (int j = 1; j <= BERNOULLI.length; j++) {
            series += BERNOULLI[j - 1] * rising / factorial * power;
            rising *= (s + 2 * j - 1) * (double) (s + 2 * j);
            factorial *= (2 * j + 1) * (double) (2 * j + 2);
            power *= inv * inv;
        }
        double tail = x / n + 0.5 + series;
        if (n > 170) {
            sum += Math.exp(logFactorial - s * Math.log(x)) * tail;
            return n % 2 == 1 ? sum : -sum;
        }
        sum += Math.pow(x, -s) * tail;
        double nFactorial = 1;
        for (int k = 2; k <= n; k++) {
            nFactorial *= k;
        }
        return (n % 2 == 1 ? nFactorial : -nFactorial) * sum;
    }

    /** ψ⁽ⁿ⁾(x) for an order given as a double (as generated code passes it): NaN unless n is a whole number. */
    public static double polygamma(double n, double x) {
        return n == Math.rint(n) && n >= 0 && n <= Integer.MAX_VALUE ? polygamma((int) n, x) : Double.NaN;
    }

    /**
     * The n-th derivative of cot y, as a polynomial in c = cot y: P₀ = c, P_{k+1}(c) = -(1 + c²) P_k'(c)
     * (since cot' = -(1 + cot²)), evaluated at c.
     */
    private static double cotDerivative(int n, double c) {
        double[] p = {0, 1};
        for (int k = 0; k < n; k++) {
            double[] q = new double[p.length + 1];
            for (int i = 1; i < p.length; i++) {
                double d = i * p[i]; // coefficient of c^(i-1) in P_k'
                q[i - 1] -= d;
                q[i + 1] -= d;
            }
            p = q;
        }
        double v = 0;
        for (int i = p.length - 1; i >= 0; i--) {
            v = v * c + p[i];
        }
        return v;
    }

    /** erf x = 2/√π ∫₀ˣ e^(-t²) dt. */
    public static double erf(double x) {
        if (Double.isNaN(x)) {
            return x;
        }
        double a = Math.abs(x);
        double r;
        if (a < 3) {
            // 2/√π e^(-x²) Σ 2ⁿ x^(2n+1) / (1·3·...·(2n+1)): every term positive
            double term = a;
            double sum = a;
            double x2 = a * a;
            for (int n = 1; term > sum * 1e-17; n++) {
                term *= 2 * x2 / (2 * n + 1);
                sum += term;
            }
            r = 2 / Math.sqrt(Math.PI) * Math.exp(-x2) * sum;
        } else {
            r = 1 - erfc(a);
        }
        return Math.copySign(r, x);
    }

    /** erfc x = 1 - erf x for x ≥ 3, by the continued fraction (modified Lentz). */
    private static double erfc(double x) {
        if (x > 27) {
            return 0;
        }
        // erfc x = e^(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + ...)))))
        double tiny = 1e-300;
        double f = x;
        double c = x;
        double d = 0;
        for (int n = 1; n < 200; n++) {
            double an = n / 2.0;
            d = x + an * d;
            d = d == 0 ? tiny : 1 / d;
            c = x + an / c;
            c = c == 0 ? tiny : c;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-17) {
                break;
            }
        }
        return Math.exp(-x * x) / Math.sqrt(Math.PI) / f;
    }

    /** sin(πx), exact at the integers and accurate for large x (reduced modulo 2 first). */
    static double sinPi(double x) {
        double r = x % 2;
        return Math.sin(Math.PI * r);
    }

    /**
     * cot(πx), reduced to r = x - rint(x) in [-1/2, 1/2] first (cot has period π): exactly 0 at the half-integers,
     * and tan(π(1/2 - |r|)) with its sign where |r| > 1/4, whose argument is then computed exactly.
     */
    static double cotPi(double x) {
        double r = x - Math.rint(x);
        double a = Math.abs(r);
        if (a > 0.25) {
            return Math.copySign(Math.tan(Math.PI * (0.5 - a)), r);
        }
        return 1 / Math.tan(Math.PI * r);
    }

    /** cos(πx), reduced modulo 2 first. */
    static double cosPi(double x) {
        double r = x % 2;
        return Math.cos(Math.PI * r);
    }
}
