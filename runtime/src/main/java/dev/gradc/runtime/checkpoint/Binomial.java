package dev.gradc.runtime.checkpoint;

/**
 * Binomial checkpointing (Griewank and Walther's Revolve): the numbers behind reversing {@code l} steps of a
 * loop with {@code s} snapshots, the one at the first step included.
 *
 * <p>With s snapshots and every step evaluated at most r times, at most {@code β(s, r) = C(s + r, s)} steps can
 * be reversed. Reversing l steps, β(s, r−1) &lt; l ≤ β(s, r), takes at least {@code r·l − β(s + 1, r − 1)}
 * advances (evaluations of a step that only move the state on, the first sweep included; the reversal of
 * each step itself is not counted). {@link #advance} gives a first snapshot distance that attains it: advance
 * m steps, snapshot, reverse the last l − m steps with s − 1 snapshots, then the first m with s.
 */
public final class Binomial {

    private Binomial() {
    }

    /** {@code β(s, r) = C(s + r, s)}, saturating at {@link Long#MAX_VALUE}; 0 when r &lt; 0. */
    public static long beta(long s, long r) {
        if (s < 0) {
            throw new IllegalArgumentException("snapshots must be >= 0, got " + s);
        }
        if (r < 0) {
            return 0;
        }
        // C(s + r, s) = C(s + r, r) = Π_{i=1..k} (n − k + i) / i over the smaller k: each partial product is exact
        long k = Math.min(s, r);
        long n = s + r;
        long b = 1;
        for (long i = 1; i <= k; i++) {
            long f = n - k + i;
            if (b > Long.MAX_VALUE / f) {
                return Long.MAX_VALUE;
            }
            b = b * f / i;
        }
        return b;
    }

    /**
     * The repetition number of l steps with s snapshots: the least r with β(s, r) ≥ l (each step is then
     * advanced at most r times). 0 for l ≤ 1.
     */
    public static long repetitions(long l, long s) {
        checkSnapshots(l, s);
        if (l <= 1) {
            return 0;
        }
        if (s == 1) {
            return l - 1;
        }
        long r = 1;
        long b = s + 1; // β(s, 1)
        while (b < l) {
            r++;
            b = b > Long.MAX_VALUE / (s + r) ? Long.MAX_VALUE : b * (s + r) / r;
        }
        return r;
    }

    /** Revolve's optimum: the fewest advances that reverse l steps with s snapshots (see the class comment). */
    public static long optimalAdvances(long l, long s) {
        checkSnapshots(l, s);
        if (l <= 1) {
            return 0;
        }
        if (s == 1) {
            return l * (l - 1) / 2;
        }
        long r = repetitions(l, s);
        return r * l - beta(s + 1, r - 1);
    }

    /**
     * How far to advance from the snapshot at the first of l steps before taking the next snapshot, when s
     * snapshots (that one included) may be held: a distance in [1, l − 1] after which reversing the rest
     * optimally attains {@link #optimalAdvances}. With one snapshot nothing more can be kept, and the answer is
     * l − 1 (advance to the last step and reverse it). l itself for l ≤ 1.
     */
    public static long advance(long l, long s) {
        checkSnapshots(l, s);
        if (l <= 1) {
            return l;
        }
        if (s == 1) {
            return l - 1;
        }
        // The first part (m steps) keeps s snapshots and one repetition fewer, the rest (l − m) one snapshot
        // fewer: m ∈ [max(β(s, r−2), l − β(s−1, r)), min(β(s, r−1), l − β(s−1, r−1))] attains the optimum.
        long r = repetitions(l, s);
        long hi = Math.min(beta(s, r - 1), l - beta(s - 1, r - 1));
        return Math.max(1, Math.min(hi, l - 1));
    }

    /** Int form of {@link #advance(long, long)} for generated code, whose trip counts are ints. */
    public static int advance(int l, int s) {
        return (int) advance((long) l, (long) s);
    }

    /**
     * The first sweep's distance from its snapshot at the first of l remaining trips: {@link #advance} while
     * more snapshots may be taken, and with only that one, all l trips (the sweep runs on to the loop's end).
     */
    public static int advanceToEnd(int l, int s) {
        return s <= 1 ? l : advance(l, s);
    }

    private static void checkSnapshots(long l, long s) {
        if (s < 1 && l > 1) {
            throw new IllegalArgumentException("reversing " + l + " steps needs at least one snapshot, got " + s);
        }
    }
}
