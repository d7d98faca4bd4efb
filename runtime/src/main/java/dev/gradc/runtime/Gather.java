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

    private static int check(int[] idx, int k, int rows, String where) {
        int r = idx[k];
        if (r < 0 || r >= rows) {
            throw new IndexOutOfRangeException((where == null ? "" : where + ": ") + "index " + r + " (entry " + k
                    + " of the index array) is out of bounds for dimension 0 of length " + rows);
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
