package dev.gradc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * {@link KeptValues}' peak is measured from {@link KeptValues#reset()}: what the thread's stacks held then (a stack
 * an earlier call left holding values, never popped) is not part of it. The counter is driven directly, as the
 * stacks drive it under {@code -Dgradc.keptValues=true}.
 */
class KeptValuesTest {

    @Test
    void thePeakLeavesOutWhatWasHeldAtReset() {
        KeptValues.add(100); // left by an earlier measurement
        KeptValues.reset();
        assertEquals(0, KeptValues.peak());
        KeptValues.add(5);
        KeptValues.add(-3);
        KeptValues.add(7);
        assertEquals(9, KeptValues.peak(), "5 - 3 + 7 held at once at most, above the 100 held at reset");
        KeptValues.add(-9);
        assertEquals(9, KeptValues.peak());
        KeptValues.add(-100);
    }

    @Test
    void aMeasurementThatPopsWhatWasHeldAtResetPeaksAtZero() {
        KeptValues.add(40);
        KeptValues.reset();
        KeptValues.add(-40);
        KeptValues.add(30);
        assertEquals(0, KeptValues.peak(), "30 values held, fewer than at reset");
        KeptValues.add(20);
        assertEquals(10, KeptValues.peak());
        KeptValues.add(-50);
    }
}
