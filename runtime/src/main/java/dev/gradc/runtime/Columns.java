package dev.gradc.runtime;

/**
 * Column j of a row-major {@code rows × cols} matrix, read, written or added into as a strided pass of
 * {@code rows} entries: {@code x[:, j]} costs O(rows), never a transpose of the matrix. Every method checks j
 * against {@code cols} and names {@code where} (like {@code "model.grad:4:12"}) when it is out of range.
 */
public final class Columns {

    private Columns() {
    }

    private static int check(int j, int cols, String where) {
        if (j < 0 || j >= cols) {
            throw new IndexOutOfRangeException(where == null ? "?" : where, j, 1, cols);
        }
        return j;
    }

    /** A new array: column j of x. */
    public static double[] read(double[] x, int rows, int cols, int j, String where) {
        int c = check(j, cols, where);
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = x[r * cols + c];
        }
        return out;
    }

    /** A new zero matrix with v as its column j: the adjoint of a column read, before it is accumulated. */
    public static double[] scatter(double[] v, int rows, int cols, int j, String where) {
        return write(new double[rows * cols], rows, cols, j, v, where);
    }

    /** Column j of x replaced by v, in place. @return {@code x} */
    public static double[] write(double[] x, int rows, int cols, int j, double[] v, String where) {
        int c = check(j, cols, where);
        for (int r = 0; r < rows; r++) {
            x[r * cols + c] = v[r];
        }
        return x;
    }

    /** v added to column j of x, in place. @return {@code x} */
    public static double[] add(double[] x, int rows, int cols, int j, double[] v, String where) {
        int c = check(j, cols, where);
        for (int r = 0; r < rows; r++) {
            x[r * cols + c] += v[r];
        }
        return x;
    }
}
