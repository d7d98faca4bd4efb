package dev.gradc.runtime.linalg;

/**
 * The Cholesky factor L (lower triangular, positive diagonal) of a symmetric positive definite matrix, with
 * its forward and reverse derivatives.
 *
 * <p>{@code cholesky(A)} factors the symmetric part (A + Aᵀ)/2, so the value and both derivatives are
 * defined for every direction dA, and for a symmetric A (the only sensible input) it is A's factor. The
 * factorisation is the row-oriented (Cholesky–Crout) one: entry (i, j) is
 * {@code (a_ij − Σ_{k<j} l_ik l_jk) / l_jj}, rows read whole from the row-major array. Four rows are
 * computed together against each earlier row, so each earlier row is read once per four and the four dot
 * products run as independent chains.
 *
 * <p>The reverse rule is Murray's (2016) reverse of the same algorithm, in the same blocked order: each
 * multiply-add of the factorisation becomes two, so the adjoint costs about twice the factorisation and
 * never forms an inverse. The forward rule is {@code dL = L·Φ(L⁻¹ dA L⁻ᵀ)}, Φ taking the lower triangle
 * and halving the diagonal.
 */
public final class Cholesky {

    private static final String OP = "cholesky";
    static final int BLOCK = 4;

    private Cholesky() {
    }

    /**
     * The lower Cholesky factor of the {@code n × n} matrix a's symmetric part, zeros above the diagonal.
     *
     * @throws MatrixException naming the first pivot that is not positive; a NaN pivot is no error, it
     *     makes the rest of the factor NaN
     */
    public static double[] factor(double[] a, int n) {
        Dense.square(a, n, OP);
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            l[i * n + i] = a[i * n + i];
            for (int j = 0; j < i; j++) {
                l[i * n + j] = 0.5 * (a[i * n + j] + a[j * n + i]);
            }
        }
        for (int i0 = 0; i0 < n; i0 += BLOCK) {
            int i1 = Math.min(i0 + BLOCK, n);
            if (i1 - i0 == BLOCK) {
                fourRowsBelow(l, n, i0);
            } else {
                for (int i = i0; i < i1; i++) {
                    for (int j = 0; j < i0; j++) {
                        entry(l, n, i, j);
                    }
                }
            }
            for (int i = i0; i < i1; i++) {
                for (int j = i0; j <= i; j++) {
                    entry(l, n, i, j);
                }
            }
        }
        return l;
    }

    private static void entry(double[] l, int n, int i, int j) {
        double s = l[i * n + j] - Dense.dot(l, i * n, l, j * n, j);
        if (i != j) {
            l[i * n + j] = s / l[j * n + j];
        } else if (s <= 0) {
            throw MatrixException.notPositiveDefinite(OP, i, s);
        } else {
            l[i * n + i] = Math.sqrt(s);
        }
    }

    /** Entries (i0..i0+3, j) for every column j left of the block, each earlier row j read once. */
    private static void fourRowsBelow(double[] l, int n, int i0) {
        int r0 = i0 * n;
        int r1 = r0 + n;
        int r2 = r1 + n;
        int r3 = r2 + n;
        for (int j = 0; j < i0; j++) {
            int rj = j * n;
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int k = 0; k < j; k++) {
                double v = l[rj + k];
                s0 += l[r0 + k] * v;
                s1 += l[r1 + k] * v;
                s2 += l[r2 + k] * v;
                s3 += l[r3 + k] * v;
            }
            double d = l[rj + j];
            l[r0 + j] = (l[r0 + j] - s0) / d;
            l[r1 + j] = (l[r1 + j] - s1) / d;
            l[r2 + j] = (l[r2 + j] - s2) / d;
            l[r3 + j] = (l[r3 + j] - s3) / d;
        }
    }

    /**
     * The forward derivative dL = L·Φ(L⁻¹ S L⁻ᵀ) with S = (dA + dAᵀ)/2.
     *
     * @param l the factor of A
     */
    public static double[] jvp(double[] l, double[] dA, int n) {
        Dense.square(dA, n, OP);
        double[] x = Triangular.solveLower(l, n, Dense.symmetricPart(dA, n));
        double[] m = Triangular.solveLower(l, n, Dense.transpose(x, n, n));
        for (int i = 0; i < n; i++) {
            m[i * n + i] *= 0.5;
            java.util.Arrays.fill(m, i * n + i + 1, i * n + n, 0);
        }
        return Dense.times(l, n, n, m, n);
    }

    /**
     * The reverse derivative Ā from the factor L and the adjoint L̄ of the factor (its entries above the
     * diagonal are ignored: they are constant zeros of L). Ā is symmetric.
     */
    public static double[] vjp(double[] l, double[] lBar, int n) {
        Dense.square(l, n, OP);
        Dense.square(lBar, n, OP);
        return n < CholeskyReverse.ROWS_FROM ? CholeskyReverse.flat(l, lBar, n) : CholeskyReverse.byRows(l, lBar, n);
    }
}
