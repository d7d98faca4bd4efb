package dev.gradc.spark;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.runtime.parallel.BatchFailedException;
import dev.gradc.runtime.parallel.Reduction;
import dev.gradc.runtime.parallel.RowLayout;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.linalg.VectorUDT;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class SparkRowsTest {

    private static final List<double[]> ROWS = Logistic.rows(60, 5);
    private static final double[][] PARAMS = {{0.5, 0.25, -1}, {0.2}};

    private static Dataset<Row> frame() {
        StructType schema = new StructType().add("features", new VectorUDT()).add("label", DataTypes.DoubleType);
        List<Row> rows = new ArrayList<>();
        for (double[] r : ROWS) {
            rows.add(RowFactory.create(Vectors.dense(Arrays.copyOf(r, Logistic.D)), r[Logistic.D]));
        }
        return LocalSpark.session().createDataFrame(rows, schema).repartition(3);
    }

    @Test
    void aDatasetOfVectorAndLabelColumnsGivesTheLossOfItsRows() {
        try (SparkEvaluator e = SparkEvaluator.builder(Logistic.gradient(true, 0.25), Reduction.MEAN).batchRows(8)
                .build(frame(), SparkRows.columns("features", "label"), Logistic.LAYOUT)) {
            double error = Logistic.relativeError(e.evaluate(PARAMS), Logistic.allAtOnce(ROWS, PARAMS, true, 0.25));
            assertTrue(error <= 1e-12, "relative error " + error);
        }
    }

    @Test
    void aColumnOfTheWrongWidthIsNamedInTheError() {
        BatchFailedException x = assertThrows(BatchFailedException.class, () -> SparkEvaluator
                .builder(Logistic.gradient(true, 0), Reduction.MEAN)
                .build(frame(), SparkRows.columns("features", "label"), RowLayout.of(4, 1)));
        assertTrue(x.getMessage().matches("packing the rows of partition \\d failed: "
                + "column 'features' has 3 numbers in a row, the layout 4"), x.getMessage());
    }
}
