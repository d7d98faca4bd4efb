package dev.gradc.runtime.parallel;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Rows packed for one call of a generated method: one flat row-major array per data argument.
 *
 * @param rows the row count, at least 1
 * @param data one array of {@code rows × width} numbers per data argument
 */
public record Batch(int rows, double[][] data) implements Serializable {

    /**
     * Packs rows into batches of {@code batchRows} rows; the last batch holds what is left (it is shorter,
     * with arrays of its own length). No rows, no batches.
     */
    public static <T> List<Batch> pack(Iterator<? extends T> rows, RowPacker<? super T> packer, RowLayout layout,
            int batchRows) {
        if (batchRows <= 0) {
            throw new IllegalArgumentException("the batch length must be positive, not " + batchRows);
        }
        List<Batch> batches = new ArrayList<>();
        double[][] data = null;
        int r = 0;
        while (rows.hasNext()) {
            if (data == null) {
                data = layout.allocate(batchRows);
            }
            packer.pack(rows.next(), r++, data, layout);
            if (r == batchRows) {
                batches.add(new Batch(r, data));
                data = null;
                r = 0;
            }
        }
        if (r > 0) {
            batches.add(new Batch(r, shorten(data, r, layout)));
        }
        return batches;
    }

    private static double[][] shorten(double[][] data, int rows, RowLayout layout) {
        double[][] out = new double[data.length][];
        for (int i = 0; i < data.length; i++) {
            out[i] = java.util.Arrays.copyOf(data[i], rows * layout.width(i));
        }
        return out;
    }
}
