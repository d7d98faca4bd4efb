package dev.gradc.bench.scaling;

import dev.gradc.runtime.KeptStateLimitException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.Locale;

/**
 * The gradient of 10⁶ trips over 1,000 doubles of state ({@code bench/Checkpoint.grad}, h ← h + 0.001 (a h −
 * h³)) in a 1 GB heap: storing every state would keep 10⁹ values (8 GB) and stops at the kept-state limit;
 * {@code @checkpoint(32)} keeps 32 states. Prints the time, the peak heap in use and the forward steps the
 * schedule runs.
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
        try {
            bench.Checkpoint.storeAllGrad(n, x0, 0.7, trips);
            System.out.println("storing every state: ran");
        } catch (KeptStateLimitException e) {
            System.out.println("storing every state: " + e.getMessage());
        }
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long start = System.nanoTime();
        bench.Checkpoint.Counted32.Grad g = bench.Checkpoint.counted32Grad(n, x0, 0.7, trips);
        double seconds = (System.nanoTime() - start) / 1e9;
        long value = System.nanoTime();
        double v = bench.Checkpoint.counted32(n, x0, 0.7, trips);
        double valueSeconds = (System.nanoTime() - value) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf(Locale.ROOT, "%,d trips x %,d doubles, @checkpoint(32): value %.12g (same as the gradient's:"
                + " %b), d/da %.12g%n", trips, n, g.value(), v == g.value(), g.a());
        System.out.printf(Locale.ROOT, "gradient %.1f s, value alone %.1f s (%.1fx); peak heap in use %.0f MB of %d MB;"
                + " forward steps %,d (Revolve's optimum %,d)%n", seconds, valueSeconds, seconds / valueSeconds,
                peak / 1e6, Runtime.getRuntime().maxMemory() >> 20,
                dev.gradc.runtime.checkpoint.Schedule.binomial(trips, 32).count().advances(),
                dev.gradc.runtime.checkpoint.Binomial.optimalAdvances(trips, 32) + 1);
    }
}
