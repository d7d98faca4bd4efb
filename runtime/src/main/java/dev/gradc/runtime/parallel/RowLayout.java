package dev.gradc.runtime.parallel;

import java.io.Serializable;
import java.util.Arrays;

/**
 * How many numbers one row contributes to each data argument of the generated method: for
 * {@code loss<B>(x: real[B,D], y: real[B,K], ...)} the widths are {@code D, K}.
 */
public final class RowLayout implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[] widths;

    private RowLayout(int[] widths) {
        this.widths = widths;
    }

    /** A layout of one data argument per width, each a positive count of numbers per row. */
    public static RowLayout of(int... widths) {
        if (widths.length == 0) {
            throw new IllegalArgumentException("a row layout needs at least one data argument");
        }
        for (int w : widths) {
            if (w <= 0) {
                throw new IllegalArgumentException("row widths must be positive, not " + Arrays.toString(widths));
            }
        }
        return new RowLayout(widths.clone());
    }

    /** The number of data arguments. */
    public int arguments() {
        return widths.length;
    }

    /** The numbers per row of data argument {@code i}. */
    public int width(int i) {
        return widths[i];
    }

    /** The numbers per row over all data arguments. */
    public int rowWidth() {
        return Arrays.stream(widths).sum();
    }

    /** Fresh flat row-major arrays for a batch of {@code rows} rows, one per data argument. */
    public double[][] allocate(int rows) {
        double[][] data = new double[widths.length][];
        for (int i = 0; i < widths.length; i++) {
            long n = (long) rows * widths[i];
            if (n > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("a batch of " + rows + " rows of width " + widths[i]
                        + " does not fit in one Java array; choose a smaller batch length");
            }
            data[i] = new double[(int) n];
        }
        return data;
    }

    @Override
    public String toString() {
        return "RowLayout" + Arrays.toString(widths);
    }
}
