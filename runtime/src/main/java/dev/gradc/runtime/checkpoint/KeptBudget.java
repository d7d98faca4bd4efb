package dev.gradc.runtime.checkpoint;

import dev.gradc.runtime.KeptStateLimitException;
import dev.gradc.runtime.ObjectStack;

/**
 * The kept-values budget of a loop's gradient: how many values (doubles, ints, booleans; an array counts its
 * elements) a reverse-mode loop may keep for its adjoint. A loop keeps the state of every trip while that fits;
 * past the budget its gradient keeps snapshots instead (as many as fit) and recomputes the trips between them.
 *
 * <p>The default is a quarter of the JVM's maximum heap, counted in doubles ({@link #DEFAULT}): a loop's kept
 * state then never fills more than a quarter of the heap, which leaves the rest to the program's own values,
 * the stacks' doubling growth (up to twice what they hold) and a second loop kept at the same time.
 */
public final class KeptBudget {

    /**
     * The values a snapshot keeps of its trip number, beside the loop's state: one int. Generated code names it as
     * the last size of {@link #snapshots}.
     */
    public static final long TRIP_NUMBER = 1;

    /** The default budget: {@code Runtime.maxMemory() / 4}, in 8-byte values; at least one million. */
    public static final long DEFAULT = defaultValues();

    private KeptBudget() {
    }

    private static long defaultValues() {
        long heap = Runtime.getRuntime().maxMemory();
        if (heap == Long.MAX_VALUE) {
            heap = 1L << 32; // no heap limit reported: budget as for a 4 GB heap
        }
        return Math.max(1_000_000L, heap / 4 / Double.BYTES);
    }

    /**
     * How many snapshots of a loop's state fit in {@code budget} values when its carried values have these
     * element counts (one state is their sum): at least one, since the loop's first state is always kept.
     */
    public static int snapshots(long budget, long... sizes) {
        long state = 0;
        for (long s : sizes) {
            state += s;
        }
        return snapshotsOf(budget, state);
    }

    /** {@link #snapshots(long, long...)} for one carried value, without the varargs array (a call allocates nothing). */
    public static int snapshots(long budget, long a) {
        return snapshotsOf(budget, a);
    }

    /** {@link #snapshots(long, long...)} for two carried values, without the varargs array. */
    public static int snapshots(long budget, long a, long b) {
        return snapshotsOf(budget, a + b);
    }

    /** {@link #snapshots(long, long...)} for three carried values, without the varargs array. */
    public static int snapshots(long budget, long a, long b, long c) {
        return snapshotsOf(budget, a + b + c);
    }

    private static int snapshotsOf(long budget, long state) {
        long n = budget / Math.max(1L, state);
        return (int) Math.max(1L, Math.min(Integer.MAX_VALUE - 1L, n));
    }

    /**
     * How many trips of a loop that keeps a journal of its writes (the entries each trip overwrites, and what
     * else it keeps whole) fit in half of {@code budget}, when one trip keeps {@code perTrip} values: the trips
     * it journals before the rest of it is checkpointed within the other half ({@link #snapshots} of half the
     * budget). May be 0.
     */
    public static int journalTrips(long budget, long perTrip) {
        long n = budget / 2 / Math.max(1L, perTrip);
        return (int) Math.min(Integer.MAX_VALUE - 1L, n);
    }

    /**
     * How many snapshots of a state of {@code state} values (its trip number included) the checkpointed rest of a
     * journaled loop keeps ({@link #journalTrips}) when its journal holds {@code held} values: as many as fit in half of
     * {@code budget}, and in what the journal left of the whole budget when it holds more than its half (a journal
     * whose values per trip are a guess may pass its half by its last trip, {@link #journalRoom}): so journal and
     * snapshots together keep within the budget, or within the journal and one snapshot. At least one.
     */
    public static int restSnapshots(long budget, long held, long state) {
        long room = Math.max(0L, Math.min(budget / 2, budget - held));
        return snapshotsOf(room, state);
    }

    /**
     * Whether a loop that journals its trips ({@link #journalTrips}) may run one more: its stacks hold {@code held}
     * values after {@code trips} trips, and {@code held} plus what the next trip is expected to keep fits in half of
     * {@code budget}. The next trip is expected to keep {@code perTrip} values (counted before the loop) or, when
     * that is more, what its trips so far kept on average: the check of a loop whose count is a guess (an inner
     * loop on data), made once per trip on the stacks' sizes. The trip that runs may still keep more than that.
     *
     * <p>Made before the first trip and after every trip (the last one too), it is also the loop's check of the whole
     * budget summed over its stacks: when a trip has taken what they hold past {@code budget} (each stack alone only
     * stops at the budget), it throws {@link KeptStateLimitException} naming the loop at {@code where} (may be null),
     * as a stack pushed past its limit does.
     */
    public static boolean journalRoom(long budget, long perTrip, int trips, long held, String where) {
        if (held > budget) {
            throw where == null ? new KeptStateLimitException(budget) : new KeptStateLimitException(where, budget);
        }
        long average = trips <= 0 ? 0 : (held + trips - 1) / trips;
        return held + Math.max(perTrip, average) <= budget / 2;
    }

    /**
     * {@code kept} values in units of a state of {@code state} values, rounded up: what a loop's trip keeps of its
     * inner loops, counted against its budget of snapshots. At most {@code Integer.MAX_VALUE / 2}.
     */
    public static int units(long state, long kept) {
        long s = Math.max(1L, state);
        return (int) Math.min(Integer.MAX_VALUE / 2, (kept + s - 1) / s);
    }

    /**
     * The values a value of generated code holds: an array its elements, a stack what it holds (a stack of stacks what
     * they hold), anything else one. A long, and O(1) but for a stack of stacks ({@link ObjectStack#values()}).
     */
    public static long size(Object v) {
        return ObjectStack.valuesOf(v);
    }
}
