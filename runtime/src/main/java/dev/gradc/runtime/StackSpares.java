package dev.gradc.runtime;

import java.lang.ref.SoftReference;

/**
 * The backing arrays of this thread's emptied {@link DoubleStack}s, lent to the next stacks that grow: a gradient
 * call's kept state (RK4's 1,000 states of 64 values: 512 KB) is then not allocated and zeroed afresh per call,
 * which in a JVM with default options is a humongous allocation and a collection every few calls. A stack gives
 * its array back when a pop empties it and takes a spare when it grows; a lent array is held by that stack alone
 * (a slot marks it lent until it comes back). Soft: the collector takes the spares back when memory runs short.
 * A stack never reads an entry above its size, so a spare's old values need no clearing.
 */
final class StackSpares {

    /**
     * How many arrays a thread keeps: one per stack of a gradient call that keeps several (the LSTM's journal keeps
     * eight stacks of doubles, its gate activations five of them; with four slots, four were allocated per call).
     */
    static final int SLOTS = 16;

    private static final ThreadLocal<StackSpares> SPARES = ThreadLocal.withInitial(StackSpares::new);

    @SuppressWarnings("unchecked")
    private final SoftReference<double[]>[] refs = new SoftReference[SLOTS];
    private final boolean[] lent = new boolean[SLOTS];

    private StackSpares() {
    }

    /**
     * A spare of at least {@code capacity} and at most {@code max} entries (no more than twice the capacity, so
     * that a small stack does not take a large one from a stack that needs it), now lent; or null.
     */
    static double[] take(int capacity, long max) {
        StackSpares s = SPARES.get();
        int best = -1;
        double[] found = null;
        long most = Math.min(max, 2L * capacity);
        for (int i = 0; i < SLOTS; i++) {
            double[] a = s.refs[i] == null || s.lent[i] ? null : s.refs[i].get();
            if (a != null && a.length >= capacity && a.length <= most && (found == null || a.length < found.length)) {
                best = i;
                found = a;
            }
        }
        if (found != null) {
            s.lent[best] = true;
        }
        return found;
    }

    /**
     * Takes back {@code a}, which an emptied stack no longer uses: into its own slot when it was lent, else into
     * an empty slot, or in place of the shortest spare shorter than it; false (the stack keeps its array) when
     * every slot holds a longer one.
     */
    static boolean giveBack(double[] a) {
        StackSpares s = SPARES.get();
        int shortest = -1;
        int shortestLength = a.length;
        for (int i = 0; i < SLOTS; i++) {
            double[] held = s.refs[i] == null ? null : s.refs[i].get();
            if (held == a) {
                s.lent[i] = false;
                return true;
            }
            int length = held == null ? -1 : held.length;
            if (length < shortestLength) {
                shortest = i;
                shortestLength = length;
            }
        }
        if (shortest >= 0) {
            // a lent array forgotten here stays its stack's: it comes back as a new one
            s.refs[shortest] = new SoftReference<>(a);
            s.lent[shortest] = false;
            return true;
        }
        return false;
    }

    /** Forgets this thread's spares (for tests that read a stack's capacity). */
    static void clear() {
        SPARES.remove();
    }
}
