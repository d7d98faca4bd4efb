package dev.gradc.edge;

/** An extern the trip-count tests call once per trip of an innermost loop body: counts, returns its argument. */
public final class TripCounter {

    private static long trips;

    private TripCounter() {
    }

    /** Counts one trip; gives j back. */
    public static int tick(int j) {
        trips++;
        return j;
    }

    /** The trips counted since the last call, and starts counting again. */
    static long take() {
        long t = trips;
        trips = 0;
        return t;
    }
}
