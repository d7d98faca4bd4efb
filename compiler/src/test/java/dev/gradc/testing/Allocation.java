package dev.gradc.testing;

import java.lang.management.ManagementFactory;

/**
 * Test helper: the bytes the current thread allocates running some code — counted by the JVM, so as
 * deterministic as the code is, unlike a time. Tests of memory cost compare it at a size and at twice the size.
 */
public final class Allocation {

    private static final com.sun.management.ThreadMXBean BEAN =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private Allocation() {
    }

    /** The bytes this thread allocates running {@code run} once. */
    public static long of(Runnable run) {
        long before = now();
        run.run();
        return now() - before;
    }

    /** The bytes this thread allocates running {@code run} a second time: the first loads and links classes. */
    public static long warm(Runnable run) {
        run.run();
        return of(run);
    }

    /** The fewest bytes this thread allocates in one run of {@code run}, over three runs after two that warm up. */
    public static long fewest(Runnable run) {
        run.run();
        long fewest = warm(run);
        for (int i = 0; i < 2; i++) {
            fewest = Math.min(fewest, of(run));
        }
        return fewest;
    }

    /**
     * The bytes a trip costs: the fewest bytes of a run of {@code trips} more trips than {@code few} makes, less
     * the fewest of {@code few}, divided by {@code trips} (what every run allocates whatever its trips cancels out).
     */
    public static long perTrip(Runnable few, Runnable many, int trips) {
        return (fewest(many) - fewest(few)) / trips;
    }

    private static long now() {
        return BEAN.getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
