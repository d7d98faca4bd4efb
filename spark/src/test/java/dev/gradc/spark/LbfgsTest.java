package dev.gradc.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.runtime.parallel.Evaluator;
import dev.gradc.runtime.parallel.ForkJoinEvaluator;
import dev.gradc.runtime.parallel.Reduction;
import dev.gradc.runtime.parallel.RowPacker;
import dev.gradc.runtime.parallel.ValueAndGradient;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LbfgsTest {

    private static final List<double[]> ROWS = Logistic.rows(400, 3);
    private static final double[][] START = {{0, 0, 0}, {0}};

    private static Lbfgs lbfgs(List<Progress> seen) {
        return new Lbfgs().maxIterations(100).tolerance(1e-12).listener(seen::add);
    }

    @Test
    void minimisesTheLossOverAnRddToAStationaryPoint() {
        List<Progress> seen = new ArrayList<>();
        try (Evaluator e = SparkEvaluator.builder(Logistic.gradient(true, 0.1), Reduction.MEAN).batchRows(32)
                .build(LocalSpark.context().parallelize(ROWS, 3), RowPacker.flat(), Logistic.LAYOUT)) {
            Lbfgs.Result r = lbfgs(seen).minimize(e, START);
            ValueAndGradient there = Logistic.allAtOnce(ROWS, r.params(), true, 0.1);
            double norm = Math.hypot(Math.hypot(there.gradient()[0][0], there.gradient()[0][1]),
                    Math.hypot(there.gradient()[0][2], there.gradient()[1][0]));
            assertTrue(norm < 1e-6, "gradient norm at the minimum " + norm);
            assertEquals(there.value(), r.loss(), 1e-12);
        }
        assertEquals(0, seen.get(0).iteration());
        assertEquals(Math.log(2), seen.get(0).loss(), 1e-12); // w = 0, b = 0: every row costs log 2
        for (int i = 1; i < seen.size(); i++) {
            assertTrue(seen.get(i).loss() <= seen.get(i - 1).loss(), "loss rose at iteration " + i);
        }
    }

    @Test
    void sparkAndForkJoinEvaluatorsLeadToTheSameMinimum() {
        Lbfgs.Result spark;
        try (Evaluator e = SparkEvaluator.builder(Logistic.gradient(true, 0.1), Reduction.MEAN).batchRows(32)
                .build(LocalSpark.context().parallelize(ROWS, 3), RowPacker.flat(), Logistic.LAYOUT)) {
            spark = lbfgs(new ArrayList<>()).minimize(e, START);
        }
        Lbfgs.Result local;
        try (Evaluator e = ForkJoinEvaluator.builder(Logistic.gradient(true, 0.1), Reduction.MEAN).batchRows(32)
                .build(ROWS, RowPacker.flat(), Logistic.LAYOUT)) {
            local = lbfgs(new ArrayList<>()).minimize(e, START);
        }
        assertArrayEquals(local.params()[0], spark.params()[0], 1e-8);
        assertArrayEquals(local.params()[1], spark.params()[1], 1e-8);
    }

    @Test
    void progressLineSaysIterationLossGradientNormAndTime() {
        assertEquals("iteration   3  loss 0.693147180560  |grad| 1.234e-02  0.412 s",
                ProgressListener.line(new Progress(3, Math.log(2), 0.01234, 0.4121, 5)));
    }
}
