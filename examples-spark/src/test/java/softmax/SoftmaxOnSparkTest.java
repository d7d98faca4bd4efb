package softmax;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.runtime.parallel.Batch;
import dev.gradc.runtime.parallel.BatchGradient;
import dev.gradc.runtime.parallel.ForkJoinEvaluator;
import dev.gradc.runtime.parallel.Reduction;
import dev.gradc.runtime.parallel.ValueAndGradient;
import dev.gradc.spark.Lbfgs;
import dev.gradc.spark.ProgressListener;
import dev.gradc.spark.SparkEvaluator;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The generated gradients on local[2] with small data: the sums, and the fit beside Spark ML's. */
class SoftmaxOnSparkTest {

    private static final double LAMBDA = 0.01;
    private static SparkSession spark;
    private static Dataset<Row> rows;
    private static List<Row> collected;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("examples-spark tests")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1").getOrCreate();
        rows = SyntheticRows.generate(spark, 3000, 3, 5).cache();
        collected = rows.collectAsList();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    /** One call of the generated method on all rows, in the order Spark holds them. */
    private static ValueAndGradient allAtOnce(BatchGradient g, double[][] params) {
        Batch all = Batch.pack(collected.iterator(), SyntheticRows.packer(), SyntheticRows.LAYOUT, collected.size())
                .get(0);
        return g.apply(all.rows(), all.data(), params);
    }

    private static double relativeError(ValueAndGradient got, ValueAndGradient truth) {
        double diff = Math.abs(got.value() - truth.value());
        double scale = Math.abs(truth.value());
        for (int i = 0; i < truth.gradient().length; i++) {
            for (int j = 0; j < truth.gradient()[i].length; j++) {
                diff = Math.max(diff, Math.abs(got.gradient()[i][j] - truth.gradient()[i][j]));
                scale = Math.max(scale, Math.abs(truth.gradient()[i][j]));
            }
        }
        return diff / scale;
    }

    private static void assertSumsMatchOneCall(BatchGradient g, double[][] params) {
        ValueAndGradient truth = allAtOnce(g, params);
        for (int partitions : new int[] {1, 5}) {
            Dataset<Row> split = rows.repartition(partitions);
            for (int batchRows : new int[] {1, 97, 5000}) {
                try (SparkEvaluator e = SparkEvaluator.builder(g, Reduction.MEAN).batchRows(batchRows)
                        .build(split, SyntheticRows.packer(), SyntheticRows.LAYOUT)) {
                    double error = relativeError(e.evaluate(params), truth);
                    assertTrue(error <= 1e-12, partitions + " partitions, batches of " + batchRows + ": " + error);
                }
            }
        }
        for (int batchRows : new int[] {1, 97, 5000}) {
            ForkJoinEvaluator e = ForkJoinEvaluator.builder(g, Reduction.MEAN).batchRows(batchRows)
                    .build(collected, SyntheticRows.packer(), SyntheticRows.LAYOUT);
            assertTrue(relativeError(e.evaluate(params), truth) <= 1e-12, "ForkJoin, batches of " + batchRows);
        }
    }

    @Test
    void softmaxGradientSummedOverPartitionsAndBatchesEqualsOneCall() {
        double[][] params = Fits.mlpStart(3);
        double[][] softmax = {java.util.Arrays.copyOf(params[2], 100), java.util.Arrays.copyOf(params[3], 5)};
        assertSumsMatchOneCall(Fits.softmax(LAMBDA), softmax);
    }

    @Test
    void networkGradientSummedOverPartitionsAndBatchesEqualsOneCall() {
        assertSumsMatchOneCall(Fits.mlp(LAMBDA), Fits.mlpStart(3));
    }

    @Test
    void gradcAndSparkMlFindTheSameCoefficients() {
        double[][] zero = {new double[SyntheticRows.D * SyntheticRows.K], new double[SyntheticRows.K]};
        Lbfgs.Result gradc = Fits.gradc(rows, Fits.softmax(LAMBDA), zero, 256, 300, 1e-12, ProgressListener.NONE);
        double[][] ml = Fits.asParams(Fits.sparkMl(rows, LAMBDA, 300, 1e-12));
        double dw = Fits.maxDifference(gradc.params()[0], ml[0]);
        double db = Fits.maxDifference(Fits.centred(gradc.params()[1]), Fits.centred(ml[1]));
        assertTrue(dw <= 1e-6, "weights differ by " + dw);
        assertTrue(db <= 1e-6, "intercepts differ by " + db);
        assertEquals(0, java.util.Arrays.stream(gradc.params()[1]).sum(), 1e-9, "gradc's intercepts stay centred");
    }
}
