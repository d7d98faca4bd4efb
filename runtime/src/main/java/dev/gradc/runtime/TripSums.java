package dev.gradc.runtime;

/**
 * Counts of the values a loop will push, known before it starts, for {@link DoubleStack#reserve}: the trips
 * of an inner counted loop summed over the trips of the loop around it. Saturating: a count too large for a
 * {@code long} is {@link Long#MAX_VALUE}, which the reservation caps at the stack's limit.
 */
public final class TripSums {

    private TripSums() {
    }

    /**
     * The sum over t = 0 … trips − 1 of max(0, first + step·t): the trips of an inner loop whose count is
     * {@code first} on the outer loop's first trip and changes by {@code step} (−1, 0 or 1) per outer trip,
     * as {@code for i in k+1..n} inside {@code for k in 0..n} runs n − 1, n − 2, …, 0 times. Zero for no trips.
     */
    public static long series(long first, int step, long trips) {
        if (step < -1 || step > 1) {
            throw new IllegalArgumentException("step " + step + " is not -1, 0 or 1");
        }
        if (trips <= 0) {
            return 0;
        }
        if (step == 0) {
            return first <= 0 ? 0 : times(first, trips);
        }
        if (step < 0) {
            // first, first − 1, …, down to 1 at most, over min(trips, first) positive terms
            long m = Math.min(trips, first);
            return m <= 0 ? 0 : triangle(first, m);
        }
        // 0 … (the terms before first + t turns positive), then first + t up to first + trips − 1
        long last = first > 0 && trips > Long.MAX_VALUE - first ? Long.MAX_VALUE : first + trips - 1;
        if (last <= 0) {
            return 0;
        }
        long lowest = Math.max(first, 1);
        return triangle(last, last - lowest + 1);
    }

    /** {@code a·b} for counts a, b ≥ 0, saturating at {@link Long#MAX_VALUE}. */
    public static long times(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long product = a * b;
        return high != 0 || product < 0 ? Long.MAX_VALUE : product;
    }

    /** {@code a + b} for counts a, b ≥ 0, saturating at {@link Long#MAX_VALUE}. */
    public static long plus(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** top + (top − 1) + … over m terms (m ≤ top): m·top − m(m − 1)/2, saturating. */
    private static long triangle(long top, long m) {
        long half = m % 2 == 0 ? times(m / 2, m - 1) : times(m, (m - 1) / 2);
        long all = times(m, top);
        return all == Long.MAX_VALUE ? all : all - half;
    }
}
