package dev.gradc.runtime.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BinomialTest {

    /** The least advances to reverse l steps with s snapshots, by dynamic programming over every first split. */
    private static long[][] bruteForce(int maxL, int maxS) {
        long[][] t = new long[maxL + 1][maxS + 1];
        for (int l = 2; l <= maxL; l++) {
            t[l][1] = (long) l * (l - 1) / 2;
            for (int s = 2; s <= maxS; s++) {
                long best = Long.MAX_VALUE;
                for (int m = 1; m < l; m++) {
                    best = Math.min(best, m + t[l - m][s - 1] + t[m][s]);
                }
                t[l][s] = best;
            }
        }
        return t;
    }

    @Test
    void betaIsTheBinomialCoefficient() {
        assertEquals(1, Binomial.beta(0, 5));
        assertEquals(6, Binomial.beta(5, 1));
        assertEquals(184_756, Binomial.beta(10, 10));       // C(20, 10)
        assertEquals(1_081_575, Binomial.beta(8, 17));      // C(25, 8)
        assertEquals(0, Binomial.beta(3, -1));
        assertEquals(Long.MAX_VALUE, Binomial.beta(1_000, 1_000));
        for (int s = 1; s < 20; s++) {
            for (int r = 1; r < 20; r++) {
                assertEquals(Binomial.beta(s, r), Binomial.beta(s - 1, r) + Binomial.beta(s, r - 1), s + "," + r);
            }
        }
    }

    @Test
    void theClosedFormIsTheOptimumOfEverySplit() {
        long[][] t = bruteForce(300, 9);
        for (int l = 1; l <= 300; l++) {
            for (int s = 1; s <= 9; s++) {
                assertEquals(t[l][s], Binomial.optimalAdvances(l, s), "l=" + l + " s=" + s);
            }
        }
    }

    @Test
    void theChosenAdvanceAttainsTheOptimum() {
        long[][] t = bruteForce(300, 9);
        for (int l = 2; l <= 300; l++) {
            for (int s = 2; s <= 9; s++) {
                long m = Binomial.advance(l, s);
                assertTrue(m >= 1 && m < l, "l=" + l + " s=" + s + " m=" + m);
                assertEquals(t[l][s], m + t[(int) (l - m)][s - 1] + t[(int) m][s], "l=" + l + " s=" + s);
            }
            assertEquals(l - 1, Binomial.advance(l, 1));
        }
    }

    @Test
    void knownValuesOfTheOptimum() {
        // one snapshot: advance l-1, l-2, ..., 1 steps
        assertEquals(4_950, Binomial.optimalAdvances(100, 1));
        // enough snapshots for every step: the first sweep alone
        assertEquals(99, Binomial.optimalAdvances(100, 100));
        // 10^6 steps, 8 snapshots: r = 17 since C(24, 8) < 10^6 <= C(25, 8)
        assertEquals(17, Binomial.repetitions(1_000_000, 8));
        assertEquals(17 * 1_000_000L - Binomial.beta(9, 16), Binomial.optimalAdvances(1_000_000, 8));
    }

    @Test
    void largeSnapshotCountsDoNotOverflow() {
        assertEquals(1, Binomial.repetitions(1_000_000, 100_000_000));
        assertEquals(999_999, Binomial.optimalAdvances(1_000_000, 100_000_000));
        assertEquals(1, Binomial.advance(1_000_000, 100_000_000));
        assertEquals(1, Binomial.advance(2, Integer.MAX_VALUE));
    }

    @Test
    void reversingStepsNeedsASnapshot() {
        assertThrows(IllegalArgumentException.class, () -> Binomial.advance(5, 0));
        assertEquals(0, Binomial.optimalAdvances(1, 0));
    }
}
