package dev.gradc.runtime.parallel;

import java.io.Serializable;

/**
 * Writes one row of the caller's data into a batch: row {@code r} of data argument {@code i} is
 * {@code batch[i][r * width(i) .. (r + 1) * width(i))}. It is called once per row when batches are packed
 * (once, before any evaluation), must not allocate per row, and must be {@link Serializable} for Spark.
 *
 * @param <T> the type of a row
 */
@FunctionalInterface
public interface RowPacker<T> extends Serializable {

    /** Writes {@code row} at position {@code r} of each array of {@code batch}, laid out as {@code layout}. */
    void pack(T row, int r, double[][] batch, RowLayout layout);

    /**
     * Rows that are {@code double[]}, each the data arguments' rows one after another
     * ({@code x} row then {@code y} row for the layout {@code D, K}).
     */
    static RowPacker<double[]> flat() {
        return (row, r, batch, layout) -> {
            if (row.length != layout.rowWidth()) {
                throw new IllegalArgumentException("a row has " + row.length + " numbers, the layout " + layout
                        + " wants " + layout.rowWidth());
            }
            int from = 0;
            for (int i = 0; i < batch.length; i++) {
                int w = layout.width(i);
                System.arraycopy(row, from, batch[i], r * w, w);
                from += w;
            }
        };
    }
}
