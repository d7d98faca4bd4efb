package programs;

/**
 * Independent truths for the linear-algebra programs, written the plain way: dense matrices as double[][],
 * Gaussian elimination with partial pivoting for log-determinants and solves, ADBench's loops for the
 * mixture, and the Kalman model's likelihood as one Gaussian over all observations at once.
 */
final class Naive {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private Naive() {
    }

    /** {log|det A|, then A⁻¹b}, by elimination with partial pivoting (A and b are overwritten). */
    static double[] logDetAndSolve(double[][] a, double[] b) {
        int n = b.length;
        double logDet = 0;
        for (int c = 0; c < n; c++) {
            int p = c;
            for (int r = c + 1; r < n; r++) {
                p = Math.abs(a[r][c]) > Math.abs(a[p][c]) ? r : p;
            }
            double[] row = a[p];
            a[p] = a[c];
            a[c] = row;
            double bt = b[p];
            b[p] = b[c];
            b[c] = bt;
            logDet += Math.log(Math.abs(a[c][c]));
            for (int r = c + 1; r < n; r++) {
                double f = a[r][c] / a[c][c];
                for (int j = c; j < n; j++) {
                    a[r][j] -= f * a[c][j];
                }
                b[r] -= f * b[c];
            }
        }
        double[] out = new double[n + 1];
        out[0] = logDet;
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int j = i + 1; j < n; j++) {
                s -= a[i][j] * out[1 + j];
            }
            out[1 + i] = s / a[i][i];
        }
        return out;
    }

    /** −log N(y; 0, Σ) for Σ (overwritten). */
    static double negLogGaussian(double[][] sigma, double[] y) {
        double[] r = logDetAndSolve(sigma, y.clone());
        double quad = 0;
        for (int i = 0; i < y.length; i++) {
            quad += y[i] * r[1 + i];
        }
        return 0.5 * quad + 0.5 * r[0] + 0.5 * y.length * LOG_2PI;
    }

    static double gpNlml(double[] theta, double[] x, double[] y) {
        int n = x.length;
        double[][] k = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double d = x[i] - x[j];
                k[i][j] = Math.exp(theta[1]) * Math.exp(-d * d / (2 * Math.exp(2 * theta[0]))) + (i == j ? Math.exp(theta[2]) : 0);
            }
        }
        return negLogGaussian(k, y);
    }

    /**
     * The Kalman model's log-likelihood as one Gaussian over y_1..y_T (one observation each step, state of
     * size 2): x_t = Aᵗx_0 + Σ_{s≤t} A^{t−s} w_s, so E y_t = H Aᵗ m0 and
     * Cov(y_t, y_u) = H (Aᵗ A^{uᵀ} + Σ_{s≤min(t,u)} A^{t−s} Q A^{(u−s)ᵀ}) Hᵀ + [t = u] r.
     */
    static double batchGaussian(double[] a, double[] logq, double[] logr, double[] h, double[] ys, double[] m0) {
        int t = ys.length;
        double[][][] powers = new double[t + 1][][];
        powers[0] = new double[][] {{1, 0}, {0, 1}};
        double[][] am = {{a[0], a[1]}, {a[2], a[3]}};
        for (int s = 1; s <= t; s++) {
            powers[s] = times(am, powers[s - 1]);
        }
        double[][] q = {{Math.exp(logq[0]), 0}, {0, Math.exp(logq[1])}};
        double[] e = new double[t];
        double[][] sigma = new double[t][t];
        for (int i = 1; i <= t; i++) {
            double[] mean = apply(powers[i], m0);
            e[i - 1] = ys[i - 1] - (h[0] * mean[0] + h[1] * mean[1]);
            for (int j = 1; j <= t; j++) {
                double[][] cov = times(powers[i], transpose(powers[j]));
                for (int s = 1; s <= Math.min(i, j); s++) {
                    cov = plus(cov, times(times(powers[i - s], q), transpose(powers[j - s])));
                }
                sigma[i - 1][j - 1] = h[0] * (cov[0][0] * h[0] + cov[0][1] * h[1]) + h[1] * (cov[1][0] * h[0] + cov[1][1] * h[1])
                        + (i == j ? Math.exp(logr[0]) : 0);
            }
        }
        return -negLogGaussian(sigma, e);
    }

    /** ADBench's objective, loop by loop (without the Wishart normalisation constant). */
    static double gmm(GmmCase c) {
        int d = c.d;
        double total = 0;
        double[] logits = new double[c.k];
        double[] z = new double[d];
        for (int i = 0; i < c.n; i++) {
            for (int k = 0; k < c.k; k++) {
                double sumQ = 0;
                double sq = 0;
                for (int r = 0; r < d; r++) {
                    sumQ += c.qs[k * d + r];
                    double s = Math.exp(c.qs[k * d + r]) * (c.x[i * d + r] - c.means[k * d + r]);
                    for (int j = 0; j < r; j++) {
                        s += c.ls[(k * d + r) * d + j] * (c.x[i * d + j] - c.means[k * d + j]);
                    }
                    z[r] = s;
                    sq += s * s;
                }
                logits[k] = c.alphas[k] + sumQ - 0.5 * sq;
            }
            total += logSumExp(logits);
        }
        double prior = 0;
        for (int k = 0; k < c.k; k++) {
            for (int r = 0; r < d; r++) {
                double e = Math.exp(c.qs[k * d + r]);
                prior += 0.5 * c.gamma * c.gamma * e * e - c.m * c.qs[k * d + r];
                for (int j = 0; j < r; j++) {
                    double l = c.ls[(k * d + r) * d + j];
                    prior += 0.5 * c.gamma * c.gamma * l * l;
                }
            }
        }
        return total - c.n * logSumExp(c.alphas) + prior - 0.5 * c.n * d * LOG_2PI;
    }

    private static double logSumExp(double[] v) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            max = Math.max(max, x);
        }
        double s = 0;
        for (double x : v) {
            s += Math.exp(x - max);
        }
        return max + Math.log(s);
    }

    private static double[][] times(double[][] a, double[][] b) {
        double[][] c = new double[2][2];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                c[i][j] = a[i][0] * b[0][j] + a[i][1] * b[1][j];
            }
        }
        return c;
    }

    private static double[][] transpose(double[][] a) {
        return new double[][] {{a[0][0], a[1][0]}, {a[0][1], a[1][1]}};
    }

    private static double[][] plus(double[][] a, double[][] b) {
        return new double[][] {{a[0][0] + b[0][0], a[0][1] + b[0][1]}, {a[1][0] + b[1][0], a[1][1] + b[1][1]}};
    }

    private static double[] apply(double[][] a, double[] v) {
        return new double[] {a[0][0] * v[0] + a[0][1] * v[1], a[1][0] * v[0] + a[1][1] * v[1]};
    }
}
