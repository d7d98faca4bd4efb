package dev.gradc.runtime;

/**
 * A Java method that a program calls through {@code extern fn} failed: it threw, or returned an array of the
 * wrong length. The message names where the program calls it and the method, like
 * {@code "model.grad:4:12: the Java method special.Bessel.i0 threw java.lang.ArithmeticException: ..."}; the
 * exception it threw is the cause. Every engine raises this, the generated code too.
 */
public final class ExternCallException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private ExternCallException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * {@code method} threw {@code cause}; {@code where} is the call in the program, like {@code "m.grad:4:12"}.
     * Any exception or error is wrapped (a {@link StackOverflowError} or {@link AssertionError} of the method is
     * the method's failure, named like an exception) except {@link OutOfMemoryError}, which is thrown on as it
     * is: the heap is exhausted for the whole program, not just this call, and callers report it as such.
     */
    public static ExternCallException threw(String where, String method, Throwable cause) {
        if (cause instanceof OutOfMemoryError oom) {
            throw oom;
        }
        return new ExternCallException(where + ": the Java method " + method + " threw " + cause, cause);
    }

    /** The int array {@code method} returned, checked to have {@code length} elements. */
    public static int[] checked(int[] result, int length, String where, String method) {
        check(result == null ? -1 : result.length, length, where, method);
        return result;
    }

    private static void check(int got, int length, String where, String method) {
        if (got != length) {
            throw new ExternCallException(where + ": the Java method " + method + " returned "
                    + (got < 0 ? "null" : "an array of length " + got) + ", expected length " + length, null);
        }
    }

    /** The array {@code method} returned, checked to have {@code length} elements (a program's arrays are sized). */
    public static double[] checked(double[] result, int length, String where, String method) {
        check(result == null ? -1 : result.length, length, where, method);
        return result;
    }
}
