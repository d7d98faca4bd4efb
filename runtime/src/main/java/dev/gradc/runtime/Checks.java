package dev.gradc.runtime;

/**
 * Argument checks that generated code runs on entry, throwing {@link IllegalArgumentException} with a
 * message that names the offending parameter or size.
 */
public final class Checks {

    private Checks() {
    }

    /**
     * Checks that an array parameter is present and has the expected length.
     *
     * @return {@code a}, so that a check can wrap the use
     * @throws IllegalArgumentException "parameter 'w' is null" or "parameter 'w' has length 5, expected 3"
     */
    public static double[] length(double[] a, int expected, String name) {
        return length(a, expected, name, null);
    }

    /**
     * Checks an array parameter, naming its declared shape in the message.
     *
     * @param shapeText the declared shape and its size bindings, like {@code "[B,4] with B=2"}; the
     *     message then ends with {@code "(shape [B,4] with B=2)"}. {@code null} leaves it out.
     * @return {@code a}
     */
    public static double[] length(double[] a, int expected, String name, String shapeText) {
        if (a == null) {
            throw new IllegalArgumentException("parameter '" + name + "' is null");
        }
        if (a.length != expected) {
            throw new IllegalArgumentException("parameter '" + name + "' has length " + a.length
                    + ", expected " + expected + (shapeText == null ? "" : " (shape " + shapeText + ")"));
        }
        return a;
    }

    /**
     * Checks an array parameter against a length computed in {@code long} from its size names (so that
     * {@code 3 * B} cannot wrap around to a small number), naming its declared shape in the message.
     *
     * @param expected the true number of elements, or {@link Long#MAX_VALUE} when it exceeds a {@code long}
     * @param shapeText like {@code "[B,3] with B=2"}, or {@code null}
     * @return {@code a}
     */
    public static double[] length(double[] a, long expected, String name, String shapeText) {
        if (a == null) {
            throw new IllegalArgumentException("parameter '" + name + "' is null");
        }
        if (a.length != expected) {
            throw new IllegalArgumentException("parameter '" + name + "' has length " + a.length + ", expected "
                    + elementsText(expected) + (shapeText == null ? "" : " (shape " + shapeText + ")"));
        }
        return a;
    }

    /**
     * The product {@code a * b} of non-negative element counts, or {@link Long#MAX_VALUE} when it does not fit
     * in a {@code long} (no size can make a count wrap around).
     */
    public static long times(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return hi != 0 || lo < 0 ? Long.MAX_VALUE : lo;
    }

    /**
     * Checks that an array of a shape the sizes give (an intermediate or a result, not a parameter) fits in one
     * Java array, before any work is done.
     *
     * @param elements its number of elements, computed in {@code long} (saturated at {@link Long#MAX_VALUE})
     * @param shapeText like {@code "[B,B] with B=70000"}
     * @throws IllegalArgumentException "the sizes give an array of shape [B,B] with B=70000: 4900000000
     *     elements, more than a Java array holds (2147483639)"
     */
    public static void fits(long elements, String shapeText) {
        if (elements > MAX_ELEMENTS) {
            throw new IllegalArgumentException("the sizes give an array of shape " + shapeText + ": "
                    + elementsText(elements) + " elements, more than a Java array holds (" + MAX_ELEMENTS + ")");
        }
    }

    /** The most elements a Java array holds on common JVMs. */
    public static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private static String elementsText(long n) {
        return n == Long.MAX_VALUE ? "more than " + Long.MAX_VALUE : Long.toString(n);
    }

    /**
     * Checks an index of the program against its dimension (what generated code calls for {@code x[i]}).
     *
     * @param where the indexing expression's position, like {@code "model.grad:4:12"}
     * @return {@code index}
     * @throws IndexOutOfRangeException "model.grad:4:12: index 5 is out of bounds for dimension 0 of length 3"
     */
    public static int index(int index, int length, int dimension, String where) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfRangeException(where, index, dimension, length);
        }
        return index;
    }

    /**
     * Checks a slice of the program against its dimension (what generated code calls for {@code x[a:a+3]} and
     * for slice updates): rows {@code start} to {@code start + count} must exist.
     *
     * @param where the slice's position, like {@code "model.grad:4:12"}
     * @return {@code start}
     * @throws IndexOutOfRangeException "model.grad:4:12: slice 2:5 is out of bounds for dimension 0 of length 4"
     */
    public static int rows(int start, int count, int length, String where) {
        return rows(start, count, length, 0, where);
    }

    /**
     * As {@link #rows(int, int, int, String)} for a slice of axis {@code axis} of the program's array (a slice of
     * columns, read as rows of a transpose), which the error names.
     *
     * @throws IndexOutOfRangeException "model.grad:4:12: slice 2:5 is out of bounds for dimension 1 of length 4"
     */
    public static int rows(int start, int count, int length, int axis, String where) {
        if (start < 0 || (long) start + count > length) {
            throw new IndexOutOfRangeException(where + ": " + IndexOutOfRangeException.slice(start,
                    (long) start + count, axis, length));
        }
        return start;
    }

    /**
     * Checks a size name's value (a leading {@code int} parameter of generated code).
     *
     * @return {@code value}
     * @throws IllegalArgumentException "size 'B' must be >= 0, got -1"
     */
    public static int size(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException("size '" + name + "' must be >= 0, got " + value);
        }
        return value;
    }

    /**
     * Checks a size that the class was specialised to ({@code gradc compile --size H=16}): the generated code has
     * the size's value built in, so a call must pass exactly that value.
     *
     * @return {@code value}
     * @throws IllegalArgumentException "size 'H' is 8, but this class is specialised to H=16"
     */
    public static int specialised(int value, int bound, String name) {
        if (value != bound) {
            throw new IllegalArgumentException("size '" + name + "' is " + value + ", but this class is specialised to "
                    + name + "=" + bound);
        }
        return value;
    }

    /**
     * Checks a dimension computed from sizes, such as {@code 2*N+1} or {@code N-1}, before it is used as a length.
     *
     * @param value the dimension, computed in {@code long}
     * @param text the dimension as declared, like {@code "N-1"}
     * @param bindings the sizes it uses, like {@code "N=0"}
     * @return the dimension as an {@code int}
     * @throws IllegalArgumentException "dimension 'N-1' is -1 with N=0; it must be >= 0"
     */
    public static int dimension(long value, String text, String bindings) {
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("dimension '" + text + "' is " + value + " with " + bindings
                    + (value < 0 ? "; it must be >= 0" : "; it does not fit in a Java array"));
        }
        return (int) value;
    }
}
