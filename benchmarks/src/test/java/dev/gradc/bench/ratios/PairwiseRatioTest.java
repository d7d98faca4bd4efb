package dev.gradc.bench.ratios;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PairwiseRatioTest {

    @Test
    void ratioOfConstantSamplesIsTheirQuotient() {
        PairwiseRatio r = PairwiseRatio.of(new double[] {6, 6, 6}, new double[] {2, 2});
        assertEquals(3.0, r.median());
        assertEquals(3.0, r.lowerQuartile());
        assertEquals(3.0, r.upperQuartile());
    }

    @Test
    void oneDisturbedIterationDoesNotMoveTheMedian() {
        PairwiseRatio r = PairwiseRatio.of(new double[] {2, 2, 2, 2, 200}, new double[] {1, 1, 1, 1, 1});
        assertEquals(2.0, r.median());
    }

    @Test
    void medianInterpolatesBetweenTheMiddleTwo() {
        assertEquals(2.5, PairwiseRatio.median(new double[] {4, 1, 2, 3}));
    }

    @Test
    void sameSamplesGiveOne() {
        double[] a = {1.0, 1.1, 0.9, 1.05, 0.95};
        assertEquals(1.0, PairwiseRatio.of(a, a).median(), 1e-12);
    }
}
