package dev.gradc.runtime.linalg;

import dev.gradc.runtime.Rows;

/**
 * The dense building blocks the factorisations and their derivative rules share: shape checks, dot
 * products with independent accumulators, and the products with a transpose that the rules need, all on
 * flat row-major {@code double[]} matrices. A transpose is never formed: {@code A·Bᵀ} takes dot products of
 * rows, {@code Aᵀ·B} accumulates rows.
 */
public final class Dense {

    /** Rows of the right factor a product keeps in cache at once (64 rows of 512 doubles: 256 KiB). */
    static final int K_PANEL = 64;

    private Dense() {
    }

    /** Checks that {@code a} holds an {@code n × n} matrix. */
    static void square(double[] a, int n, String op) {
        if (n < 0 || a.length != (long) n * n) {
            throw new IllegalArgumentException(op + ": an array of length " + a.length + " is no " + n + "×" + n + " matrix");
        }
    }

    /** Checks that {@code b} holds {@code n} rows of {@code m} and returns m. */
    static int columns(double[] b, int n, String op) {
        if (n == 0) {
            return 0;
        }
        if (b.length % n != 0) {
            throw new IllegalArgumentException(op + ": an array of length " + b.length + " is not " + n + " rows");
        }
        return b.length / n;
    }

    /** Σ_{k<len} x[xo+k]·y[yo+k], four independent partial sums (the loop then runs at the adder's throughput). */
    static double dot(double[] x, int xo, double[] y, int yo, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < len; k += 4) {
            s0 += x[xo + k] * y[yo + k];
            s1 += x[xo + k + 1] * y[yo + k + 1];
            s2 += x[xo + k + 2] * y[yo + k + 2];
            s3 += x[xo + k + 3] * y[yo + k + 3];
        }
        for (; k < len; k++) {
            s0 += x[xo + k] * y[yo + k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Σ_{k<len} x[k]·y[k] over two rows, with four partial sums. */
    static double dot(double[] x, double[] y, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < len; k += 4) {
            s0 += x[k] * y[k];
            s1 += x[k + 1] * y[k + 1];
            s2 += x[k + 2] * y[k + 2];
            s3 += x[k + 3] * y[k + 3];
        }
        for (; k < len; k++) {
            s0 += x[k] * y[k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** y[yo+k] += s·x[xo+k] for k < len. */
    static void axpy(double s, double[] x, int xo, double[] y, int yo, int len) {
        for (int k = 0; k < len; k++) {
            y[yo + k] += s * x[xo + k];
        }
    }

    /**
     * y[k] += s·x[k] for from ≤ k < to. Bare indices and one store per loop: the form HotSpot C2 vectorises
     * (on JDK 17 a loop over offsets into one flat array, {@code y[yo + k]}, stays scalar and is about
     * three times slower), which is why the kernels' updates run on one Java array per row.
     */
    static void axpy(double s, double[] x, double[] y, int from, int to) {
        for (int k = from; k < to; k++) {
            y[k] += s * x[k];
        }
    }

    /**
     * y[k] += s0·x0[k] + s1·x1[k] + s2·x2[k] + s3·x3[k] for from ≤ k < to: four updates of y in one pass, still
     * one store per loop, so y is read and written once for four rows.
     */
    static void axpy4(double s0, double[] x0, double s1, double[] x1, double s2, double[] x2, double s3, double[] x3,
            double[] y, int from, int to) {
        for (int k = from; k < to; k++) {
            y[k] += s0 * x0[k] + s1 * x1[k] + s2 * x2[k] + s3 * x3[k];
        }
    }

    /** A·Bᵀ for A {@code n × m} and B {@code p × m}: B is transposed once (O(pm)), then multiplied by rows. */
    public static double[] timesTransposed(double[] a, int n, double[] b, int p, int m) {
        return times(a, n, m, transpose(b, p, m), p);
    }

    /**
     * A·B for A {@code n × k} and B {@code k × m}: row i of the product accumulates a_iq times row q of B,
     * each update a vectorised {@link #axpy} over rows held as separate arrays. B's rows are taken
     * {@value #K_PANEL} at a time, so that the panel stays in cache while every row of A passes over it.
     */
    public static double[] times(double[] a, int n, int k, double[] b, int m) {
        double[][] bRows = Rows.split(b, k, m);
        double[][] c = new double[n][m];
        for (int q0 = 0; q0 < k; q0 += K_PANEL) {
            int q1 = Math.min(k, q0 + K_PANEL);
            for (int i = 0; i < n; i++) {
                double[] ci = c[i];
                int ai = i * k;
                int q = q0;
                for (; q + 3 < q1; q += 4) {
                    axpy4(a[ai + q], bRows[q], a[ai + q + 1], bRows[q + 1], a[ai + q + 2], bRows[q + 2],
                            a[ai + q + 3], bRows[q + 3], ci, 0, m);
                }
                for (; q < q1; q++) {
                    axpy(a[ai + q], bRows[q], ci, 0, m);
                }
            }
        }
        return Rows.join(c, new double[n * m]);
    }

    /** Aᵀ·B for A {@code k × n} and B {@code k × m}: row q of A scales row q of B into every row of the result. */
    public static double[] transposedTimes(double[] a, int k, int n, double[] b, int m) {
        return times(transpose(a, k, n), n, k, b, m);
    }

    /** The transpose of the {@code n × m} matrix a. */
    public static double[] transpose(double[] a, int n, int m) {
        double[] t = new double[a.length];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                t[j * n + i] = a[i * m + j];
            }
        }
        return t;
    }

    /** (A + Aᵀ)/2 of the square matrix a. */
    public static double[] symmetricPart(double[] a, int n) {
        double[] s = new double[a.length];
        for (int i = 0; i < n; i++) {
            s[i * n + i] = a[i * n + i];
            for (int j = 0; j < i; j++) {
                double v = 0.5 * (a[i * n + j] + a[j * n + i]);
                s[i * n + j] = v;
                s[j * n + i] = v;
            }
        }
        return s;
    }

    /** The lower triangle of the square matrix a, diagonal included; zeros above. */
    public static double[] lower(double[] a, int n) {
        double[] l = new double[a.length];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a, i * n, l, i * n, i + 1);
        }
        return l;
    }
}
