package dev.gradc.runtime;

/** The growth and limit policy shared by the primitive stacks: doubling, capped by a value limit. */
final class StackCapacity {

    /** The largest array the JVM reliably allocates. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    static final int INITIAL = 16;

    private StackCapacity() {
    }

    /** The error for a push past {@code limit}, naming the loop when {@code where} is known. */
    static KeptStateLimitException limitError(long limit, String where) {
        return where == null ? new KeptStateLimitException(limit) : new KeptStateLimitException(where, limit);
    }

    /** Validates a limit given to a constructor; {@link #grow} also caps it at what one array holds. */
    static long checkedLimit(long maxElements) {
        if (maxElements < 0) {
            throw new IllegalArgumentException("maxElements must be >= 0, got " + maxElements);
        }
        return maxElements;
    }

    /**
     * The limit a push of {@code block} values onto a stack holding {@code size} meets: a stack always takes its
     * first entry, whatever the limit (a checkpointed loop keeps at least its first state, however small the
     * kept-values budget), and every later push must stay within the limit.
     */
    static long limitFor(long limit, long size, long block) {
        return size == 0 ? Math.max(limit, block) : limit;
    }

    /**
     * The capacity to grow to so that {@code needed} elements fit: at least double the current one, never
     * past the limit. Throws {@link KeptStateLimitException} when {@code needed} exceeds the limit.
     */
    static int grow(int current, long needed, long limit, String where) {
        if (needed > limit || needed > MAX_ARRAY) {
            throw limitError(Math.min(limit, MAX_ARRAY), where);
        }
        long doubled = Math.max((long) current * 2, INITIAL);
        return (int) Math.min(Math.max(doubled, needed), Math.min(limit, MAX_ARRAY));
    }
}
