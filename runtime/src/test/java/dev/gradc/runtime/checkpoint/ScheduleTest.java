package dev.gradc.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void binomialSchedulesAttainRevolvesOptimum() {
        for (int c = 1; c <= 12; c++) {
            for (long trips = 0; trips <= 400; trips++) {
                Counts n = Schedule.binomial(trips, c).count();
                String at = "T=" + trips + " c=" + c;
                assertEquals(trips, n.reversals(), at);
                assertTrue(n.peakSnapshots() <= c, at);
                // the first sweep also runs the last trip, which Revolve runs as part of its first reversal, and
                // runs the segment after its last snapshot twice (that segment is at most r + 1 trips long)
                long optimum = Binomial.optimalAdvances(trips, c) + (trips > 0 ? 1 : 0);
                assertTrue(n.advances() >= optimum, at);
                assertTrue(n.advances() <= optimum + Binomial.repetitions(trips, c), at);
            }
        }
    }

    @Test
    void onlineSchedulesStoreEverythingWhileTheyCanAndStayWithinTwiceTheOptimum() {
        for (int c = 1; c <= 12; c++) {
            for (long trips = 0; trips <= 400; trips++) {
                Counts n = Schedule.online(trips, c).count();
                String at = "T=" + trips + " c=" + c;
                assertEquals(trips, n.reversals(), at);
                assertTrue(n.peakSnapshots() <= c, at);
                if (trips <= c) {
                    assertEquals(trips, n.advances(), at);
                } else {
                    assertEquals(trips + Binomial.optimalAdvances(trips, c), n.advances(), at);
                    assertTrue(n.advances() <= 2 * (Binomial.optimalAdvances(trips, c) + 1), at);
                }
            }
        }
    }

    @Test
    void largeLoopsMeetTheirTargets() {
        for (long trips : new long[] {1_000, 10_000, 100_000, 1_000_000}) {
            for (int c : new int[] {8, 32, 128}) {
                long optimum = Binomial.optimalAdvances(trips, c) + 1;
                Counts counted = Schedule.binomial(trips, c).count();
                Counts online = Schedule.online(trips, c).count();
                assertTrue(counted.advances() <= 1.1 * optimum, trips + "," + c);
                assertTrue(online.advances() <= 2 * optimum, trips + "," + c);
                assertTrue(counted.peakSnapshots() <= c && online.peakSnapshots() <= c);
            }
        }
    }

    @Test
    void actionsAreConsistent() {
        // every restore takes the snapshot of the trip the schedule says; every reversal is at the current trip
        Schedule s = Schedule.binomial(1_000, 5);
        long[] stack = new long[5];
        int held = 0;
        long p = 0;
        long nextReversed = 999;
        while (s.hasNext()) {
            Action a = s.next();
            switch (a.kind()) {
                case SNAPSHOT -> stack[held++] = p;
                case ADVANCE -> p += a.steps();
                case RESTORE -> {
                    p = stack[--held];
                    assertEquals(p, a.position());
                }
                case DISCARD -> held--;
                case REVERSE -> {
                    assertEquals(nextReversed--, a.position());
                    assertEquals(p, a.position());
                    p = -1;
                }
                default -> throw new AssertionError(a);
            }
        }
        assertEquals(-1, nextReversed);
        assertEquals(0, held);
    }
}
