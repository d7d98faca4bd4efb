package dev.gradc.runtime;

/**
 * Elementwise arithmetic and comparisons of int arrays for generated code (int arrays hold indices; they are
 * never differentiated). Shapes follow the language's broadcasting: equal shapes, a scalar with anything, or
 * an array with a larger one ending in its shape, whose entries then repeat ({@code a[i % a.length]}).
 */
public final class IntArrays {

    private IntArrays() {
    }

    /** A comparison of two ints. */
    @FunctionalInterface
    public interface Test {
        boolean test(int a, int b);
    }

    /** {@code 0, 1, ..., n-1}. */
    public static int[] range(int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        return out;
    }

    /**
     * Checks an index into an int array (or any array) against its dimension.
     *
     * @param where the indexing expression's position, or null (the caller then adds it)
     */
    public static int index(int i, int length, int dimension, String where) {
        if (i < 0 || i >= length) {
            String text = IndexOutOfRangeException.index(i, dimension, length);
            throw new IndexOutOfRangeException(where == null ? text : where + ": " + text);
        }
        return i;
    }

    /** Row {@code i} of a row-major {@code rows × cols} int matrix, as a new array. */
    public static int[] row(int[] a, int i, int rows, int cols, String where) {
        int r = index(i, rows, 0, where);
        return java.util.Arrays.copyOfRange(a, r * cols, r * cols + cols);
    }

    /** Column {@code j} of a row-major {@code rows × cols} int matrix, as a new array (a strided read). */
    public static int[] column(int[] a, int rows, int cols, int j, String where) {
        int c = index(j, cols, 1, where);
        int[] out = new int[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = a[r * cols + c];
        }
        return out;
    }

    /** A copy of the {@code rows × cols} int matrix {@code a} with column {@code j} set to {@code v}. */
    public static int[] writeColumn(int[] a, int rows, int cols, int j, int[] v, String where) {
        int c = index(j, cols, 1, where);
        int[] out = a.clone();
        for (int r = 0; r < rows; r++) {
            out[r * cols + c] = v[r];
        }
        return out;
    }

    /** The rows {@code idx[0], idx[1], ...} of the int array {@code a} of {@code rows} rows of {@code width}. */
    public static int[] gather(int[] a, int rows, int width, int[] idx, String where) {
        int[] out = new int[idx.length * width];
        for (int k = 0; k < idx.length; k++) {
            int r = idx[k];
            if (r < 0 || r >= rows) {
                throw new IndexOutOfRangeException((where == null ? "" : where + ": ") + "index " + r + " (entry " + k
                        + " of the index array) is out of bounds for dimension 0 of length " + rows);
            }
            System.arraycopy(a, r * width, out, k * width, width);
        }
        return out;
    }

