package dev.gradc.runtime.linalg;

/**
 * The forward and reverse derivatives of {@code solve}, {@code inv}, {@code det} and {@code logdet}
 * (Giles 2008, "An extended collection of matrix derivative results"), all from the LU factors of A: the
 * reverse rules solve with Aᵀ through the same factors and never form an inverse that the value did not
 * already produce.
 *
 * <pre>
 *   C = A⁻¹B     dC = A⁻¹(dB − dA·C)           B̄ = A⁻ᵀC̄,  Ā = −B̄·Cᵀ
 *   Y = A⁻¹      dY = −Y·dA·Y                   Ā = −Yᵀ·Ȳ·Yᵀ
 *   d = det A    dd = tr(adj(A)·dA)             Ā = d̄·adj(A)ᵀ  (= d̄·d·A⁻ᵀ when A is nonsingular)
 *   ℓ = log|d|   dℓ = tr(A⁻¹·dA)                Ā = ℓ̄·A⁻ᵀ
 * </pre>
 */
public final class LuRules {

    private LuRules() {
    }

    /** dC of C = A⁻¹B; either tangent may be {@code null} (zero). */
    public static double[] solveJvp(Lu lu, double[] c, double[] dA, double[] dB) {
        int n = lu.size();
        int m = Dense.columns(c, n, "solve");
        double[] r = dB == null ? new double[c.length] : dB.clone();
        if (dA != null) {
            double[] product = Dense.times(dA, n, n, c, m);
            for (int i = 0; i < r.length; i++) {
                r[i] -= product[i];
            }
        }
        return lu.solve(r, "solve");
    }

    /** B̄ = A⁻ᵀC̄ of C = A⁻¹B. */
    public static double[] solveVjpB(Lu lu, double[] cBar) {
        return lu.solveTransposed(cBar, "solve");
    }

    /** Ā = −B̄·Cᵀ of C = A⁻¹B, from B̄ ({@link #solveVjpB}). */
    public static double[] solveVjpA(double[] bBar, double[] c, int n) {
        int m = Dense.columns(c, n, "solve");
        double[] g = Dense.timesTransposed(bBar, n, c, n, m);
        negate(g);
        return g;
    }

    /** dY = −Y·dA·Y of Y = A⁻¹. */
    public static double[] invJvp(double[] y, double[] dA, int n) {
        double[] g = Dense.times(Dense.times(y, n, n, dA, n), n, n, y, n);
        negate(g);
        return g;
    }

    /** Ā = −Yᵀ·Ȳ·Yᵀ of Y = A⁻¹. */
    public static double[] invVjp(double[] y, double[] yBar, int n) {
        double[] g = Dense.timesTransposed(Dense.transposedTimes(y, n, n, yBar, n), n, y, n, n);
        negate(g);
        return g;
    }

    /** d(det A) = ⟨adj(A)ᵀ, dA⟩. */
    public static double detJvp(Lu lu, double[] dA) {
        return inner(lu.adjugateTransposed("det"), dA);
    }

    /** Ā = d̄·adj(A)ᵀ. */
    public static double[] detVjp(Lu lu, double dBar) {
        double[] g = lu.adjugateTransposed("det");
        scale(g, dBar);
        return g;
    }

    /** d(log|det A|) = ⟨A⁻ᵀ, dA⟩. */
    public static double logdetJvp(Lu lu, double[] dA) {
        return inner(lu.solveTransposed(Lu.identity(lu.size()), "logdet"), dA);
    }

    /** Ā = ℓ̄·A⁻ᵀ. */
    public static double[] logdetVjp(Lu lu, double lBar) {
        double[] g = lu.solveTransposed(Lu.identity(lu.size()), "logdet");
        scale(g, lBar);
        return g;
    }

    private static double inner(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("tangent of length " + b.length + ", expected " + a.length);
        }
        return Dense.dot(a, 0, b, 0, a.length);
    }

    private static void negate(double[] g) {
        scale(g, -1);
    }

    private static void scale(double[] g, double s) {
        for (int i = 0; i < g.length; i++) {
            g[i] *= s;
        }
    }
}
