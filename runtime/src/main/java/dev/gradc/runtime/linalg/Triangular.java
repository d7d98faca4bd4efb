package dev.gradc.runtime.linalg;

import dev.gradc.runtime.Rows;

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
     * The general solve of a flat T.
     *
     * @param lower whether T is lower (else upper) triangular
     * @param transposed whether to solve with Tᵀ
     * @param unit whether T's diagonal is taken as ones (the L of an LU factorisation)
     */
    static double[] solve(double[] t, int n, double[] b, boolean lower, boolean transposed, boolean unit) {
        Dense.square(t, n, OP);
        return solve(Rows.split(t, n, n), n, b, lower, transposed, unit, OP);
    }

    /** The same with T as one array per row; b is left unchanged. */
    static double[] solve(double[][] t, int n, double[] b, boolean lower, boolean transposed, boolean unit, String op) {
        int m = Dense.columns(b, n, op);
        if (!unit) {
            for (int i = 0; i < n; i++) {
                if (t[i][i] == 0) {
                    throw MatrixException.singular(op, i, "diagonal entry " + i + " is 0");
                }
            }
        }
        if (m == 1) {
            double[] x = b.clone();
            if (transposed) {
                vectorByColumns(t, n, x, lower, unit);
            } else {
                vectorByRows(t, n, x, lower, unit);
            }
            return x;
        }
        double[][] x = Rows.split(b, n, m);
        for (int c0 = 0; c0 < m; c0 += PANEL) {
            int c1 = Math.min(m, c0 + PANEL);
            if (transposed) {
                byColumns(t, n, x, c0, c1, lower, unit);
            } else {
                byRows(t, n, x, c0, c1, lower, unit);
            }
        }
        return Rows.join(x, new double[b.length]);
    }

    /** x_i = (b_i − Σ t_ik x_k) / t_ii, one dot product per row. */
    private static void vectorByRows(double[][] t, int n, double[] x, boolean lower, boolean unit) {
        for (int step = 0; step < n; step++) {
            int i = lower ? step : n - 1 - step;
            int k0 = lower ? 0 : i + 1;
            int k1 = lower ? i : n;
            x[i] -= Dense.dot(t[i], k0, x, k0, k1 - k0);
            if (!unit) {
                x[i] /= t[i][i];
            }
        }
    }

    /** With Tᵀ: once x_k is final it is removed from every entry it enters, along row k of T. */
    private static void vectorByColumns(double[][] t, int n, double[] x, boolean lower, boolean unit) {
        for (int step = 0; step < n; step++) {
            int k = lower ? n - 1 - step : step;
            if (!unit) {
                x[k] /= t[k][k];
            }
            Dense.axpy(-x[k], t[k], x, lower ? 0 : k + 1, lower ? k : n);
        }
    }

    /** Substitution reading row i of T for row i of X: x_i = (b_i − Σ t_ik x_k) / t_ii, columns c0..c1. */
    private static void byRows(double[][] t, int n, double[][] x, int c0, int c1, boolean lower, boolean unit) {
        for (int step = 0; step < n; step++) {
            int i = lower ? step : n - 1 - step;
            int k0 = lower ? 0 : i + 1;
            int k1 = lower ? i : n;
            double[] ti = t[i];
            double[] xi = x[i];
            int k = k0;
            for (; k + 3 < k1; k += 4) {
                Dense.axpy4(-ti[k], x[k], -ti[k + 1], x[k + 1], -ti[k + 2], x[k + 2], -ti[k + 3], x[k + 3], xi, c0, c1);
            }
            for (; k < k1; k++) {
                Dense.axpy(-ti[k], x[k], xi, c0, c1);
            }
            if (!unit) {
                divide(xi, c0, c1, ti[i]);
            }
        }
    }

    /**
     * Substitution with Tᵀ reading row k of T (column k of Tᵀ): once x_k is final, it is removed from every
     * row it enters. For lower T that is an upper solve, last row first. Four rows are finished at a time
     * among themselves, then removed from every remaining row in one fused pass.
     */
    private static void byColumns(double[][] t, int n, double[][] x, int c0, int c1, boolean lower, boolean unit) {
        int step = 0;
        for (; step + 3 < n; step += 4) {
            int[] ks = new int[4];
            for (int q = 0; q < 4; q++) {
                ks[q] = lower ? n - 1 - step - q : step + q;
            }
            for (int q = 0; q < 4; q++) {
                int k = ks[q];
                if (!unit) {
                    divide(x[k], c0, c1, t[k][k]);
                }
                for (int r = q + 1; r < 4; r++) {
                    Dense.axpy(-t[k][ks[r]], x[k], x[ks[r]], c0, c1);
                }
            }
            int i0 = lower ? 0 : step + 4;
            int i1 = lower ? n - step - 4 : n;
            double[] t0 = t[ks[0]];
            double[] t1 = t[ks[1]];
            double[] t2 = t[ks[2]];
            double[] t3 = t[ks[3]];
            for (int i = i0; i < i1; i++) {
                Dense.axpy4(-t0[i], x[ks[0]], -t1[i], x[ks[1]], -t2[i], x[ks[2]], -t3[i], x[ks[3]], x[i], c0, c1);
            }
        }
        for (; step < n; step++) {
            int k = lower ? n - 1 - step : step;
            double[] tk = t[k];
            double[] xk = x[k];
            if (!unit) {
                divide(xk, c0, c1, tk[k]);
            }
            int i0 = lower ? 0 : k + 1;
            int i1 = lower ? k : n;
            for (int i = i0; i < i1; i++) {
                Dense.axpy(-tk[i], xk, x[i], c0, c1);
            }
        }
    }

    private static void divide(double[] x, int from, int to, double d) {
        for (int c = from; c < to; c++) {
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
