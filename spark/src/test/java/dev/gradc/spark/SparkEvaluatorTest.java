package dev.gradc.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.runtime.parallel.BatchFailedException;
import dev.gradc.runtime.parallel.BatchGradient;
import dev.gradc.runtime.parallel.Reduction;
import dev.gradc.runtime.parallel.RowPacker;
import dev.gradc.runtime.parallel.ValueAndGradient;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

class SparkEvaluatorTest {

    private static final List<double[]> ROWS = Logistic.rows(101, 11);
    private static final double[][] PARAMS = {{0.3, -0.7, 0.2}, {0.1}};

    private static SparkEvaluator evaluator(JavaRDD<double[]> rdd, boolean mean, int batchRows, int depth) {
        return SparkEvaluator.builder(Logistic.gradient(mean, 0.25), mean ? Reduction.MEAN : Reduction.SUM)
                .batchRows(batchRows).depth(depth).build(rdd, RowPacker.flat(), Logistic.LAYOUT);
    }

    @Test
    void distributedSumEqualsOneCallOnAllRowsForEveryBatchLengthAndPartitionCount() {
        for (boolean mean : new boolean[] {true, false}) {
            ValueAndGradient truth = Logistic.allAtOnce(ROWS, PARAMS, mean, mean ? 0.25 : 0);
            // 120 partitions for 101 rows: 19 of them are empty
            for (int partitions : new int[] {1, 3, 8, 120}) {
                JavaRDD<double[]> rdd = LocalSpark.context().parallelize(ROWS, partitions);
                for (int batchRows : new int[] {1, 7, 64, 1000}) {
                    try (SparkEvaluator e = evaluator(rdd, mean, batchRows, 2)) {
                        double error = Logistic.relativeError(e.evaluate(PARAMS), truth);
                        assertTrue(error <= 1e-12, (mean ? "mean" : "sum") + ", " + partitions + " partitions, batches of "
                                + batchRows + ": relative error " + error);
                        assertEquals(101, e.rows());
                    }
                }
            }
        }
    }

    @Test
    void emptyPartitionsInTheMiddleAreSkipped() {
        // rows 30..69 filtered out: partitions 1 and 2 of 4 are empty after packing
        JavaRDD<double[]> rdd = LocalSpark.context().parallelize(indexed(), 4)
                .filter(r -> r[Logistic.D + 1] < 30 || r[Logistic.D + 1] >= 70)
                .map(r -> java.util.Arrays.copyOf(r, Logistic.D + 1));
        List<double[]> kept = new ArrayList<>(ROWS.subList(0, 30));
        kept.addAll(ROWS.subList(70, 101));
        ValueAndGradient truth = Logistic.allAtOnce(kept, PARAMS, true, 0.25);
        try (SparkEvaluator e = evaluator(rdd, true, 5, 2)) {
            assertEquals(61, e.rows());
            assertTrue(Logistic.relativeError(e.evaluate(PARAMS), truth) <= 1e-12);
        }
    }

    private static List<double[]> indexed() {
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < ROWS.size(); i++) {
            double[] r = java.util.Arrays.copyOf(ROWS.get(i), Logistic.D + 2);
            r[Logistic.D + 1] = i;
            out.add(r);
        }
        return out;
    }

    @Test
    void resultHasTheSameBitsForEveryTreeDepthAndRun() {
        JavaRDD<double[]> rdd = LocalSpark.context().parallelize(ROWS, 9);
        ValueAndGradient first = evaluator(rdd, true, 4, 1).evaluate(PARAMS);
        for (int depth : new int[] {1, 2, 3, 4}) {
            try (SparkEvaluator e = evaluator(rdd, true, 4, depth)) {
                for (int run = 0; run < 2; run++) {
                    ValueAndGradient again = e.evaluate(PARAMS);
                    assertEquals(Double.doubleToLongBits(first.value()), Double.doubleToLongBits(again.value()));
                    assertArrayEquals(first.gradient()[0], again.gradient()[0], 0.0);
                    assertArrayEquals(first.gradient()[1], again.gradient()[1], 0.0);
                }
            }
        }
    }

    @Test
    void aNaNInOnePartitionReachesTheDriverAsTheBatchError() {
        List<double[]> rows = new ArrayList<>(ROWS);
        double[] bad = rows.get(57).clone();
        bad[Logistic.D] = Double.NaN; // a missing label: the loss on its batch is NaN
        rows.set(57, bad);
        // 101 rows in 4 partitions of 25, 25, 25, 26 rows: row 57 is row 7 of partition 2, in its batch 1
        JavaRDD<double[]> rdd = LocalSpark.context().parallelize(rows, 4);
        try (SparkEvaluator e = evaluator(rdd, true, 5, 2)) {
            BatchFailedException x = assertThrows(BatchFailedException.class, () -> e.evaluate(PARAMS));
            assertEquals("the loss on partition 2, batch 1 (rows 5..9) is NaN", x.getMessage());
        }
    }

    @Test
    void anExceptionInGeneratedCodeKeepsItsMessageAndTypeAtTheDriver() {
        BatchGradient failing = (rows, data, p) -> {
            if (rows < 5) {
                throw new IllegalArgumentException("x has " + data[0].length + " entries, expected 15");
            }
            return Logistic.lossGrad(rows, data[0], data[1], p[0], p[1], true, 0);
        };
        JavaRDD<double[]> rdd = LocalSpark.context().parallelize(ROWS, 2); // 50 and 51 rows
        try (SparkEvaluator e = SparkEvaluator.builder(failing, Reduction.MEAN).batchRows(5)
                .build(rdd, RowPacker.flat(), Logistic.LAYOUT)) {
            BatchFailedException x = assertThrows(BatchFailedException.class, () -> e.evaluate(PARAMS));
            assertEquals("the loss on partition 1, batch 10 (rows 50..50) failed: x has 3 entries, expected 15",
                    x.getMessage());
            assertInstanceOf(IllegalArgumentException.class, x.getCause());
            assertFalse(x.getMessage().contains("stage"), "no Spark stage story in the message");
        }
    }

    @Test
    void noRowsIsAnErrorNotAZeroLoss() {
        JavaRDD<double[]> rdd = LocalSpark.context().parallelize(List.<double[]>of(), 2);
        try (SparkEvaluator e = evaluator(rdd, true, 5, 2)) {
            assertEquals(0, e.rows());
            assertThrows(IllegalStateException.class, () -> e.evaluate(PARAMS));
        }
    }
}
