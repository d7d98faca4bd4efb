package dev.gradc.runtime;

/**
 * Blocks of a row-major {@code rows} × {@code cols} matrix: {@code x[a:a+r, c:c+w]}, or with {@code column} the
 * part {@code x[a:a+r, c]} of column c (w is 1), read, written, added into or placed into zeros in O(r·w) — what
 * generated code calls for block and part-column reads and updates. Both bounds are checked, the first axis
 * first, and an error names the axis at fault.
 */
public final class Blocks {

    private Blocks() {
    }

    /**
     * The offset of the block's first entry, both axes checked.
     *
     * @throws IndexOutOfRangeException "model.grad:4:12: slice 2:4 is out of bounds for dimension 1 of length 3"
     */
    public static int check(int rows, int cols, int a, int c, int r, int w, boolean column, String where) {
        if (a < 0 || (long) a + r > rows) {
            throw error(where, IndexOutOfRangeException.slice(a, (long) a + r, 0, rows));
        }
        if (c < 0 || (long) c + w > cols) {
            throw error(where, column ? IndexOutOfRangeException.index(c, 1, cols)
                    : IndexOutOfRangeException.slice(c, (long) c + w, 1, cols));
        }
        return a * cols + c;
    }

    private static IndexOutOfRangeException error(String where, String text) {
        return new IndexOutOfRangeException(where == null ? text : where + ": " + text);
    }

    /** A copy of the block, row-major r × w. */
    public static double[] read(double[] x, int rows, int cols, int a, int c, int r, int w, boolean column,
                                String where) {
        int off = check(rows, cols, a, c, r, w, column, where);
        double[] out = new double[r * w];
        for (int i = 0; i < r; i++) {
            System.arraycopy(x, off + i * cols, out, i * w, w);
        }
        return out;
    }

    /** Zeros of rows × cols with v (r × w) at the block. */
    public static double[] scatter(double[] v, int rows, int cols, int a, int c, int r, int w, boolean column,
                                   String where) {
        double[] out = new double[rows * cols];
        write(out, rows, cols, a, c, v, r, w, column, where);
        return out;
    }

    /** x with the block replaced by v, in place: gives x. */
    public static double[] write(double[] x, int rows, int cols, int a, int c, double[] v, int r, int w,
                                 boolean column, String where) {
        int off = check(rows, cols, a, c, r, w, column, where);
        for (int i = 0; i < r; i++) {
            System.arraycopy(v, i * w, x, off + i * cols, w);
        }
        return x;
    }

    /** x with v added at the block, in place: gives x. */
    public static double[] add(double[] x, int rows, int cols, int a, int c, double[] v, int r, int w,
                               boolean column, String where) {
        int off = check(rows, cols, a, c, r, w, column, where);
        for (int i = 0; i < r; i++) {
            int row = off + i * cols;
            for (int j = 0; j < w; j++) {
                x[row + j] += v[i * w + j];
            }
        }
        return x;
    }
}
