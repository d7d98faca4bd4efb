package programs;

/**
 * Independent truth for the array programs' tests, by other algorithms than the programs use: the
 * determinant by cofactor expansion, the inverse by Gauss–Jordan elimination, least squares by the normal
 * equations and Cholesky. Matrices are flat, row-major.
 */
final class Truth {

    private Truth() {
    }

    /** det(A) by expansion along the first row (n! terms: for small n only). */
    static double detByCofactors(double[] a, int n) {
        if (n == 1) {
            return a[0];
        }
        double det = 0;
        double[] minor = new double[(n - 1) * (n - 1)];
        for (int col = 0; col < n; col++) {
            int q = 0;
            for (int i = 1; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    if (j != col) {
                        minor[q++] = a[i * n + j];
                    }
                }
            }
            double term = a[col] * detByCofactors(minor, n - 1);
            det += col % 2 == 0 ? term : -term;
        }
        return det;
    }

    /** A⁻¹ by Gauss–Jordan elimination on [A | I] with partial pivoting. */
    static double[] inverse(double[] a, int n) {
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = a[i * n + j];
            }
            m[i][n + i] = 1;
        }
        for (int k = 0; k < n; k++) {
            int p = k;
            for (int i = k + 1; i < n; i++) {
                if (Math.abs(m[i][k]) > Math.abs(m[p][k])) {
                    p = i;
                }
            }
            double[] swap = m[k];
            m[k] = m[p];
            m[p] = swap;
            double pivot = m[k][k];
            for (int j = 0; j < 2 * n; j++) {
                m[k][j] /= pivot;
            }
            for (int i = 0; i < n; i++) {
                if (i != k) {
                    double f = m[i][k];
                    for (int j = 0; j < 2 * n; j++) {
                        m[i][j] -= f * m[k][j];
                    }
                }
            }
        }
        double[] inv = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inv, i * n, n);
        }
        return inv;
    }

    /** V[i, j] = t[i]^j, N × M. */
    static double[] vandermonde(double[] t, int m) {
        double[] v = new double[t.length * m];
        for (int i = 0; i < t.length; i++) {
            double p = 1;
            for (int j = 0; j < m; j++) {
                v[i * m + j] = p;
                p *= t[i];
            }
        }
        return v;
    }

    /** Vᵀ (V c − y): the gradient of ½‖V c − y‖². */
    static double[] normalResidual(double[] v, double[] c, double[] y) {
        int m = c.length;
        double[] g = new double[m];
        for (int i = 0; i < y.length; i++) {
            double r = -y[i];
            for (int j = 0; j < m; j++) {
                r += v[i * m + j] * c[j];
            }
            for (int j = 0; j < m; j++) {
                g[j] += v[i * m + j] * r;
            }
        }
        return g;
    }

    /** The c minimising ‖V c − y‖: VᵀV c = Vᵀy by Cholesky. */
    static double[] leastSquares(double[] v, double[] y, int m) {
        double[] a = new double[m * m];
        double[] rhs = new double[m];
        for (int i = 0; i < y.length; i++) {
            for (int j = 0; j < m; j++) {
                rhs[j] += v[i * m + j] * y[i];
                for (int k = 0; k < m; k++) {
                    a[j * m + k] += v[i * m + j] * v[i * m + k];
                }
            }
        }
        double[] l = new double[m * m];
        for (int j = 0; j < m; j++) {
            for (int k = 0; k <= j; k++) {
                double s = a[j * m + k];
                for (int q = 0; q < k; q++) {
                    s -= l[j * m + q] * l[k * m + q];
                }
                l[j * m + k] = j == k ? Math.sqrt(s) : s / l[k * m + k];
            }
        }
        double[] z = new double[m];
        for (int j = 0; j < m; j++) {
            double s = rhs[j];
            for (int q = 0; q < j; q++) {
                s -= l[j * m + q] * z[q];
            }
            z[j] = s / l[j * m + j];
        }
        double[] c = new double[m];
        for (int j = m - 1; j >= 0; j--) {
            double s = z[j];
            for (int q = j + 1; q < m; q++) {
                s -= l[q * m + j] * c[q];
            }
            c[j] = s / l[j * m + j];
        }
        return c;
    }
}
