package dev.gradc.runtime;

/**
 * An index of the user's program outside its dimension, raised by generated code with the position of the
 * indexing expression in the source, like {@code "model.grad:4:12: index 5 is out of bounds for dimension 0
 * of length 3"}.
 */
public final class IndexOutOfRangeException extends IndexOutOfBoundsException {

    private static final long serialVersionUID = 1L;

    /** {@code where} is like {@code "model.grad:4:12"}. */
    public IndexOutOfRangeException(String where, int index, int dimension, int length) {
        super(where + ": " + index(index, dimension, length));
    }

    /**
     * "index 5 is out of bounds for dimension 0 of length 3": the words of every engine (the position is added
     * before them, {@code file:line:column: }).
     */
    public static String index(long index, int dimension, int length) {
        return "index " + index + " is out of bounds for dimension " + dimension + " of length " + length;
    }

    /** "slice 2:5 is out of bounds for dimension 0 of length 4", in every engine. */
    public static String slice(long start, long end, int dimension, int length) {
        return "slice " + start + ":" + end + " is out of bounds for dimension " + dimension + " of length " + length;
    }

    /** A message already complete with its position (a gather names which entry of its index array is at fault). */
    public IndexOutOfRangeException(String message) {
        super(message);
    }
}
