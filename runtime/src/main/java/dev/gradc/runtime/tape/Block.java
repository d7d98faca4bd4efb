package dev.gradc.runtime.tape;

/**
 * Entries of a row-major array that an element, row, slice, column or block access touches: {@code rows} runs of
 * {@code cols} consecutive entries, the first at {@code offset}, each {@code stride} after the one before (an
 * element or a run of whole rows is one run). Reads and writes of a block, and their adjoints, cost its size.
 */
record Block(int offset, int rows, int cols, int stride) {

    /** {@code n} consecutive entries from {@code offset}. */
    static Block run(int offset, int n) {
        return new Block(offset, 1, n, n);
    }

    int size() {
        return rows * cols;
    }

    /** Whether the block lies within an array of {@code length} entries. */
    boolean fits(int length) {
        return offset >= 0 && rows >= 0 && cols >= 0
                && (size() == 0 || (long) offset + (long) (rows - 1) * stride + cols <= length);
    }

    /** The block's entries of {@code from}, in order. */
    double[] gather(double[] from) {
        double[] out = new double[size()];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(from, offset + r * stride, out, r * cols, cols);
        }
        return out;
    }

    /** {@code into}'s block set to {@code values}. */
    void scatter(double[] values, double[] into) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(values, r * cols, into, offset + r * stride, cols);
        }
    }

    /** {@code values} added into {@code into}'s block. */
    void add(double[] values, double[] into) {
        for (int r = 0; r < rows; r++) {
            int at = offset + r * stride;
            for (int c = 0; c < cols; c++) {
                into[at + c] += values[r * cols + c];
            }
        }
    }

    /** {@code into}'s block set to zero. */
    void clear(double[] into) {
        for (int r = 0; r < rows; r++) {
            int at = offset + r * stride;
            java.util.Arrays.fill(into, at, at + cols, 0);
        }
    }
}
