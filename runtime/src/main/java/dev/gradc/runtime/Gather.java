package dev.gradc.runtime;

/**
 * Gather and its adjoint for generated code, the interpreter and the tape: {@code x[idx]} picks rows of a
 * row-major array by an int array of row numbers (repeats allowed), and {@link #scatterAdd} adds rows back
 * at those row numbers, the gather's transpose. Every row number is checked; a bad one is reported with the
 * position of the program's expression, the offending index and which entry of the index array holds it.
 */
public final class Gather {

    private Gather() {
    }

    /**
     * The rows {@code idx[0], idx[1], ...} of {@code x}, an array of {@code rows} rows of {@code width} entries.
     *
     * @param where the position of the gather in the program, like {@code "model.grad:4:12"}, or null
     * @throws IndexOutOfRangeException when a row number is outside 0..rows-1
     */
    public static double[] rows(double[] x, int rows, int width, int[] idx, String where) {
        double[] out = new double[idx.length * width];
        for (int k = 0; k < idx.length; k++) {
            int r = check(idx, k, rows, where);
            System.arraycopy(x, r * width, out, k * width, width);
        }
        return out;
    }

    /**
     * A new array of {@code rows} rows of {@code width} entries, zero except that row {@code k} of {@code v}
     * is added to row {@code idx[k]}, for every k (in order, so repeated rows add up deterministically).
     *
     * @throws IndexOutOfRangeException when a row number is outside 0..rows-1
     */
    public static double[] scatterAdd(int rows, int width, int[] idx, double[] v, String where) {
        return scatterAddInto(new double[rows * width], rows, width, idx, v, where);
    }

    /**
     * {@code out[idx[k], :] += v[k, :]} for every k, in place: the adjoint of a gather accumulated into the
     * gathered array's adjoint, O(rows gathered).
     *
     * @return {@code out}
     */
    public static double[] scatterAddInto(double[] out, int rows, int width, int[] idx, double[] v, String where) {
        for (int k = 0; k < idx.length; k++) {
            int o = check(idx, k, rows, where) * width;
            int from = k * width;
            for (int j = 0; j < width; j++) {
                out[o + j] += v[from + j];
            }
        }
        return out;
    }

    /**
     * One line of a {@code rows} × {@code cols} row-major matrix picked by an int array: {@code x[k, idx]} (axis 1:
     * row k at the columns {@code idx}) or {@code x[idx, k]} (axis 0: column k at the rows {@code idx}). O(length
     * of idx): no row or column is copied first.
     *
     * @throws IndexOutOfRangeException when k or an entry of idx is outside its dimension
     */
    public static double[] line(double[] x, int rows, int cols, int axis, int[] idx, int k, String where) {
        double[] out = new double[idx.length];
        int base = lineBase(rows, cols, axis, k, where);
        int stride = axis == 0 ? cols : 1;
        int length = axis == 0 ? rows : cols;
        for (int m = 0; m < idx.length; m++) {
            out[m] = x[base + check(idx, m, length, axis, where) * stride];
        }
        return out;
    }

    /**
     * {@code out[k, idx[m]] += v[m]} (axis 1) or {@code out[idx[m], k] += v[m]} (axis 0) for every m, in place: the
     * adjoint of {@link #line} accumulated into the matrix's adjoint, O(length of idx).
     *
     * @return {@code out}
     */
    public static double[] lineAddInto(double[] out, int rows, int cols, int axis, int[] idx, int k, double[] v,
                                       String where) {
        int base = lineBase(rows, cols, axis, k, where);
        int stride = axis == 0 ? cols : 1;
        int length = axis == 0 ? rows : cols;
        for (int m = 0; m < idx.length; m++) {
            out[base + check(idx, m, length, axis, where) * stride] += v[m];
        }
        return out;
    }

    /** The flat offset of the line's first entry: row k's (axis 1) or column k's (axis 0), k checked. */
    private static int lineBase(int rows, int cols, int axis, int k, String where) {
        int length = axis == 0 ? cols : rows;
        if (k < 0 || k >= length) {
            throw new IndexOutOfRangeException((where == null ? "" : where + ": ") + "index " + k
                    + " is out of bounds for dimension " + (1 - axis) + " of length " + length);
        }
        return axis == 0 ? k : k * cols;
    }

    private static int check(int[] idx, int k, int rows, String where) {
        return check(idx, k, rows, 0, where);
    }

    private static int check(int[] idx, int k, int rows, int axis, String where) {
        int r = idx[k];
        if (r < 0 || r >= rows) {
            throw new IndexOutOfRangeException((where == null ? "" : where + ": ") + "index " + r + " (entry " + k
                    + " of the index array) is out of bounds for dimension " + axis + " of length " + rows);
        }
        return r;
    }

    /** The arrays one after the other: {@code concat} along the first axis of row-major arrays. */
    public static double[] concat(double[]... parts) {
        int n = 0;
        for (double[] p : parts) {
            n += p.length;
        }
        double[] out = new double[n];
        int at = 0;
        for (double[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
