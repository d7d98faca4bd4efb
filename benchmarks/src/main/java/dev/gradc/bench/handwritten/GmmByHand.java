package dev.gradc.bench.handwritten;

/**
 * The ADBench Gaussian-mixture objective ({@code bench/Gmm.grad}) and its gradient by hand: per point, one
 * pass over the components computes Q_k(x − μ_k) with Q_k = diag(e^{q_k}) + L_k (L_k strictly lower, read
 * from the k-th D × D block of {@code ls}) and the logits, a log-sum-exp gives the point's weights, and a
 * second pass sends each component's weight back through its own Q_k(x − μ_k), kept from the first pass.
 * Triangular products touch the lower triangle only; e^{q} is computed once per call; scratch lives in the
 * instance (one per thread), and nothing is allocated but the results.
 *
 * <p>Layout (row-major, flat): alphas[K], means[K·D], qs[K·D], ls[K·D·D] (block k holds rows k·D..k·D+D−1;
 * entries on and above the diagonal are ignored), x[N·D].
 */
public final class GmmByHand {

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private final int k;
    private final int d;
    private final double[] expQ;
    private final double[] sumQ;
    private final double[] xc;
    private final double[] z;
    private final double[] logits;
    private final double[] dz;
    private final double[] dxc;

    /** The value and the gradient of one call. */
    public record Grad(double value, double[] alphas, double[] means, double[] qs, double[] ls) {
    }

    public GmmByHand(int k, int d) {
        this.k = k;
        this.d = d;
        expQ = new double[k * d];
        sumQ = new double[k];
        xc = new double[k * d];
        z = new double[k * d];
        logits = new double[k];
        dz = new double[d];
        dxc = new double[d];
    }

    public double objective(int n, double[] alphas, double[] means, double[] qs, double[] ls, double[] x,
                            double gamma, double m) {
        prepare(qs);
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += logits(i, alphas, means, ls, x);
        }
        return total - n * logSumExp(alphas, k) + prior(qs, ls, gamma, m) - 0.5 * n * d * LOG_2PI;
    }

    public Grad objectiveGrad(int n, double[] alphas, double[] means, double[] qs, double[] ls, double[] x,
                              double gamma, double m) {
        prepare(qs);
        double[] gA = new double[k];
        double[] gMu = new double[k * d];
        double[] gQ = new double[k * d];
        double[] gL = new double[k * d * d];
        double total = 0;
        for (int i = 0; i < n; i++) {
            double lse = logits(i, alphas, means, ls, x);
            total += lse;
            for (int c = 0; c < k; c++) {
                double w = Math.exp(logits[c] - lse);
                gA[c] += w;
                backPoint(c, w, ls, gMu, gQ, gL);
            }
        }
        double lseA = logSumExp(alphas, k);
        for (int c = 0; c < k; c++) {
            gA[c] -= n * Math.exp(alphas[c] - lseA);
        }
        double value = total - n * lseA + prior(qs, ls, gamma, m) - 0.5 * n * d * LOG_2PI;
        priorGrad(ls, gamma, m, gQ, gL);
        return new Grad(value, gA, gMu, gQ, gL);
    }

    /** e^{q} and Σq per component, once per call. */
    private void prepare(double[] qs) {
        for (int c = 0; c < k; c++) {
            double s = 0;
            for (int r = 0; r < d; r++) {
                expQ[c * d + r] = Math.exp(qs[c * d + r]);
                s += qs[c * d + r];
            }
            sumQ[c] = s;
        }
    }

    /** The logits of point i into {@code logits}, xc and z kept per component; returns their log-sum-exp. */
    private double logits(int i, double[] alphas, double[] means, double[] ls, double[] x) {
        int xo = i * d;
        double max = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < k; c++) {
            int co = c * d;
            for (int j = 0; j < d; j++) {
                xc[co + j] = x[xo + j] - means[co + j];
            }
            double sq = 0;
            for (int r = 0; r < d; r++) {
                int lo = (co + r) * d;
                double s = expQ[co + r] * xc[co + r];
                for (int j = 0; j < r; j++) {
                    s += ls[lo + j] * xc[co + j];
                }
                z[co + r] = s;
                sq += s * s;
            }
            double l = alphas[c] + sumQ[c] - 0.5 * sq;
            logits[c] = l;
            max = Math.max(max, l);
        }
        double s = 0;
        for (int c = 0; c < k; c++) {
            s += Math.exp(logits[c] - max);
        }
        return max + Math.log(s);
    }

    /** Component c's share w of point i, back through z = Q(x − μ): into the gradients of μ, q and L. */
    private void backPoint(int c, double w, double[] ls, double[] gMu, double[] gQ, double[] gL) {
        int co = c * d;
        for (int r = 0; r < d; r++) {
            dz[r] = -w * z[co + r];
            dxc[r] = expQ[co + r] * dz[r];
            gQ[co + r] += w + dz[r] * expQ[co + r] * xc[co + r];
        }
        for (int r = 1; r < d; r++) {
            int lo = (co + r) * d;
            double g = dz[r];
            for (int j = 0; j < r; j++) {
                gL[lo + j] += g * xc[co + j];
                dxc[j] += ls[lo + j] * g;
            }
        }
        for (int j = 0; j < d; j++) {
            gMu[co + j] -= dxc[j];
        }
    }

    private double prior(double[] qs, double[] ls, double gamma, double m) {
        double s = 0;
        double q = 0;
        for (int c = 0; c < k; c++) {
            for (int r = 0; r < d; r++) {
                double e = expQ[c * d + r];
                s += e * e;
                q += qs[c * d + r];
                int lo = (c * d + r) * d;
                for (int j = 0; j < r; j++) {
                    s += ls[lo + j] * ls[lo + j];
                }
            }
        }
        return 0.5 * gamma * gamma * s - m * q;
    }

    private void priorGrad(double[] ls, double gamma, double m, double[] gQ, double[] gL) {
        double g2 = gamma * gamma;
        for (int c = 0; c < k; c++) {
            for (int r = 0; r < d; r++) {
                double e = expQ[c * d + r];
                gQ[c * d + r] += g2 * e * e - m;
                int lo = (c * d + r) * d;
                for (int j = 0; j < r; j++) {
                    gL[lo + j] += g2 * ls[lo + j];
                }
            }
        }
    }

    private static double logSumExp(double[] v, int n) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, v[i]);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.exp(v[i] - max);
        }
        return max + Math.log(s);
    }
}
