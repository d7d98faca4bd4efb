package dev.gradc.bench;

import java.util.SplittableRandom;

/**
 * Fixed-seed random inputs, the same in every benchmark, test and peer, so that runs compare like
 * with like. Weights are scaled as a practitioner would initialise them (variance 1/fan-in), which
 * keeps tanh out of saturation and the gradients informative.
 */
public final class Inputs {

    /** The seed of every benchmark input. */
    public static final long SEED = 20_260_701L;

    private final SplittableRandom random;

    /** A stream of inputs from {@code seed}. */
    public Inputs(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The benchmarks' stream. */
    public static Inputs standard() {
        return new Inputs(SEED);
    }

    /** A uniform number in [lo, hi). */
    public double uniform(double lo, double hi) {
        return random.nextDouble(lo, hi);
    }

    /** {@code n} normal numbers with standard deviation {@code sigma}. */
    public double[] normal(int n, double sigma) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = sigma * gaussian();
        }
        return v;
    }

    /** A {@code rows×classes} one-hot matrix, flat and row-major, with uniformly drawn labels. */
    public double[] oneHot(int rows, int classes) {
        double[] v = new double[rows * classes];
        for (int i = 0; i < rows; i++) {
            v[i * classes + random.nextInt(classes)] = 1.0;
        }
        return v;
    }

    /** A standard normal number (Box–Muller; SplittableRandom has no nextGaussian on JDK 17). */
    private double gaussian() {
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
