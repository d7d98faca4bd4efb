package dev.gradc.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.runtime.parallel.GradientSum;
import dev.gradc.runtime.parallel.Reduction;
import dev.gradc.runtime.parallel.ValueAndGradient;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactSumTest {

    /** A partition whose one batch (of one row, summed) has loss {@code value} and gradient {@code g}. */
    private static ExactSum partition(double value, double... g) {
        GradientSum s = new GradientSum();
        s.add(1, ValueAndGradient.of(value, g), Reduction.SUM);
        return ExactSum.of(s);
    }

    @Test
    void partitionSumsAreAddedExactlyWhereDoublesWouldLoseThem() {
        // in doubles, (1e16 + 1) - 1e16 is 0 or 2 depending on rounding; exactly it is 1
        ExactSum total = partition(1e16, 1e16).plus(partition(1, 1)).plus(partition(-1e16, -1e16));
        ValueAndGradient g = total.finish(Reduction.SUM);
        assertEquals(1.0, g.value(), 0.0);
        assertEquals(1.0, g.gradient()[0][0], 0.0);
    }

    @Test
    void everyOrderAndGroupingGivesTheSameBits() {
        Random random = new Random(1);
        List<double[]> parts = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            parts.add(new double[] {random.nextGaussian() * Math.pow(10, random.nextInt(12)), random.nextGaussian()});
        }
        Long first = null;
        for (int trial = 0; trial < 20; trial++) {
            Collections.shuffle(parts, random);
            ExactSum left = new ExactSum();
            ExactSum right = new ExactSum();
            int split = random.nextInt(parts.size());
            for (int i = 0; i < parts.size(); i++) {
                (i < split ? left : right).plus(partition(parts.get(i)[0], parts.get(i)[1]));
            }
            ValueAndGradient g = right.plus(left).finish(Reduction.SUM);
            long bits = Double.doubleToLongBits(g.value()) ^ Double.doubleToLongBits(g.gradient()[0][0]) * 31;
            if (first == null) {
                first = bits;
            }
            assertEquals(first.longValue(), bits, "trial " + trial);
        }
    }

    @Test
    void emptyPartitionsAddNothingAndNonFiniteValuesSurvive() {
        ExactSum total = ExactSum.of(new GradientSum()).plus(partition(2, Double.POSITIVE_INFINITY))
                .plus(ExactSum.of(new GradientSum())).plus(partition(3, 1));
        ValueAndGradient g = total.finish(Reduction.SUM);
        assertEquals(5.0, g.value(), 0.0);
        assertEquals(Double.POSITIVE_INFINITY, g.gradient()[0][0]);
        assertTrue(Double.isNaN(partition(1, Double.POSITIVE_INFINITY).plus(partition(1, Double.NEGATIVE_INFINITY))
                .finish(Reduction.SUM).gradient()[0][0]));
    }
}
