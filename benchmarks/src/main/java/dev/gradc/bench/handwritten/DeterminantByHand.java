package dev.gradc.bench.handwritten;

/**
 * The determinant of {@code bench/Determinant.grad} by LU factorisation with partial pivoting (the same
 * pivots as the program's elimination), and its gradient by the identity ∂det(A)/∂A = det(A)·A⁻ᵀ: the
 * factors give det(A)·A⁻¹ by forward and back substitution, transposed into the result — the adjoint an
 * expert derives by hand instead of reversing the elimination, O(n³) like it, with the n solves run together
 * as axpys over whole rows of n. The factors and the rows live in scratch memory owned by the instance (one
 * thread at a time); nothing is allocated per call but the result.
 * <p>{@link #detGradReversed} is the other gradient an expert writes: the elimination itself reversed by hand
 * (reverse mode of the same loops, the multipliers and pivots kept by the factorisation), the like-for-like
 * baseline for a compiler that reverses the program as written rather than knowing the identity.
 * <p>{@link #detGradReversedWholeRows} reverses the program's own loops: {@code bench/Determinant.grad} updates
 * whole rows ({@code U[i, :] = U[i, :] - m * U[k, :]}: a slice's length must be a size, so the program cannot say
 * "right of the pivot"), and so does this gradient, forward and reversed. It is what a compiler that reverses
 * the program as written can reach at best: the like-for-like baseline of the generated gradient.
 */
public final class DeterminantByHand {

    /** The benchmark's size. */
    public static final int N = 32;

    /** The value and the adjoint of {@code A} (row-major). */
    public record Grad(double value, double[] A) {
    }

    private final int n;
    private final double[] lu;
    private final int[] perm;
    private final double[][] inverseRows;
    /** The row swapped into place at each column, and the signed product of the pivots before it. */
    private final int[] pivotRow;
    private final double[] detBefore;
    /** The adjoint of the matrix during the reversal (row-major). */
    private final double[] adjoint;
    /** The whole-row elimination's multipliers, {@code multipliers[k * n + i]} for row i at column k. */
    private final double[] multipliers;

    /** Scratch for n × n matrices. */
    public DeterminantByHand(int n) {
        this.n = n;
        lu = new double[n * n];
        perm = new int[n];
        inverseRows = new double[n][n];
        pivotRow = new int[n];
        detBefore = new double[n];
        adjoint = new double[n * n];
        multipliers = new double[n * n];
    }

    /** For {@link #N}. */
    public DeterminantByHand() {
        this(N);
    }

    /** det(A). */
    public double det(double[] a) {
        return factor(a);
    }

    /** det(A) and det(A)·A⁻ᵀ. */
    public Grad detGrad(double[] a) {
        double det = factor(a);
        double[] f = lu;
        double[][] x = inverseRows;
        // P A = L U, so det·A⁻¹ = U⁻¹ L⁻¹ (det·P): start from det·P, then forward and back substitution on
        // whole rows (axpys over rows of n, which C2 vectorises), all n right-hand sides at once
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(x[i], 0.0);
            x[i][perm[i]] = det;
        }
        for (int i = 1; i < n; i++) {
            double[] xi = x[i];
            for (int k = 0; k < i; k++) {
                double l = f[i * n + k];
                double[] xk = x[k];
                for (int j = 0; j < n; j++) {
                    xi[j] -= l * xk[j];
                }
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            double[] xi = x[i];
            for (int k = i + 1; k < n; k++) {
                double u = f[i * n + k];
                double[] xk = x[k];
                for (int j = 0; j < n; j++) {
                    xi[j] -= u * xk[j];
                }
            }
            double inverse = 1 / f[i * n + i];
            for (int j = 0; j < n; j++) {
                xi[j] *= inverse;
            }
        }
        double[] g = new double[n * n];
        for (int i = 0; i < n; i++) {
            double[] xi = x[i];
            for (int j = 0; j < n; j++) {
                g[j * n + i] = xi[j];
            }
        }
        return new Grad(det, g);
    }

    /**
     * det(A) and its gradient by reversing the elimination: the chain {@code d = d·U[k, k]} backwards (so a zero
     * pivot is no special case), each column's row updates {@code U[i, j] -= m_i U[k, j]} (j > k) backwards,
     * giving the pivot row's adjoint and each multiplier's, then {@code m_i = U[i, k] / U[k, k]}, then the swap
     * of rows k and p undone on the adjoint (and on the earlier columns' multipliers). About twice the factorisation's multiply-adds, in one pass per
     * column over contiguous rows.
     */
    public Grad detGradReversed(double[] a) {
        double det = factor(a);
        double[] f = lu;
        double[] g = adjoint;
        java.util.Arrays.fill(g, 0.0);
        double dBar = 1;
        for (int k = n - 1; k >= 0; k--) {
            int kk = k * n + k;
            double pivot = f[kk];
            // d_{k+1} = d_k · U[k, k], with d_k the signed product before column k (after its swap)
            g[kk] += dBar * detBefore[k];
            dBar *= pivot;
            // U[i, j] -= m_i U[k, j] for j > k, m_i = U[i, k] / U[k, k] (stored in f[i, k])
            double pivotBar = 0;
            for (int i = k + 1; i < n; i++) {
                int row = i * n;
                int pivotRowStart = k * n;
                double m = f[row + k];
                double mBar = 0;
                for (int j = k + 1; j < n; j++) {
                    double rowBar = g[row + j];
                    mBar -= rowBar * f[pivotRowStart + j];
                    g[pivotRowStart + j] -= m * rowBar;
                }
                double aBar = mBar / pivot;
                g[row + k] = aBar;
                pivotBar -= aBar * m;
            }
            g[kk] += pivotBar;
            int p = pivotRow[k];
            if (p != k) {
                swapRows(g, k, p);
                // the earlier columns' multipliers moved with the rows: put them back where those columns saw them
                for (int j = 0; j < k; j++) {
                    double t = f[k * n + j];
                    f[k * n + j] = f[p * n + j];
                    f[p * n + j] = t;
                }
                dBar = -dBar;
            }
        }
        return new Grad(det, g.clone());
    }

