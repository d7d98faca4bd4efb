package dev.gradc.bench;

import dev.gradc.bench.handwritten.MlpByHand;

/**
 * One batch and one set of weights for the MLP program, all flat and row-major: {@code x: B×32} standard
 * normal, {@code y: B×10} one-hot, {@code W1: 32×64} and {@code W2: 64×10} with variance 1/fan-in,
 * small biases.
 */
public record MlpData(int B, double[] x, double[] y, double[] W1, double[] b1, double[] W2, double[] b2) {

    /** The batch size of the benchmarks. */
    public static final int BATCH = 64;

    /** Draws a batch of {@code B} rows and a set of weights from {@code in}. */
    public static MlpData draw(Inputs in, int B) {
        int n = MlpByHand.IN;
        int m = MlpByHand.HIDDEN;
        int k = MlpByHand.OUT;
        double[] x = in.normal(B * n, 1.0);
        double[] y = in.oneHot(B, k);
        double[] w1 = in.normal(n * m, 1.0 / Math.sqrt(n));
        double[] b1 = in.normal(m, 0.1);
        double[] w2 = in.normal(m * k, 1.0 / Math.sqrt(m));
        double[] b2 = in.normal(k, 0.1);
        return new MlpData(B, x, y, w1, b1, w2, b2);
    }

    /** The benchmarks' batch: {@link #BATCH} rows drawn from {@link Inputs#standard()}. */
    public static MlpData standard() {
        return draw(Inputs.standard(), BATCH);
    }
}
