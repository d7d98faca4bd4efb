package dev.gradc.cli;

import dev.gradc.diag.CliMessages;

/**
 * What fits in this JVM's heap: dense results (a Jacobian, a Hessian) are checked before they are computed, so an
 * input too large for them fails at once with the sizes and the heap named, not after minutes with an
 * {@link OutOfMemoryError}.
 */
final class Memory {

    /** Java arrays hold at most this many elements. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

    private Memory() {
    }

    /**
     * Throws an input error when a dense {@code rows × cols} matrix of doubles (stored in one array when
     * {@code flat}) cannot be made: more entries than a Java array holds, or more than half the heap.
     */
    static void checkDense(String what, long rows, long cols, boolean flat) {
        double entries = (double) rows * cols;
        double bytes = entries * Double.BYTES;
        long heap = Runtime.getRuntime().maxMemory();
        if ((flat && entries > MAX_ARRAY) || cols > MAX_ARRAY || bytes > heap / 2.0) {
            throw CommandError.input(CliMessages.denseTooLarge(what, rows, cols, gigabytes(bytes), gigabytes(heap)));
        }
    }

    /** The message for an {@link OutOfMemoryError}, naming the heap. */
    static String outOfMemory() {
        return CliMessages.outOfMemory(gigabytes(Runtime.getRuntime().maxMemory()));
    }

    private static String gigabytes(double bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f GB", bytes / (1L << 30));
    }
}
