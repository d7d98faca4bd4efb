package dev.gradc.bench.handwritten;

/**
 * The k-means program of {@code bench/KMeans.grad}: the loss Σₙ Σₖ Aₙₖ ‖xₙ − cₖ‖² and one Newton step on the
 * centres. The gradient in cₖ is 2 (mₖ cₖ − sₖ) and the Hessian 2 mₖ I, with mₖ = Σₙ Aₙₖ and sₖ = Σₙ Aₙₖ xₙ,
 * so the step cₖ − (mₖ cₖ − sₖ) / mₖ lands on the centroid sₖ / mₖ, which is what an expert computes: one pass
 * over the points accumulating mₖ and sₖ (row-major, the inner loop over the d coordinates), then one
 * division per centre. A need not be one-hot: every entry is used.
 * An instance is for one thread at a time; it allocates nothing per call but the result.
 */
public final class KMeansByHand {

    /** Points. */
    public static final int N = 1000;
    /** Centres. */
    public static final int K = 10;
    /** Dimensions. */
    public static final int D = 16;

    private final int n;
    private final int k;
    private final int d;
    private final double[] mass;
    private final double[] sums;

    /** Scratch for k centres in d dimensions. */
    public KMeansByHand(int n, int k, int d) {
        this.n = n;
        this.k = k;
        this.d = d;
        mass = new double[k];
        sums = new double[k * d];
    }

    /** The benchmark's sizes. */
    public KMeansByHand() {
        this(N, K, D);
    }

    /** Σₙ Σₖ Aₙₖ ‖xₙ − cₖ‖². */
    public double loss(double[] c, double[] x, double[] a) {
        double total = 0;
        for (int p = 0; p < n; p++) {
            int xo = p * d;
            for (int q = 0; q < k; q++) {
                int co = q * d;
                double s = 0;
                for (int j = 0; j < d; j++) {
                    double e = x[xo + j] - c[co + j];
                    s += e * e;
                }
                total += a[p * k + q] * s;
            }
        }
        return total;
    }

    /** C − (diagonal of the Hessian)⁻¹ ∇loss, which is the centroids sₖ / mₖ (c only gives the shape). */
    public double[] newton(double[] c, double[] x, double[] a) {
        java.util.Arrays.fill(mass, 0);
        java.util.Arrays.fill(sums, 0);
        for (int p = 0; p < n; p++) {
            int xo = p * d;
            for (int q = 0; q < k; q++) {
                double w = a[p * k + q];
                mass[q] += w;
                int so = q * d;
                for (int j = 0; j < d; j++) {
                    sums[so + j] += w * x[xo + j];
                }
            }
        }
        double[] out = new double[k * d];
        for (int q = 0; q < k; q++) {
            double inv = 1 / mass[q];
            int o = q * d;
            for (int j = 0; j < d; j++) {
                out[o + j] = sums[o + j] * inv;
            }
        }
        return out;
    }
}
