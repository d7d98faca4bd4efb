package dev.gradc.spark;

import dev.gradc.runtime.parallel.RowLayout;
import dev.gradc.runtime.parallel.RowPacker;
import java.util.List;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Row;

/** Packers for the rows of a Dataset: named columns into the data arguments of a generated method. */
public final class SparkRows {

    private SparkRows() {
    }

    /**
     * Column {@code columns[i]} into data argument {@code i}: an ML {@link Vector}, an array of doubles or a
     * number (width 1). A value whose length is not the layout's width fails the packing, naming the column.
     */
    public static RowPacker<Row> columns(String... columns) {
        String[] names = columns.clone();
        return (row, r, batch, layout) -> {
            if (names.length != layout.arguments()) {
                throw new IllegalArgumentException(names.length + " columns for " + layout.arguments()
                        + " data arguments (" + layout + ")");
            }
            for (int i = 0; i < names.length; i++) {
                put(row.get(row.fieldIndex(names[i])), names[i], batch[i], r * layout.width(i), layout.width(i));
            }
        };
    }

    private static void put(Object value, String column, double[] into, int at, int width) {
        if (value instanceof Vector v) {
            check(v.size(), column, width);
            for (int j = 0; j < width; j++) {
                into[at + j] = v.apply(j);
            }
        } else if (value instanceof Number x) {
            check(1, column, width);
            into[at] = x.doubleValue();
        } else if (value instanceof scala.collection.Seq<?> seq) {
            check(seq.size(), column, width);
            for (int j = 0; j < width; j++) {
                into[at + j] = ((Number) seq.apply(j)).doubleValue();
            }
        } else if (value instanceof List<?> list) {
            check(list.size(), column, width);
            for (int j = 0; j < width; j++) {
                into[at + j] = ((Number) list.get(j)).doubleValue();
            }
        } else {
            throw new IllegalArgumentException("column '" + column + "' holds "
                    + (value == null ? "null" : value.getClass().getSimpleName())
                    + ", not a vector, an array of numbers or a number");
        }
    }

    private static void check(int length, String column, int width) {
        if (length != width) {
            throw new IllegalArgumentException("column '" + column + "' has " + length + " numbers in a row, the layout "
                    + width);
        }
    }
}
