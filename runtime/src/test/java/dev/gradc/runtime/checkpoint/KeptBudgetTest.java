package dev.gradc.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.runtime.KeptStateLimitException;
import org.junit.jupiter.api.Test;

/** The budget's arithmetic that generated code and the interpreter share. */
class KeptBudgetTest {

    /**
     * A journaled loop's room: the next trip must fit in half the budget, on its count or the average so far; and the
     * stacks together past the whole budget stop the gradient, naming the loop (one stack alone only stops at it).
     */
    @Test
    void journalRoomFitsHalfTheBudgetAndStopsPastTheWhole() {
        assertTrue(KeptBudget.journalRoom(100, 21, 0, 0, "f.grad:4"));
        assertTrue(KeptBudget.journalRoom(100, 21, 1, 25, "f.grad:4"), "25 + 25 on average fits 50");
        assertFalse(KeptBudget.journalRoom(100, 21, 1, 30, "f.grad:4"), "30 + 30 on average passes 50");
        assertFalse(KeptBudget.journalRoom(100, 21, 1, 100, "f.grad:4"), "the whole budget is not passed");
        KeptStateLimitException e = assertThrows(KeptStateLimitException.class,
                () -> KeptBudget.journalRoom(100, 21, 1, 187, "f.grad:4"));
        assertEquals(100, e.limit());
        assertEquals("f.grad:4", e.where());
        assertThrows(KeptStateLimitException.class, () -> KeptBudget.journalRoom(0, 21, 1, 1, null));
        assertFalse(KeptBudget.journalRoom(0, 21, 0, 0, null), "nothing held at a budget of 0: no room, no error");
        assertTrue(KeptBudget.journalRoom(Long.MAX_VALUE, 21, 3, Long.MAX_VALUE / 4, null));
    }

    /**
     * The checkpointed rest of a journaled loop: half the budget while the journal holds at most the other half, what
     * the journal left when it holds more (a guessed count's last trip), at least one snapshot; at 1,000 the journal's
     * 600 values leave 400, 21 snapshots of 19 (they took 500, 26 snapshots, before: 1,094 values together).
     */
    @Test
    void theRestsSnapshotsTakeWhatTheJournalLeft() {
        assertEquals(26, KeptBudget.restSnapshots(1_000, 0, 19));
        assertEquals(26, KeptBudget.restSnapshots(1_000, 500, 19));
        assertEquals(21, KeptBudget.restSnapshots(1_000, 600, 19));
        assertEquals(1, KeptBudget.restSnapshots(1_000, 990, 19), "at least the first state");
        assertEquals(1, KeptBudget.restSnapshots(1_000, 1_000, 19));
        assertEquals(1, KeptBudget.restSnapshots(0, 0, 19));
        assertEquals(KeptBudget.snapshots(Long.MAX_VALUE / 2, 19), KeptBudget.restSnapshots(Long.MAX_VALUE, 10, 19));
    }

    /** A snapshot's trip number counts one value beside its state. */
    @Test
    void aSnapshotsTripNumberCountsOne() {
        assertEquals(1, KeptBudget.TRIP_NUMBER);
        assertEquals(5, KeptBudget.snapshots(100, 16, 1, KeptBudget.TRIP_NUMBER));
        assertEquals(1, KeptBudget.snapshots(10, 16, KeptBudget.TRIP_NUMBER), "at least the first state");
    }
}
