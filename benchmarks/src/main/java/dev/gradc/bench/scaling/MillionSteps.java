package dev.gradc.bench.scaling;

import dev.gradc.runtime.KeptValues;
import dev.gradc.runtime.checkpoint.Binomial;
import dev.gradc.runtime.checkpoint.KeptBudget;
import dev.gradc.runtime.checkpoint.LoopTrips;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;
import java.util.function.IntToDoubleFunction;

/**
 * The gradient of 10⁶ trips over 1,000 doubles of state ({@code bench/Checkpoint.grad}, h ← h + 0.001 (a h −
 * h³)) in a 1 GB heap: storing every state would keep 10⁹ values (8 GB). {@code auto} is the unannotated loop,
 * checkpointed automatically within the default kept-values budget (a quarter of the heap); {@code counted8},
 * {@code counted32}, {@code counted128}, {@code online8}, {@code online32}, {@code online128} are the loops
 * marked {@code @checkpoint(c)} (a {@code for} loop, binomial, or a {@code while} loop, online). Prints for
 * each the time, the peak heap in use, the most values its stacks kept at once, and the forward steps its
 * generated code ran (the trips of the first sweep plus those recomputed, as it reports them to
 * {@link LoopTrips}) next to Revolve's optimum; every gradient must have the bits of the first.
 *
 * <pre>java -Xmx1g -cp benchmarks/target/benchmarks.jar dev.gradc.bench.scaling.MillionSteps [TRIPS [VARIANT,...]]</pre>
 *
 * (10⁶ trips and {@code auto,counted32} by default.)
 */
public final class MillionSteps {

    private static final int STATE = 1_000;

    private MillionSteps() {
    }

    public static void main(String[] args) {
        System.setProperty("gradc.keptValues", "true");
        int trips = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        List<String> variants = List.of((args.length > 1 ? args[1] : "auto,counted32").split(","));
        double[] x0 = new double[STATE];
        for (int i = 0; i < STATE; i++) {
            x0[i] = 0.5 + 0.4 * Math.sin(i);
        }
        bench.Checkpoint.setMaxIterations(Math.max(1_000_000L, trips));
        long value = System.nanoTime();
        double v = bench.Checkpoint.counted32(STATE, x0, 0.7, trips);
        double valueSeconds = (System.nanoTime() - value) / 1e9;
        System.out.printf(Locale.ROOT, "%,d trips x %,d doubles: value %.12g in %.1f s; heap %d MB; default budget"
                + " %,d values%n", trips, STATE, v, valueSeconds, Runtime.getRuntime().maxMemory() >> 20,
                KeptBudget.DEFAULT);
        Double first = null;
        for (String variant : variants) {
            double dA = run(variant, trips, valueSeconds, gradient(variant, x0));
            System.out.printf(Locale.ROOT, "    d/da %.12g, same bits as the first: %b%n", dA,
                    first == null || Double.doubleToRawLongBits(first) == Double.doubleToRawLongBits(dA));
            first = first == null ? dA : first;
        }
    }

    /** Runs one variant's gradient and prints what it cost; returns d/da. */
    private static double run(String variant, int trips, double valueSeconds, IntToDoubleFunction grad) {
        resetPeaks();
        KeptValues.reset();
        double dA;
        long steps;
        long start = System.nanoTime();
        try (LoopTrips counted = LoopTrips.start()) {
            dA = grad.applyAsDouble(trips);
            steps = 0;
            for (long[] loop : counted.byLoop().values()) {
                steps += loop[0] + loop[1]; // the first sweep runs every trip the adjoint reverses
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long kept = KeptValues.peak();
        int c = snapshots(variant, kept);
        System.out.printf(Locale.ROOT, "%s: gradient %.1f s (%.1fx the value), peak heap in use %.0f MB, kept %,d"
                + " values (%.1f MB); forward steps %,d (Revolve's optimum for %d snapshots %,d)%n", variant, seconds,
                seconds / valueSeconds, peak() / 1e6, kept, kept * 8 / 1e6, steps, c,
                Binomial.optimalAdvances(trips, c) + 1);
        return dA;
    }

    /** The snapshots a variant may keep: its annotation's, or the states its kept values held. */
    private static int snapshots(String variant, long kept) {
        String digits = variant.replaceAll("[^0-9]", "");
        return digits.isEmpty() ? (int) Math.max(1, kept / (STATE + 1)) : Integer.parseInt(digits);
    }

    private static IntToDoubleFunction gradient(String variant, double[] x0) {
        return switch (variant) {
            case "auto" -> n -> bench.Checkpoint.storeAllGrad(STATE, x0, 0.7, n).a();
            case "counted8" -> n -> bench.Checkpoint.counted8Grad(STATE, x0, 0.7, n).a();
            case "counted32" -> n -> bench.Checkpoint.counted32Grad(STATE, x0, 0.7, n).a();
            case "counted128" -> n -> bench.Checkpoint.counted128Grad(STATE, x0, 0.7, n).a();
            case "online8" -> n -> bench.Checkpoint.online8Grad(STATE, x0, 0.7, n).a();
            case "online32" -> n -> bench.Checkpoint.online32Grad(STATE, x0, 0.7, n).a();
            case "online128" -> n -> bench.Checkpoint.online128Grad(STATE, x0, 0.7, n).a();
            default -> throw new IllegalArgumentException("unknown variant " + variant
                    + " (auto, counted8, counted32, counted128, online8, online32, online128)");
        };
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
