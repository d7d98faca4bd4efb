package dev.gradc.bench.scaling;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * The gradient of 10⁶ trips over 1,000 doubles of state ({@code bench/Checkpoint.grad}, h ← h + 0.001 (a h −
 * h³)) in a 1 GB heap: storing every state would keep 10⁹ values (8 GB). The unannotated loop is checkpointed
 * automatically within the default kept-values budget (a quarter of the heap); {@code @checkpoint(32)} keeps 32
 * states. Prints for each the time and the peak heap in use, and the forward steps of the 32-snapshot schedule.
 *
 * <pre>java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.gradc.bench.scaling.MillionSteps [TRIPS]</pre>
 */
public final class MillionSteps {

    private MillionSteps() {
    }

    public static void main(String[] args) {
        int trips = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        int n = 1_000;
        double[] x0 = new double[n];
        for (int i = 0; i < n; i++) {
            x0[i] = 0.5 + 0.4 * Math.sin(i);
        }
        bench.Checkpoint.setMaxIterations(Math.max(1_000_000L, trips));
        long value = System.nanoTime();
        double v = bench.Checkpoint.counted32(n, x0, 0.7, trips);
        double valueSeconds = (System.nanoTime() - value) / 1e9;
        System.out.printf(Locale.ROOT, "%,d trips x %,d doubles: value %.12g in %.1f s; heap %d MB%n", trips, n, v,
                valueSeconds, Runtime.getRuntime().maxMemory() >> 20);
        resetPeaks();
        long start = System.nanoTime();
        bench.Checkpoint.StoreAll.Grad auto = bench.Checkpoint.storeAllGrad(n, x0, 0.7, trips);
        double autoSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "no annotation, default budget (%,d values): gradient %.1f s (%.1fx the value),"
                + " peak heap in use %.0f MB, d/da %.12g%n", dev.gradc.runtime.checkpoint.KeptBudget.DEFAULT,
                autoSeconds, autoSeconds / valueSeconds, peak() / 1e6, auto.a());
        resetPeaks();
        start = System.nanoTime();
        bench.Checkpoint.Counted32.Grad g = bench.Checkpoint.counted32Grad(n, x0, 0.7, trips);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "@checkpoint(32): gradient %.1f s (%.1fx the value), peak heap in use %.0f MB,"
                + " d/da %.12g (same bits as without: %b); forward steps %,d (Revolve's optimum %,d)%n", seconds,
                seconds / valueSeconds, peak() / 1e6, g.a(), g.a() == auto.a(),
                dev.gradc.runtime.checkpoint.Schedule.binomial(trips, 32).count().advances(),
                dev.gradc.runtime.checkpoint.Binomial.optimalAdvances(trips, 32) + 1);
    }

    /** Starts a peak measurement with what earlier runs left collected, so that their garbage is not counted. */
    private static void resetPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
    }

    private static long peak() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }
}
