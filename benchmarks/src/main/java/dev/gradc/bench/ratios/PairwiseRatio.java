package dev.gradc.bench.ratios;

import java.util.Arrays;

/**
 * The ratio of two benchmarks' times as the median of the ratios of all pairs of their measurement
 * iterations, {@code a_i / b_j}: robust against a single disturbed iteration on either side, and 1.0
 * for two samples of the same distribution. The quartiles of the same pairwise ratios give its spread.
 */
record PairwiseRatio(double median, double lowerQuartile, double upperQuartile) {

    /** The pairwise ratio of {@code a} over {@code b}; both need at least one positive sample. */
    static PairwiseRatio of(double[] a, double[] b) {
        if (a.length == 0 || b.length == 0) {
            throw new IllegalArgumentException("no measurement iterations");
        }
        double[] ratios = new double[a.length * b.length];
        int n = 0;
        for (double x : a) {
            for (double y : b) {
                ratios[n++] = x / y;
            }
        }
        Arrays.sort(ratios);
        return new PairwiseRatio(quantile(ratios, 0.5), quantile(ratios, 0.25), quantile(ratios, 0.75));
    }

    /** The median of one benchmark's iterations. */
    static double median(double[] samples) {
        double[] sorted = samples.clone();
        Arrays.sort(sorted);
        return quantile(sorted, 0.5);
    }

    /** Linear interpolation between order statistics (the usual definition, R's type 7). */
    private static double quantile(double[] sorted, double q) {
        double at = q * (sorted.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (at - lo) * (sorted[hi] - sorted[lo]);
    }
}
