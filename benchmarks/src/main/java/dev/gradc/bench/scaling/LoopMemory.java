package dev.gradc.bench.scaling;

import dev.gradc.bench.RnnData;
import dev.gradc.runtime.KeptValues;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * The memory of an adjoint {@code while} against its O(trips × kept state) bound, on
 * {@code bench/LoopMemory.grad}: the RNN step {@code h = tanh(W h + x)} (n = 16) run T times, as a counted
 * {@code for} loop and as a {@code while} whose trip count is known only as it runs. Reverse mode keeps
 * h, 16 values, per trip, so the bound is 16·T values.
 *
 * <ul>
 *   <li><b>kept values</b>: the most values the gradient's stacks hold at once ({@link KeptValues}, within
 *       the default kept-values budget, so every state is kept) — the values the adjoint loop keeps;
 *   <li><b>allocated per call</b>: bytes the thread allocates per gradient call (HotSpot's per-thread
 *       counter, averaged over calls after a warm-up): the kept stack plus the garbage of each trip.
 * </ul>
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.gradc.bench.scaling.LoopMemory [TRIPS...]</pre>
 */
public final class LoopMemory {

    private static final int STATE = 16;

    private LoopMemory() {
    }

    public static void main(String[] args) {
        System.setProperty("gradc.keptValues", "true");
        int[] trips = args.length == 0 ? new int[] {10, 100, 1_000, 10_000, 100_000}
                : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
        RnnData d = RnnData.standard();
        System.out.println("| loop | trips T | kept values | bound 16·T | kept / bound | allocated per call | per trip |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (int t : trips) {
            row("for i in 0..T (counted)", t, n -> bench.LoopMemory.countedGrad(n, d.W(), d.h0(), d.x()));
        }
        for (int t : trips) {
            row("while (k < steps)", t, n -> bench.LoopMemory.dataGrad(d.W(), d.h0(), d.x(), n));
        }
    }

    private static void row(String loop, int t, IntFunction<Object> grad) {
        long kept = peakKept(t, grad);
        long bound = (long) STATE * t;
        double bytes = allocatedPerCall(t, grad);
        System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %,d | %.3f | %,.0f B | %,.0f B |%n", loop, t, kept, bound,
                (double) kept / bound, bytes, bytes / t);
    }

    /** The most values the gradient's stacks hold at once during one call of T trips. */
    private static long peakKept(int t, IntFunction<Object> grad) {
        if (!KeptValues.COUNTED) {
            throw new IllegalStateException("run with -Dgradc.keptValues=true");
        }
        KeptValues.reset();
        grad.apply(t);
        return KeptValues.peak();
    }

    /** Bytes this thread allocates per gradient call, after a warm-up. */
    private static double allocatedPerCall(int t, IntFunction<Object> grad) {
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        int calls = Math.max(20, 2_000_000 / t);
        Object sink = null;
        for (int i = 0; i < calls; i++) {
            sink = grad.apply(t);
        }
        long id = Thread.currentThread().getId();
        long before = mx.getThreadAllocatedBytes(id);
        for (int i = 0; i < calls; i++) {
            sink = grad.apply(t);
        }
        long after = mx.getThreadAllocatedBytes(id);
        if (sink == null) {
            throw new AssertionError();
        }
        return (double) (after - before) / calls;
    }
}
