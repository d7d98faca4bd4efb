package dev.gradc.runtime;

/**
 * Row-major matrices as one Java array per row, for the loops of generated code. HotSpot C2 (JDK 17)
 * vectorises {@code acc[j] += s * row[j]} only when every array in the loop is indexed by the bare loop
 * variable; over a flat matrix the same loop reads {@code a[o + j]} and stays scalar, about 2× slower.
 * Generated code therefore splits a matrix that a loop reads or accumulates row by row, once, before
 * the loop, and joins an accumulated one back after it.
 */
public final class Rows {

    private Rows() {
    }

    /** A copy of the row-major {@code rows × cols} matrix {@code flat}, one array per row. */
    public static double[][] split(double[] flat, int rows, int cols) {
        if ((long) rows * cols != flat.length) {
            throw new IllegalArgumentException(
                    "a " + rows + "×" + cols + " matrix has " + (long) rows * cols + " entries, not " + flat.length);
        }
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) {
            out[r] = java.util.Arrays.copyOfRange(flat, r * cols, r * cols + cols);
        }
        return out;
    }

    /** Copies the rows back into the row-major array {@code flat}, which is returned. */
    public static double[] join(double[][] rows, double[] flat) {
        long entries = 0;
        for (double[] row : rows) {
            entries += row.length;
        }
        if (entries != flat.length) {
            throw new IllegalArgumentException("the rows have " + entries + " entries, the array " + flat.length);
        }
        int at = 0;
        for (double[] row : rows) {
            System.arraycopy(row, 0, flat, at, row.length);
            at += row.length;
        }
        return flat;
    }

    /**
     * Copies the row-major array {@code flat} into the rows, one after the other: a matrix held as rows by a
     * loop whose inner loop read and wrote it flat takes back what that loop wrote.
     */
    public static void into(double[] flat, double[][] rows) {
        int at = 0;
        for (double[] row : rows) {
            if (at + row.length > flat.length) {
                throw new IllegalArgumentException("the rows have more entries than the array's " + flat.length);
            }
            System.arraycopy(flat, at, row, 0, row.length);
            at += row.length;
        }
        if (at != flat.length) {
            throw new IllegalArgumentException("the rows have " + at + " entries, the array " + flat.length);
        }
    }

    /**
     * Writes a Hessian column: the parts {@code parts[from]}, ..., {@code parts[from + count - 1]}, one after
     * the other, down column {@code column} of {@code h} (what a Hessian-vector product with a unit vector
     * gives). One call instead of a loop per part keeps a Hessian method small for many parameters.
     */
    public static void column(double[][] h, int column, double[][] parts, int from, int count) {
        int row = 0;
        for (int q = from; q < from + count; q++) {
            for (double v : parts[q]) {
                h[row++][column] = v;
            }
        }
    }

    /**
     * Copies the columns of {@code block} into those of {@code into} from column {@code offset} on, row by row:
     * one parameter's part of a Jacobian written into the matrix over all parameters that a workspace holds
     * ({@link #joinColumns} allocates that matrix instead).
     */
    public static void columnsInto(double[][] into, int offset, double[][] block) {
        if (block.length != into.length) {
            throw new IllegalArgumentException("a block of " + block.length + " rows, not " + into.length);
        }
        for (int r = 0; r < block.length; r++) {
            System.arraycopy(block[r], 0, into[r], offset, block[r].length);
        }
    }

    /**
     * The {@code rows}-row matrix whose columns are those of {@code blocks}, one block after the other (each
     * {@code rows} rows of its own width): a Jacobian over several parameters from one matrix per parameter.
     */
    public static double[][] joinColumns(int rows, double[][][] blocks) {
        int width = 0;
        for (double[][] block : blocks) {
            width += block.length == 0 ? 0 : block[0].length;
        }
        double[][] out = new double[rows][width];
        int at = 0;
        for (double[][] block : blocks) {
            if (block.length != rows) {
                throw new IllegalArgumentException("a block of " + block.length + " rows, not " + rows);
            }
            int w = rows == 0 ? 0 : block[0].length;
            for (int r = 0; r < rows; r++) {
                System.arraycopy(block[r], 0, out[r], at, w);
            }
            at += w;
        }
        return out;
    }
}