    /**
     * det(A) and its gradient by reversing the program's own elimination, whole rows: forward, each row update
     * {@code U[i, :] -= m_i U[k, :]} runs over the whole row (entries left of the pivot become rounding residues
     * no later step reads, so the value is the same) and keeps m_i; reversed, one fused pass per row gives
     * m_i's adjoint and adds −m_i times the row's adjoint into the pivot row's, over the whole row. Row k is not
     * written after column k, so its final entries are the ones column k read: no row is kept but the
     * factorisation. The multipliers are kept per column and row position, so a later swap does not move them.
     */
    public Grad detGradReversedWholeRows(double[] a) {
        double det = factorWholeRows(a);
        double[] f = lu;
        double[] mult = multipliers;
        double[] g = adjoint;
        java.util.Arrays.fill(g, 0.0);
        double dBar = 1;
        for (int k = n - 1; k >= 0; k--) {
            int pivotRowStart = k * n;
            int kk = pivotRowStart + k;
            double pivot = f[kk];
            g[kk] += dBar * detBefore[k];
            dBar *= pivot;
            double pivotBar = 0;
            for (int i = n - 1; i > k; i--) {
                int row = i * n;
                double m = mult[pivotRowStart + i];
                double mBar = 0;
                for (int j = 0; j < n; j++) {
                    double rowBar = g[row + j];
                    mBar -= rowBar * f[pivotRowStart + j];
                    g[pivotRowStart + j] -= m * rowBar;
                }
                double aBar = mBar / pivot;
                g[row + k] += aBar;
                pivotBar -= aBar * m;
            }
            g[kk] += pivotBar;
            int p = pivotRow[k];
            if (p != k) {
                for (int j = 0; j < n; j++) {
                    double t = g[pivotRowStart + j];
                    g[pivotRowStart + j] = g[p * n + j];
                    g[p * n + j] = t;
                }
                dBar = -dBar;
            }
        }
        return new Grad(det, g.clone());
    }

    /** The program's elimination into {@code lu}: whole-row updates, the multipliers into {@code multipliers}. */
    private double factorWholeRows(double[] a) {
        if (a.length != n * n) {
            throw new IllegalArgumentException("A has " + a.length + " entries, not " + n + "×" + n);
        }
        double[] f = lu;
        double[] mult = multipliers;
        System.arraycopy(a, 0, f, 0, n * n);
        double det = 1;
        for (int k = 0; k < n; k++) {
            int p = choosePivot(f, k);
            if (p != k) {
                swapRows(f, k, p);
                det = -det;
            }
            pivotRow[k] = p;
            detBefore[k] = det;
            int pivotRowStart = k * n;
            double pivot = f[pivotRowStart + k];
            det *= pivot;
            for (int i = k + 1; i < n; i++) {
                int row = i * n;
                double m = f[row + k] / pivot;
                mult[pivotRowStart + i] = m;
                for (int j = 0; j < n; j++) {
                    f[row + j] -= m * f[pivotRowStart + j];
                }
            }
        }
        return det;
    }

    /** Factors A into {@code lu} (L below the diagonal, unit diagonal implied; U on and above) and {@code perm}. */
    private double factor(double[] a) {
        if (a.length != n * n) {
            throw new IllegalArgumentException("A has " + a.length + " entries, not " + n + "×" + n);
        }
        double[] f = lu;
        System.arraycopy(a, 0, f, 0, n * n);
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        double det = 1;
        for (int k = 0; k < n; k++) {
            int p = choosePivot(f, k);
            if (p != k) {
                swapRows(f, k, p);
                int t = perm[k];
                perm[k] = perm[p];
                perm[p] = t;
                det = -det;
            }
            pivotRow[k] = p;
            detBefore[k] = det;
            double pivot = f[k * n + k];
            det *= pivot;
            for (int i = k + 1; i < n; i++) {
                double m = f[i * n + k] / pivot;
                f[i * n + k] = m;
                for (int j = k + 1; j < n; j++) {
                    f[i * n + j] -= m * f[k * n + j];
                }
            }
        }
        return det;
    }

    /** The row at or below k with the largest |f[i, k]| (the first of equals): partial pivoting's choice. */
    private int choosePivot(double[] f, int k) {
        int p = k;
        double best = Math.abs(f[k * n + k]);
        for (int i = k + 1; i < n; i++) {
            double v = Math.abs(f[i * n + k]);
            if (v > best) {
                p = i;
                best = v;
            }
        }
        return p;
    }

    /** Swaps rows k and p of the n×n matrix f. */
    private void swapRows(double[] f, int k, int p) {
        for (int j = 0; j < n; j++) {
            double t = f[k * n + j];
            f[k * n + j] = f[p * n + j];
            f[p * n + j] = t;
        }
    }
}
