package softmax;

import dev.gradc.runtime.parallel.RowLayout;
import dev.gradc.runtime.parallel.RowPacker;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Rows of 20 Gaussian features and a label in 0..4 drawn from a fixed softmax model, made on the executors
 * from the row's index alone (nothing is shipped from the driver but the model's 105 numbers), in the
 * columns Spark ML expects: {@code features} (a vector) and {@code label} (a double).
 */
public final class SyntheticRows {

    /** Features per row. */
    public static final int D = 20;
    /** Classes. */
    public static final int K = 5;
    /** Each row as the generated methods take it: its 20 features into x, its one-hot label into y. */
    public static final RowLayout LAYOUT = RowLayout.of(D, K);

    private static final StructType SCHEMA = new StructType().add("features", new VectorUDT())
            .add("label", DataTypes.DoubleType);

    private SyntheticRows() {
    }

    /** {@code n} rows in {@code partitions} partitions, the same for the same seed. */
    public static Dataset<Row> generate(SparkSession spark, long n, int partitions, long seed) {
        double[] w = new double[D * K];
        double[] b = new double[K];
        SplittableRandom truth = new SplittableRandom(seed);
        for (int i = 0; i < w.length; i++) {
            w[i] = truth.nextGaussian() * 0.5;
        }
        for (int k = 0; k < K; k++) {
            b[k] = truth.nextGaussian() * 0.5;
        }
        JavaRDD<Row> rows = spark.range(0, n, 1, partitions).javaRDD().map(id -> row(id, seed, w, b));
        return spark.createDataFrame(rows, SCHEMA);
    }

    private static Row row(long id, long seed, double[] w, double[] b) {
        SplittableRandom random = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + id);
        double[] x = new double[D];
        for (int j = 0; j < D; j++) {
            x[j] = random.nextGaussian();
        }
        double[] p = new double[K];
        double max = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < K; k++) {
            double z = b[k];
            for (int j = 0; j < D; j++) {
                z += x[j] * w[j * K + k];
            }
            p[k] = z;
            max = Math.max(max, z);
        }
        double total = 0;
        for (int k = 0; k < K; k++) {
            p[k] = Math.exp(p[k] - max);
            total += p[k];
        }
        double u = random.nextDouble() * total;
        int label = 0;
        while (label < K - 1 && u >= p[label]) {
            u -= p[label++];
        }
        return RowFactory.create(Vectors.dense(x), (double) label);
    }

    /** Writes a row's features into x and a one in y's column of its label (the batch arrays start at zero). */
    public static RowPacker<Row> packer() {
        return (row, r, batch, layout) -> {
            Vector features = (Vector) row.get(0);
            for (int j = 0; j < D; j++) {
                batch[0][r * D + j] = features.apply(j);
            }
            batch[1][r * K + (int) row.getDouble(1)] = 1;
        };
    }
}
