package dev.gradc.runtime;

/**
 * Counts the values the runtime's stacks hold, per thread, when the JVM runs with
 * {@code -Dgradc.keptValues=true}: how much a gradient keeps at its peak (the stacks of its loops' states and
 * snapshots), for measuring it against a bound. Off by default, when the stacks do no counting at all.
 * A value is one double, int, boolean or reference.
 */
public final class KeptValues {

    /** Whether this JVM counts (read once, when the class loads). */
    public static final boolean COUNTED = Boolean.getBoolean("gradc.keptValues");

    /** Per thread: the values held now, the most held at once since {@link #reset()}, and what was held then. */
    private static final ThreadLocal<long[]> HELD = ThreadLocal.withInitial(() -> new long[3]);

    private KeptValues() {
    }

    /** Counts {@code n} values pushed (negative: popped) on this thread. */
    static void add(long n) {
        long[] h = HELD.get();
        h[0] += n;
        h[1] = Math.max(h[1], h[0]);
    }

    /** Starts a measurement on this thread: the peak is what is held now. */
    public static void reset() {
        long[] h = HELD.get();
        h[1] = h[0];
        h[2] = h[0];
    }

    /**
     * The values this thread's stacks hold now: pushed less popped (0 while nothing is counted). A gradient that
     * returns has emptied every stack it pushed, so this is the same before and after the call; the stacks of a call
     * that stopped with an exception (the kept-state error, an index out of range) are dropped unemptied and stay
     * counted here, which {@link #peak()} leaves out by measuring from {@link #reset()}.
     */
    public static long held() {
        return HELD.get()[0];
    }

    /** The most values this thread's stacks held at once since {@link #reset()}, less what they held then. */
    public static long peak() {
        long[] h = HELD.get();
        return h[1] - h[2];
    }
}
