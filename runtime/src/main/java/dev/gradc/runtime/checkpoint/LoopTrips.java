package dev.gradc.runtime.checkpoint;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the checkpointed loops of a run did, counted as they run, per source loop: the trips their adjoints
 * reversed and the trips they recomputed from snapshots. Generated code and the tape report into it
 * ({@link #reversed}, {@link #recomputed}: once per loop run, not per trip); a caller that wants the counts
 * starts counting on its thread ({@link #start}) and closes the counter when done. Nothing is counted on a
 * thread that does not count.
 */
public final class LoopTrips implements AutoCloseable {

    private static final ThreadLocal<LoopTrips> CURRENT = new ThreadLocal<>();
    /** How many threads count: while none does, reports return at once. */
    private static volatile int counting;

    private final Map<String, long[]> byLoop = new LinkedHashMap<>();

    private LoopTrips() {
    }

    /** Starts counting on this thread (replacing any counter it had) until {@link #close}. */
    public static synchronized LoopTrips start() {
        LoopTrips trips = new LoopTrips();
        if (CURRENT.get() == null) {
            counting++;
        }
        CURRENT.set(trips);
        return trips;
    }

    @Override
    public void close() {
        synchronized (LoopTrips.class) {
            if (CURRENT.get() == this) {
                CURRENT.remove();
                counting--;
            }
        }
    }

    /** The adjoint of the loop at {@code where} ({@code file:line}) reversed {@code trips} trips. */
    public static void reversed(String where, long trips) {
        add(where, 0, trips);
    }

    /** The loop at {@code where} recomputed {@code trips} trips from a snapshot. */
    public static void recomputed(String where, long trips) {
        add(where, 1, trips);
    }

    private static void add(String where, int what, long trips) {
        if (counting == 0) {
            return;
        }
        LoopTrips t = CURRENT.get();
        if (t != null) {
            t.byLoop.computeIfAbsent(where, k -> new long[2])[what] += trips;
        }
    }

    /** Per loop, in the order first reported: {trips reversed, trips recomputed}. */
    public Map<String, long[]> byLoop() {
        Map<String, long[]> out = new LinkedHashMap<>();
        byLoop.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }
}
