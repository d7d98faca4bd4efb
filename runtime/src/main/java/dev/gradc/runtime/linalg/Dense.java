package dev.gradc.runtime.linalg;

/**
 * The dense building blocks the factorisations and their derivative rules share: shape checks, dot
 * products with independent accumulators, and the products with a transpose that the rules need, all on
 * flat row-major {@code double[]} matrices. A transpose is never formed: {@code A·Bᵀ} takes dot products of
 * rows, {@code Aᵀ·B} accumulates rows.
 */
public final class Dense {

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

    /** y[yo+k] += s·x[xo+k] for k < len. */
    static void axpy(double s, double[] x, int xo, double[] y, int yo, int len) {
        for (int k = 0; k < len; k++) {
            y[yo + k] += s * x[xo + k];
        }
    }

    /** A·Bᵀ for A {@code n × m} and B {@code p × m}: dot products of rows, two rows of A at a time. */
    public static double[] timesTransposed(double[] a, int n, double[] b, int p, int m) {
        double[] c = new double[n * p];
        int i = 0;
        for (; i + 1 < n; i += 2) {
            int a0 = i * m;
            int a1 = a0 + m;
            for (int j = 0; j < p; j++) {
                int bj = j * m;
                double s0 = 0;
                double s1 = 0;
                for (int k = 0; k < m; k++) {
                    double bk = b[bj + k];
                    s0 += a[a0 + k] * bk;
                    s1 += a[a1 + k] * bk;
                }
                c[i * p + j] = s0;
                c[(i + 1) * p + j] = s1;
            }
        }
        for (; i < n; i++) {
            for (int j = 0; j < p; j++) {
                c[i * p + j] = dot(a, i * m, b, j * m, m);
            }
        }
        return c;
    }

    /** A·B for A {@code n × k} and B {@code k × m}, accumulating rows of B (i-k-j order). */
    public static double[] times(double[] a, int n, int k, double[] b, int m) {
        double[] c = new double[n * m];
        for (int i = 0; i < n; i++) {
            int ci = i * m;
            for (int q = 0; q < k; q++) {
                double s = a[i * k + q];
                if (s != 0) {
                    axpy(s, b, q * m, c, ci, m);
                }
            }
        }
        return c;
    }

    /** Aᵀ·B for A {@code k × n} and B {@code k × m}: row q of A scales row q of B into every row of the result. */
    public static double[] transposedTimes(double[] a, int k, int n, double[] b, int m) {
        double[] c = new double[n * m];
        for (int q = 0; q < k; q++) {
            for (int i = 0; i < n; i++) {
                double s = a[q * n + i];
                if (s != 0) {
                    axpy(s, b, q * m, c, i * m, m);
                }
            }
        }
        return c;
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
