package dev.gradc.runtime.checkpoint;

import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A checkpointing schedule for reversing a loop of {@code trips} trips while holding at most {@code snapshots}
 * copies of its state: the sequence of {@link Action}s, from the loop's initial state to the reversal of its
 * first trip. This is the schedule the gradient pass builds into a checkpointed adjoint loop, as a runnable
 * object: for counting ({@link #count()}) and for running a loop by hand ({@link Checkpointing}).
 *
 * <p>The reversal is the same for both kinds: take the top snapshot (at trip p); while p is before the trip t
 * to reverse next, keep it again, advance {@link Binomial#advance}{@code (t + 1 − p, free)} trips and repeat;
 * then reverse trip t. Snapshots are kept and released last-in first-out, so they live on a stack.
 *
 * <ul>
 *   <li>{@link #binomial}: the trip count is known when the loop starts (a counted loop). The first sweep
 *       already places its snapshots as Revolve does, so the advances are Revolve's optimum, plus the loop's
 *       last trip, which the first sweep runs for the loop's value.
 *   <li>{@link #online}: the trip count is known only when the loop ends (a data-dependent {@code while}).
 *       The first sweep keeps the state at the start of each of the first {@code snapshots} trips and counts
 *       the rest; if the loop ended within them, nothing is recomputed. Otherwise all but the initial state
 *       are dropped and the reversal starts from it as a binomial one would: the advances are at most the trip
 *       count more than Revolve's optimum, which is within 2× of it (the optimum is at least the trip count
 *       once the trips outnumber the snapshots).
 * </ul>
 */
public final class Schedule implements Iterator<Action> {

    private final long trips;
    private final int snapshots;
    private final boolean online;
    private final long[] kept;
    private final ArrayDeque<Action> queue = new ArrayDeque<>();
    private int held;
    private long p;
    private long next;
    private boolean forward = true;

    private Schedule(long trips, int snapshots, boolean online) {
        if (trips < 0) {
            throw new IllegalArgumentException("trips must be >= 0, got " + trips);
        }
        if (snapshots < 1) {
            throw new IllegalArgumentException("snapshots must be >= 1, got " + snapshots);
        }
        this.trips = trips;
        this.snapshots = snapshots;
        this.online = online;
        this.kept = new long[snapshots];
        this.next = trips - 1;
    }

    /** The schedule of a loop whose trip count is known when it starts. */
    public static Schedule binomial(long trips, int snapshots) {
        return new Schedule(trips, snapshots, false);
    }

    /**
     * The schedule of a loop whose trip count is known only when it ends. Its first sweep decides without the
     * count ({@link #keepsOnline}); {@code trips} shapes only what happens after the loop.
     */
    public static Schedule online(long trips, int snapshots) {
        return new Schedule(trips, snapshots, true);
    }

    /** Whether the online first sweep keeps the state at the start of trip {@code trip}. */
    public static boolean keepsOnline(long trip, int snapshots) {
        return trip < snapshots;
    }

    /** How many snapshots may be free when the top one is at p (it counts as one): as {@link Binomial} wants. */
    private long free() {
        return snapshots - held + 1;
    }

    @Override
    public boolean hasNext() {
        if (queue.isEmpty()) {
            refill();
        }
        return !queue.isEmpty();
    }

    @Override
    public Action next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the schedule is complete");
        }
        return queue.poll();
    }

    private void refill() {
        if (forward) {
            if (online) {
                onlineSweep();
            } else if (p < trips) {
                snapshot();
                long s = free();
                long m = s == 1 ? trips - p : Binomial.advance(trips - p, s);
                advance(m);
                return;
            }
            forward = false;
            p = -1;
        }
        if (next < 0) {
            return;
        }
        if (p < 0) {
            p = kept[--held];
            queue.add(new Action(Action.Kind.RESTORE, p, 0));
        }
        if (p < next) {
            snapshot();
            long l = next + 1 - p;
            advance(Binomial.advance(l, free()));
        } else {
            queue.add(new Action(Action.Kind.REVERSE, next, 0));
            next--;
            p = -1;
        }
    }

    /** The online first sweep, all at once (the queue is consumed lazily by the caller). */
    private void onlineSweep() {
        for (long i = 0; i < Math.min(trips, snapshots); i++) {
            snapshot();
            advance(1);
        }
        if (trips > snapshots) {
            advance(trips - snapshots);
            while (held > 1) {
                queue.add(new Action(Action.Kind.DISCARD, kept[--held], 0));
            }
        }
    }

    private void snapshot() {
        kept[held++] = p;
        queue.add(new Action(Action.Kind.SNAPSHOT, p, 0));
    }

    private void advance(long m) {
        queue.add(new Action(Action.Kind.ADVANCE, p, m));
        p += m;
    }

    /** Runs the schedule without a loop and counts what it does. Consumes this schedule. */
    public Counts count() {
        long advances = 0;
        long reversals = 0;
        long taken = 0;
        long now = 0;
        long peak = 0;
        while (hasNext()) {
            Action a = next();
            switch (a.kind()) {
                case ADVANCE -> advances += a.steps();
                case SNAPSHOT -> {
                    taken++;
                    peak = Math.max(peak, ++now);
                }
                case RESTORE, DISCARD -> now--;
                case REVERSE -> reversals++;
                default -> throw new IllegalStateException(a.toString());
            }
        }
        return new Counts(advances, reversals, taken, peak);
    }
}
