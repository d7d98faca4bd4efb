package dev.gradc.runtime.linalg;

/**
 * Triangular solves T·X = B and Tᵀ·X = B by substitution, with the derivatives of {@code trisolve}.
 *
 * <p>Only T's own triangle is read (its diagonal included); the other half is ignored, so a full matrix
 * can be passed. A solve with the transpose reads the rows of T as the columns of Tᵀ: the transpose is never
 * formed. The right-hand side B is {@code n × m} (a vector is m = 1) and is processed in panels of
 * {@value #PANEL} columns, so the rows of X that every later row reads stay in cache.
 *
 * <p>An exactly zero diagonal entry makes T singular: a {@link MatrixException} names its row. Tiny or NaN
 * entries are not errors; their results are what IEEE arithmetic gives.
 */
public final class Triangular {

    static final int PANEL = 128;
    private static final String OP = "trisolve";

    private Triangular() {
    }

    /** X = L⁻¹·B, L lower triangular {@code n × n}, B with n rows. */
    public static double[] solveLower(double[] l, int n, double[] b) {
        return solve(l, n, b, true, false, false);
    }

    /** X = L⁻ᵀ·B, the upper solve with the transpose of the lower triangular L. */
    public static double[] solveLowerTransposed(double[] l, int n, double[] b) {
        return solve(l, n, b, true, true, false);
    }

    /** X = U⁻¹·B, U upper triangular. */
    public static double[] solveUpper(double[] u, int n, double[] b) {
        return solve(u, n, b, false, false, false);
    }

    /** X = U⁻ᵀ·B, the lower solve with the transpose of the upper triangular U. */
    public static double[] solveUpperTransposed(double[] u, int n, double[] b) {
        return solve(u, n, b, false, true, false);
    }

    /**
     * The general solve, in place on a copy of b.
     *
     * @param lower whether T is lower (else upper) triangular
     * @param transposed whether to solve with Tᵀ
     * @param unit whether T's diagonal is taken as ones (the L of an LU factorisation)
     */
    static double[] solve(double[] t, int n, double[] b, boolean lower, boolean transposed, boolean unit) {
        Dense.square(t, n, OP);
        int m = Dense.columns(b, n, OP);
        if (!unit) {
            for (int i = 0; i < n; i++) {
                if (t[i * n + i] == 0) {
                    throw MatrixException.singular(OP, i, "diagonal entry " + i + " is 0");
                }
            }
        }
        double[] x = b.clone();
        for (int c0 = 0; c0 < m; c0 += PANEL) {
            int c1 = Math.min(m, c0 + PANEL);
            if (transposed) {
                byColumns(t, n, x, m, c0, c1, lower, unit);
            } else {
                byRows(t, n, x, m, c0, c1, lower, unit);
            }
        }
        return x;
    }

    /** Substitution reading row i of T for row i of X: x_i = (b_i − Σ t_ik x_k) / t_ii. */
    private static void byRows(double[] t, int n, double[] x, int m, int c0, int c1, boolean lower, boolean unit) {
        for (int step = 0; step < n; step++) {
            int i = lower ? step : n - 1 - step;
            int k0 = lower ? 0 : i + 1;
            int k1 = lower ? i : n;
            int ti = i * n;
            if (m == 1) {
                x[i] -= Dense.dot(t, ti + k0, x, k0, k1 - k0);
            } else {
                for (int k = k0; k < k1; k++) {
                    double s = t[ti + k];
                    if (s != 0) {
                        Dense.axpy(-s, x, k * m + c0, x, i * m + c0, c1 - c0);
                    }
                }
            }
            if (!unit) {
                divide(x, i * m + c0, c1 - c0, t[ti + i]);
            }
        }
    }

    /**
     * Substitution with Tᵀ reading row k of T (column k of Tᵀ): once x_k is final, it is removed from every
     * row it enters. For lower T that is an upper solve, last row first.
     */
    private static void byColumns(double[] t, int n, double[] x, int m, int c0, int c1, boolean lower, boolean unit) {
        for (int step = 0; step < n; step++) {
            int k = lower ? n - 1 - step : step;
            int tk = k * n;
            if (!unit) {
                divide(x, k * m + c0, c1 - c0, t[tk + k]);
            }
            int i0 = lower ? 0 : k + 1;
            int i1 = lower ? k : n;
            if (m == 1) {
                Dense.axpy(-x[k], t, tk + i0, x, i0, i1 - i0);
            } else {
                for (int i = i0; i < i1; i++) {
                    double s = t[tk + i];
                    if (s != 0) {
                        Dense.axpy(-s, x, k * m + c0, x, i * m + c0, c1 - c0);
                    }
                }
            }
        }
    }

    private static void divide(double[] x, int from, int len, double d) {
        for (int c = from; c < from + len; c++) {
            x[c] /= d;
        }
    }

    /**
     * The forward derivative of X = L⁻¹B (or X = L⁻ᵀB when {@code transposed}): dX = L⁻¹(dB − dL·X), with
     * dL's lower triangle (dLᵀ for the transposed solve). Either tangent may be {@code null} (zero).
     */
    public static double[] jvp(double[] l, int n, double[] x, double[] dL, double[] dB, boolean transposed) {
        int m = Dense.columns(x, n, OP);
        double[] r = dB == null ? new double[x.length] : dB.clone();
        if (dL != null) {
            double[] tril = Dense.lower(dL, n);
            double[] product = transposed ? Dense.transposedTimes(tril, n, n, x, m) : Dense.times(tril, n, n, x, m);
            for (int i = 0; i < r.length; i++) {
                r[i] -= product[i];
            }
        }
        return solve(l, n, r, true, transposed, false);
    }

    /** B̄ of X = L⁻¹B: L⁻ᵀX̄ (L⁻¹X̄ for the transposed solve). */
    public static double[] vjpB(double[] l, int n, double[] xBar, boolean transposed) {
        return solve(l, n, xBar, true, !transposed, false);
    }

    /** L̄ of X = L⁻¹B from B̄ ({@link #vjpB}): −tril(B̄·Xᵀ), or −tril(X·B̄ᵀ) for the transposed solve. */
    public static double[] vjpL(double[] x, double[] bBar, int n, boolean transposed) {
        int m = Dense.columns(x, n, OP);
        double[] left = transposed ? x : bBar;
        double[] right = transposed ? bBar : x;
        double[] g = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                g[i * n + j] = -Dense.dot(left, i * m, right, j * m, m);
            }
        }
        return g;
    }
}
