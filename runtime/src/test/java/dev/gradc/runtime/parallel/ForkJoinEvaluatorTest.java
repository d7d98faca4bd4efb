package dev.gradc.runtime.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.ForkJoinPool;
import org.junit.jupiter.api.Test;

class ForkJoinEvaluatorTest {

    private static final List<double[]> ROWS = LogisticBatch.rows(101, 7);
    private static final double[][] PARAMS = {{0.3, -0.7, 0.2}, {0.1}};
    private static final int[] BATCH_LENGTHS = {1, 2, 7, 10, 50, 100, 101, 1000};

    private static ForkJoinEvaluator evaluator(boolean mean, int batchRows, ForkJoinPool pool) {
        ForkJoinEvaluator.Builder b = ForkJoinEvaluator.builder(LogisticBatch.gradient(mean, 0.25),
                mean ? Reduction.MEAN : Reduction.SUM).batchRows(batchRows);
        if (pool != null) {
            b.pool(pool);
        }
        return b.build(ROWS, RowPacker.flat(), RowLayout.of(LogisticBatch.D, 1));
    }

    @Test
    void meanLossOverBatchesEqualsOneCallOnAllRowsForEveryBatchLength() {
        ValueAndGradient truth = LogisticBatch.allAtOnce(ROWS, PARAMS, true, 0.25);
        for (int batchRows : BATCH_LENGTHS) {
            ValueAndGradient got = evaluator(true, batchRows, null).evaluate(PARAMS);
            assertTrue(LogisticBatch.relativeError(got, truth) <= 1e-12, "batch length " + batchRows + ": "
                    + LogisticBatch.relativeError(got, truth));
        }
    }

    @Test
    void sumLossOverBatchesEqualsOneCallOnAllRowsForEveryBatchLength() {
        ValueAndGradient truth = LogisticBatch.allAtOnce(ROWS, PARAMS, false, 0);
        for (int batchRows : BATCH_LENGTHS) {
            ValueAndGradient got = evaluator(false, batchRows, null).evaluate(PARAMS);
            assertTrue(LogisticBatch.relativeError(got, truth) <= 1e-12, "batch length " + batchRows);
        }
    }

    @Test
    void weightingShortBatchesEquallyWouldBeWrong() {
        // the check above can fail: averaging the 15 batch means of 7 rows (the last has 3) unweighted
        ValueAndGradient truth = LogisticBatch.allAtOnce(ROWS, PARAMS, true, 0.25);
        List<Batch> batches = Batch.pack(ROWS.iterator(), RowPacker.flat(), RowLayout.of(LogisticBatch.D, 1), 7);
        double unweighted = 0;
        for (Batch b : batches) {
            unweighted += LogisticBatch.lossGrad(b.rows(), b.data()[0], b.data()[1], PARAMS[0], PARAMS[1], true,
                    0.25).value() / batches.size();
        }
        assertNotEquals(truth.value(), unweighted, 1e-6);
    }

    @Test
    void resultHasTheSameBitsOnPoolsOfEverySize() {
        ValueAndGradient one = evaluator(true, 3, new ForkJoinPool(1)).evaluate(PARAMS);
        for (int threads : new int[] {2, 3, 8}) {
            ForkJoinPool pool = new ForkJoinPool(threads);
            for (int run = 0; run < 5; run++) {
                ValueAndGradient again = evaluator(true, 3, pool).evaluate(PARAMS);
                assertEquals(Double.doubleToLongBits(one.value()), Double.doubleToLongBits(again.value()));
                assertArrayEquals(one.gradient()[0], again.gradient()[0], 0.0);
                assertArrayEquals(one.gradient()[1], again.gradient()[1], 0.0);
            }
            pool.shutdown();
        }
    }

    @Test
    void countsRowsAndBatchesWithALastShortBatch() {
        ForkJoinEvaluator e = evaluator(true, 10, null);
        assertEquals(101, e.rows());
        assertEquals(11, e.batches());
    }

    @Test
    void aNaNInOneBatchFailsWithTheBatchAndItsRows() {
        BatchGradient g = (rows, data, p) -> {
            ValueAndGradient r = LogisticBatch.lossGrad(rows, data[0], data[1], p[0], p[1], true, 0);
            return data[0][0] == ROWS.get(20)[0] ? ValueAndGradient.of(Double.NaN, r.gradient()) : r;
        };
        ForkJoinEvaluator e = ForkJoinEvaluator.builder(g, Reduction.MEAN).batchRows(10)
                .build(ROWS, RowPacker.flat(), RowLayout.of(LogisticBatch.D, 1));
        BatchFailedException x = assertThrows(BatchFailedException.class, () -> e.evaluate(PARAMS));
        assertEquals("the loss on batch 2 (rows 20..29) is NaN", x.getMessage());
    }

    @Test
    void anExceptionInOneBatchKeepsItsMessageAndCause() {
        IllegalArgumentException boom = new IllegalArgumentException("x has 30 entries, expected 27");
        BatchGradient g = (rows, data, p) -> {
            if (rows == 1) {
                throw boom;
            }
            return LogisticBatch.lossGrad(rows, data[0], data[1], p[0], p[1], true, 0);
        };
        ForkJoinEvaluator e = ForkJoinEvaluator.builder(g, Reduction.MEAN).batchRows(10)
                .build(ROWS, RowPacker.flat(), RowLayout.of(LogisticBatch.D, 1));
        BatchFailedException x = assertThrows(BatchFailedException.class, () -> e.evaluate(PARAMS));
        assertEquals("the loss on batch 10 (rows 100..100) failed: x has 30 entries, expected 27", x.getMessage());
        assertSame(boom, x.getCause());
    }

    @Test
    void noRowsIsAnErrorNotAZeroLoss() {
        ForkJoinEvaluator e = ForkJoinEvaluator.builder(LogisticBatch.gradient(true, 0), Reduction.MEAN)
                .build(List.<double[]>of(), RowPacker.flat(), RowLayout.of(LogisticBatch.D, 1));
        assertThrows(IllegalStateException.class, () -> e.evaluate(PARAMS));
    }
}
