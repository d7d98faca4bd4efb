package dev.gradc.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.runtime.checkpoint.LoopTrips;

/** Test helper: asserts that running some code recomputed no loop trip from a snapshot (counted, not timed). */
public final class Recomputed {

    private Recomputed() {
    }

    /** Runs {@code run} and fails, naming each loop's recomputed trips and {@code context}, if any trip was recomputed. */
    public static void none(Runnable run, String context) {
        try (LoopTrips trips = LoopTrips.start()) {
            run.run();
            long recomputed = trips.byLoop().values().stream().mapToLong(t -> t[1]).sum();
            StringBuilder per = new StringBuilder();
            trips.byLoop().forEach((loop, t) -> per.append(' ').append(loop).append(": ").append(t[1]));
            assertEquals(0, recomputed, "trips recomputed from snapshots " + context + ", per loop" + per);
        }
    }
}