    /** The rows of an int matrix literal, of one length, joined row-major. */
    public static int[] concat(int[][] rows) {
        int width = rows.length == 0 ? 0 : rows[0].length;
        int[] out = new int[rows.length * width];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, out, r * width, width);
        }
        return out;
    }

    /** Rows {@code start} to {@code start + count} of an int array of {@code rows} rows of {@code width}, checked. */
    public static int[] rows(int[] a, int start, int count, int rows, int width, String where) {
        int from = rowsStart(start, count, rows, where) * width;
        return java.util.Arrays.copyOfRange(a, from, from + count * width);
    }

    /**
     * Checks rows {@code start} to {@code start + count} against a first dimension of {@code rows}.
     *
     * @param where the slice's position, or null (the caller then adds it)
     * @return {@code start}
     */
    public static int rowsStart(int start, int count, int rows, String where) {
        if (start < 0 || (long) start + count > rows) {
            String text = IndexOutOfRangeException.slice(start, (long) start + count, 0, rows);
            throw new IndexOutOfRangeException(where == null ? text : where + ": " + text);
        }
        return start;
    }

    /** {@code a} itself with {@code v} at {@code offset}: the write of an array whose old value is dead. */
    public static int[] set(int[] a, int offset, int v) {
        a[offset] = v;
        return a;
    }

    /** {@code a} itself with {@code v}'s entries from {@code offset}. */
    public static int[] set(int[] a, int offset, int[] v) {
        System.arraycopy(v, 0, a, offset, v.length);
        return a;
    }

    /** {@code a} itself with column j of its {@code rows} × {@code cols} entries replaced by v, j checked. */
    public static int[] setColumn(int[] a, int rows, int cols, int j, int[] v, String where) {
        int c = index(j, cols, 1, where);
        for (int r = 0; r < rows; r++) {
            a[r * cols + c] = v[r];
        }
        return a;
    }

    /** A copy of {@code a} with entry {@code offset} set to {@code v} (arrays are values). */
    public static int[] write(int[] a, int offset, int v) {
        int[] out = a.clone();
        out[offset] = v;
        return out;
    }

    /** A copy of {@code a} with {@code v}'s entries from {@code offset} (a row, or rows). */
    public static int[] write(int[] a, int offset, int[] v) {
        int[] out = a.clone();
        System.arraycopy(v, 0, out, offset, v.length);
        return out;
    }

    /** The arrays one after another: concat along the first axis, or stack, of row-major int arrays. */
    public static int[] join(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] out = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** The sum of the entries (wrapping around as Java's int arithmetic does). */
    public static int sum(int[] a) {
        int s = 0;
        for (int v : a) {
            s += v;
        }
        return s;
    }

    /** The largest entry ({@code max}) or the smallest; an error naming {@code where} for an empty array. */
    public static int extreme(int[] a, boolean max, String where) {
        if (a.length == 0) {
            throw new IllegalArgumentException((where == null ? "" : where + ": ") + (max ? "max" : "min")
                    + " of an empty int array");
        }
        int m = a[0];
        for (int v : a) {
            m = max ? Math.max(m, v) : Math.min(m, v);
        }
        return m;
    }

    /*
     * The operators of generated code's int array arithmetic and comparisons, named so that the code passes them as
     * method references: a lambda's parameters would clash with a local variable of the same name (a program's
     * int array named p, where the code wrote (p, q) -> p - q, did not compile).
     */

    /** {@code a - b}. */
    public static int difference(int a, int b) {
        return a - b;
    }

    /** {@code a * b}. */
    public static int product(int a, int b) {
        return a * b;
    }

    /** {@code a < b}. */
    public static boolean less(int a, int b) {
        return a < b;
    }

    /** {@code a <= b}. */
    public static boolean lessOrEqual(int a, int b) {
        return a <= b;
    }

    /** {@code a > b}. */
    public static boolean greater(int a, int b) {
        return a > b;
    }

    /** {@code a >= b}. */
    public static boolean greaterOrEqual(int a, int b) {
        return a >= b;
    }

    /** {@code a == b}. */
    public static boolean equal(int a, int b) {
        return a == b;
    }

    /** {@code a != b}. */
    public static boolean notEqual(int a, int b) {
        return a != b;
    }

    public static int[] map(int[] a, int[] b, java.util.function.IntBinaryOperator f) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = f.applyAsInt(a[i % a.length], b[i % b.length]);
        }
        return out;
    }

    public static int[] map(int[] a, int b, java.util.function.IntBinaryOperator f) {
        return map(a, new int[] {b}, f);
    }

    public static int[] map(int a, int[] b, java.util.function.IntBinaryOperator f) {
        return map(new int[] {a}, b, f);
    }

    public static boolean[] test(int[] a, int[] b, Test f) {
        int n = Math.max(a.length, b.length);
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = f.test(a[i % a.length], b[i % b.length]);
        }
        return out;
    }

    public static boolean[] test(int[] a, int b, Test f) {
        return test(a, new int[] {b}, f);
    }

    public static boolean[] test(int a, int[] b, Test f) {
        return test(new int[] {a}, b, f);
    }

    /**
     * Checks an int array parameter the way {@link Checks#length(double[], long, String, String)} checks a
     * real one.
     */
    public static int[] length(int[] a, long expected, String name, String shapeText) {
        if (a == null) {
            throw new IllegalArgumentException("parameter '" + name + "' is null");
        }
        if (a.length != expected) {
            throw new IllegalArgumentException("parameter '" + name + "' has length " + a.length + ", expected "
                    + expected + (shapeText == null ? "" : " (shape " + shapeText + ")"));
        }
        return a;
    }
}
