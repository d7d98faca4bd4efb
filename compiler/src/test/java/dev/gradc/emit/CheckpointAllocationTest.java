package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.runtime.checkpoint.LoopTrips;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;

/**
 * A checkpointed loop's compiled gradient allocates nothing per trip and nothing per snapshot once it runs:
 * the arrays of the loops that recompute trips are allocated once per sweep, before it (counted in bytes
 * allocated by this thread, not timed). Its allocation is then the same for 1,000 trips as for 4,000, with the
 * same snapshots, while the recomputation runs thousands of segments more.
 */
class CheckpointAllocationTest {

    private static final int N = 1_000;

    private static final String SOURCE = """
            module ck.Alloc;
            @grad(x, a)
            fn counted<N>(x: real[N], a: real, n: int) -> real {
              h = x;
              @checkpoint(8)
              for i in 0..n { h = tanh(h * a + x); }
              return sum(h * h);
            }
            @grad(x, a)
            fn online<N>(x: real[N], a: real, n: real) -> real {
              h = x;
              s = 0.0;
              @checkpoint(8)
              while (s < n) { h = tanh(h * a + x); s = s + 1.0 + 0.000001 * sum(h); }
              return sum(h * h);
            }
            @grad(x, a)
            fn automatic<N>(x: real[N], a: real, n: int) -> real {
              h = x;
              for i in 0..n { h = tanh(h * a + x); }
              return sum(h * h);
            }
            @grad(x, a)
            fn writes<N>(x: real[N], a: real, n: int) -> real {
              h = x;
              j = 0;
              @checkpoint(8)
              for i in 0..n { h[j] = tanh(h[N - 1 - j] * a + x[j]); j = j + 1; if (j >= N) { j = 0; } }
              return sum(h * h);
            }
            @grad(x, a)
            fn journaled<N>(x: real[N], a: real, n: int) -> real {
              h = x;
              j = 0;
              for i in 0..n { h[j] = tanh(h[N - 1 - j] * a + x[j]); j = j + 1; if (j >= N) { j = 0; } }
              return sum(h * h);
            }
            """;

    private static final CompiledModule COMPILED = CompiledModule.load(Programs.compile(SOURCE));

    /**
     * The bytes this thread allocates for one gradient (after one run that loads and warms up the class), the
     * spare stack arrays earlier tests of this JVM left to the thread let go first (DoubleStack.releaseSpares):
     * spares longer than twice what a stack asks for are not lent to it, and while they fill every slot an emptied
     * stack cannot lend its own array to the next call's, which then allocates it, as the test's order decides.
     */
    private static long allocated(String fn, Object trips) {
        dev.gradc.runtime.DoubleStack.releaseSpares();
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = 0.5 * Math.sin(i);
        }
        Object[] args = {N, x, 0.9, trips};
        return Allocation.warm(() -> COMPILED.grad(fn, args));
    }

    /** How many trips fn's gradient recomputed. */
    private static long recomputed(String fn, Object trips) {
        double[] x = new double[N];
        try (LoopTrips counts = LoopTrips.start()) {
            COMPILED.grad(fn, N, x, 0.9, trips);
            return counts.byLoop().values().stream().mapToLong(t -> t[1]).sum();
        }
    }

    private static void noAllocationPerTripOrSnapshot(String fn, Object few, Object many) {
        long once = allocated(fn, few);
        long more = allocated(fn, many);
        // 8 snapshots of N doubles, the buffers and the adjoints: about 240 KB whatever the trip count; two
        // arrays of N doubles per recomputed segment (as before) were 16 MB for 1,000 trips, 64 MB for 4,000
        assertTrue(once < 400_000, fn + ": " + once + " bytes for " + few + " trips");
        assertTrue(more - once < 20_000, fn + ": " + more + " bytes for " + many + " trips against " + once);
    }

    @Test
    void aCountedCheckpointedLoopAllocatesTheSameForFourTimesTheTrips() {
        noAllocationPerTripOrSnapshot("counted", 1_000, 4_000);
    }

    @Test
    void anOnlineCheckpointedLoopAllocatesTheSameForFourTimesTheTrips() {
        noAllocationPerTripOrSnapshot("online", 1_000.0, 4_000.0);
    }

    @Test
    void aLoopCheckpointedWithinTheBudgetAllocatesTheSameForFourTimesTheTrips() {
        COMPILED.setMaxKeptValues(8L * N);
        try {
            noAllocationPerTripOrSnapshot("automatic", 1_000, 4_000);
        } finally {
            COMPILED.setMaxKeptValues(dev.gradc.runtime.checkpoint.KeptBudget.DEFAULT);
        }
    }

    @Test
    void aLoopWritingEntriesInPlaceCopiesItsArrayIntoItsSweepsBuffersNotANewOnePerSegment() {
        // each segment that runs or recomputes trips from a snapshot writes the array in place: it starts in a
        // buffer of its sweep (a copy of the snapshot, or the buffer itself when it runs on from the last
        // segment), where a new copy per segment was 8 KB each, thousands of them
        noAllocationPerTripOrSnapshot("writes", 1_000, 4_000);
        // with the bits of the same loop kept whole (its journal fits in the default budget)
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = 0.5 * Math.sin(i);
        }
        CompiledModule.Result kept = COMPILED.grad("journaled", N, x, 0.9, 4_000);
        CompiledModule.Result checkpointed = COMPILED.grad("writes", N, x, 0.9, 4_000);
        org.junit.jupiter.api.Assertions.assertArrayEquals((double[]) kept.parts().get("x"),
                (double[]) checkpointed.parts().get("x"));
        assertEquals(kept.parts().get("a"), checkpointed.parts().get("a"));
        COMPILED.setMaxKeptValues(16L * N);
        try {
            // past half the budget, the trips after the journaled ones are checkpointed the same way
            long recomputed = recomputed("journaled", 4_000);
            assertTrue(recomputed > 4_000, recomputed + " trips recomputed");
            noAllocationPerTripOrSnapshot("journaled", 4_000, 16_000);
        } finally {
            COMPILED.setMaxKeptValues(dev.gradc.runtime.checkpoint.KeptBudget.DEFAULT);
        }
    }

    @Test
    void theRecomputationRunsThousandsOfSegments() {
        COMPILED.setMaxKeptValues(8L * N);
        try {
            // 8 snapshots for 4,000 trips: many snapshot-to-snapshot segments, each of which used to allocate
            // its two buffers
            assertTrue(recomputed("automatic", 4_000) > 8_000, "trips recomputed");
            assertEquals(0, recomputed("automatic", 7), "7 states of N + 1 values fit: nothing is recomputed");
        } finally {
            COMPILED.setMaxKeptValues(dev.gradc.runtime.checkpoint.KeptBudget.DEFAULT);
        }
    }
}
