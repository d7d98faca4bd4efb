package dev.gradc.runtime.linalg;

import dev.gradc.runtime.Rows;

/**
 * An LU factorisation with partial pivoting, P·A = L·U, of a square matrix: L unit lower triangular and U
 * upper triangular stored together in one row-major array, and the row order P.
 *
 * <p>Elimination is right-looking: after the pivot row is chosen (the largest magnitude in its column, the
 * first one on ties) every row below subtracts a multiple of it, one contiguous row update at a time. A
 * zero pivot stops nothing: its column is already zero below the diagonal, so elimination moves on, and
 * the factorisation of a singular matrix is complete and gives {@code det = 0}. Only what needs the inverse
 * ({@link #solve}, {@link #solveTransposed}) rejects it, naming the first zero pivot.
 */
public final class Lu {

    private final double[][] lu;
    private final int[] rows;
    private final int n;
    private final int sign;
    private final int firstZeroPivot;
    private final int zeroPivots;

    private Lu(double[][] lu, int[] rows, int n, int sign, int firstZeroPivot, int zeroPivots) {
        this.lu = lu;
        this.rows = rows;
        this.n = n;
        this.sign = sign;
        this.firstZeroPivot = firstZeroPivot;
        this.zeroPivots = zeroPivots;
    }

    /** Factors the {@code n × n} matrix a (left unchanged). */
    public static Lu factor(double[] a, int n) {
        Dense.square(a, n, "lu");
        double[][] lu = Rows.split(a, n, n);
        int[] rows = new int[n];
        for (int i = 0; i < n; i++) {
            rows[i] = i;
        }
        int sign = 1;
        int firstZero = -1;
        int zeros = 0;
        for (int k = 0; k < n; k++) {
            int p = pivotRow(lu, n, k);
            if (p != k) {
                double[] row = lu[p];
                lu[p] = lu[k];
                lu[k] = row;
                int r = rows[p];
                rows[p] = rows[k];
                rows[k] = r;
                sign = -sign;
            }
            double[] pivotRow = lu[k];
            double d = pivotRow[k];
            if (d == 0) {
                zeros++;
                firstZero = firstZero < 0 ? k : firstZero;
                continue;
            }
            for (int i = k + 1; i < n; i++) {
                double[] ri = lu[i];
                double f = ri[k] / d;
                ri[k] = f;
                if (f != 0) {
                    Dense.axpy(-f, pivotRow, ri, k + 1, n);
                }
            }
        }
        return new Lu(lu, rows, n, sign, firstZero, zeros);
    }

    private static int pivotRow(double[][] a, int n, int k) {
        int p = k;
        double best = Math.abs(a[k][k]);
        for (int i = k + 1; i < n; i++) {
            double v = Math.abs(a[i][k]);
            if (v > best) {
                best = v;
                p = i;
            }
        }
        return p;
    }

    /** The order n. */
    public int size() {
        return n;
    }

    /** The number of zero pivots (0 for a nonsingular matrix). */
    public int zeroPivots() {
        return zeroPivots;
    }

    /** Throws the singular-matrix error for {@code op} if a pivot is zero. */
    public void requireNonsingular(String op) {
        if (firstZeroPivot >= 0) {
            throw MatrixException.singular(op, firstZeroPivot, "LU pivot " + firstZeroPivot
                    + " is 0 (column " + firstZeroPivot + " is a linear combination of the columns before it)");
        }
    }

    /** X = A⁻¹·B for B with n rows (a vector is one column). */
    public double[] solve(double[] b, String op) {
        requireNonsingular(op);
        int m = Dense.columns(b, n, op);
        double[] pb = new double[b.length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(b, rows[i] * m, pb, i * m, m);
        }
        double[] y = Triangular.solve(lu, n, pb, true, false, true, op);
        return Triangular.solve(lu, n, y, false, false, false, op);
    }

    /** X = A⁻ᵀ·B, with the same factors: Aᵀ = Uᵀ·Lᵀ·P. */
    public double[] solveTransposed(double[] b, String op) {
        requireNonsingular(op);
        int m = Dense.columns(b, n, op);
        double[] z = Triangular.solve(lu, n, b, false, true, false, op);
        double[] w = Triangular.solve(lu, n, z, true, true, true, op);
        double[] x = new double[b.length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(w, i * m, x, rows[i] * m, m);
        }
        return x;
    }

    /** det A = sign(P)·Π u_kk; 0 for a singular matrix, with no error. */
    public double det() {
        double d = sign;
        for (int k = 0; k < n; k++) {
            d *= lu[k][k];
        }
        return d;
    }

    /** log |det A| = Σ log |u_kk|, summed so that it neither overflows nor underflows; −∞ when singular. */
    public double logAbsDet() {
        double s = 0;
        for (int k = 0; k < n; k++) {
            s += Math.log(Math.abs(lu[k][k]));
        }
        return s;
    }

    /**
     * adj(A)ᵀ, which is det(A)·A⁻ᵀ and stays defined when A is singular of rank n − 1: with one zero pivot k,
     * adj(U) = (Π_{i≠k} u_ii)·x·yᵀ for the null vectors U·x = 0 and yᵀ·U = 0 (x_k = y_k = 1), so
     * adj(A)ᵀ = sign(P)·(Π_{i≠k} u_ii)·(Pᵀ·L⁻ᵀ·y)·xᵀ, again from solves with the factors.
     *
     * @throws MatrixException with two or more zero pivots, where this rank-one form does not hold
     */
    public double[] adjugateTransposed(String op) {
        if (zeroPivots == 0) {
            double[] x = solveTransposed(identity(n), op);
            double d = det();
            for (int i = 0; i < x.length; i++) {
                x[i] *= d;
            }
            return x;
        }
        if (zeroPivots > 1) {
            throw MatrixException.singular(op, firstZeroPivot, "its derivative is not computed with "
                    + zeroPivots + " zero LU pivots (the first is pivot " + firstZeroPivot + ")");
        }
        int k = firstZeroPivot;
        double[] x = rightNullVector(k);
        double[] y = leftNullVector(k);
        double[] w = Triangular.solve(lu, n, y, true, true, true, op);
        double c = sign;
        for (int i = 0; i < n; i++) {
            c *= i == k ? 1 : lu[i][i];
        }
        double[] g = new double[n * n];
        for (int i = 0; i < n; i++) {
            double zi = c * w[i];
            int row = rows[i] * n;
            for (int j = 0; j <= k; j++) {
                g[row + j] = zi * x[j];
            }
        }
        return g;
    }

    /** U·x = 0 with x_k = 1 and x_j = 0 past k: back substitution in U's leading k × k block. */
    private double[] rightNullVector(int k) {
        double[] x = new double[n];
        x[k] = 1;
        for (int i = k - 1; i >= 0; i--) {
            double s = lu[i][k];
            for (int j = i + 1; j < k; j++) {
                s += lu[i][j] * x[j];
            }
            x[i] = -s / lu[i][i];
        }
        return x;
    }

    /** yᵀ·U = 0 with y_k = 1 and y_j = 0 before k: forward substitution down U's columns past k. */
    private double[] leftNullVector(int k) {
        double[] y = new double[n];
        y[k] = 1;
        for (int j = k + 1; j < n; j++) {
            double s = lu[k][j];
            for (int i = k + 1; i < j; i++) {
                s += y[i] * lu[i][j];
            }
            y[j] = -s / lu[j][j];
        }
        return y;
    }

    /** The {@code n × n} identity. */
    public static double[] identity(int n) {
        double[] e = new double[n * n];
        for (int i = 0; i < n; i++) {
            e[i * n + i] = 1;
        }
        return e;
    }
}
