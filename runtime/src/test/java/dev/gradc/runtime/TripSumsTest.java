package dev.gradc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TripSumsTest {

    @Test
    void seriesIsTheSumOfTheInnerTripsTripByTrip() {
        for (int step = -1; step <= 1; step++) {
            for (long first = -7; first <= 9; first++) {
                for (long trips = -2; trips <= 20; trips++) {
                    long sum = 0;
                    for (long t = 0; t < trips; t++) {
                        sum += Math.max(0, first + step * t);
                    }
                    assertEquals(sum, TripSums.series(first, step, trips), first + ", " + step + ", " + trips);
                }
            }
        }
    }

    @Test
    void anEliminationKeepsNTimesNTimesNMinusOneHalvesRows() {
        // for k in 0..n { for i in k+1..n }: n - 1, n - 2, ..., 0 inner trips
        assertEquals(32L * 31 / 2, TripSums.series(31, -1, 32));
        assertEquals(0, TripSums.series(0, -1, 1));
        assertEquals(0, TripSums.series(-1, -1, 5));
    }

    @Test
    void countsTooLargeForALongSaturate() {
        assertEquals(Long.MAX_VALUE, TripSums.series(Integer.MAX_VALUE * 4L, 1, Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, TripSums.series(Long.MAX_VALUE / 2, -1, Long.MAX_VALUE));
        assertEquals(Long.MAX_VALUE, TripSums.series(1L << 40, 0, 1L << 30));
        assertEquals(Long.MAX_VALUE, TripSums.times(1L << 32, 1L << 31));
        assertEquals(1L << 62, TripSums.times(1L << 31, 1L << 31));
        assertEquals(Long.MAX_VALUE, TripSums.plus(Long.MAX_VALUE, 1));
        assertEquals(7, TripSums.plus(3, 4));
        // large but representable: 2^31 - 1 trips falling from 2^31 - 1
        long n = Integer.MAX_VALUE;
        assertEquals(n * (n + 1) / 2, TripSums.series(n, -1, n));
    }

    @Test
    void aStepOtherThanOneZeroOrMinusOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> TripSums.series(3, 2, 4));
    }
}
