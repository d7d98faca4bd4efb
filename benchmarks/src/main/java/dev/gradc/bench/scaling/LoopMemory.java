package dev.gradc.bench.scaling;

import dev.gradc.bench.RnnData;
import dev.gradc.runtime.KeptStateLimitException;
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
 *   <li><b>kept values</b>: the smallest {@code setMaxKeptValues} limit under which the gradient runs (a
 *       binary search: below it, {@link KeptStateLimitException}) — the values the adjoint loop keeps;
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
        bench.LoopMemory.setMaxKeptValues(100_000_000L);
    }

    private static void row(String loop, int t, IntFunction<Object> grad) {
        long kept = smallestLimit(t, grad);
        long bound = (long) STATE * t;
        double bytes = allocatedPerCall(t, grad);
        System.out.printf(Locale.ROOT, "| %s | %,d | %,d | %,d | %.3f | %,.0f B | %,.0f B |%n", loop, t, kept, bound,
                (double) kept / bound, bytes, bytes / t);
    }

    /** The smallest kept-state limit under which the gradient of T trips runs. */
    private static long smallestLimit(int t, IntFunction<Object> grad) {
        long lo = 0;
        long hi = 4L * STATE * t + 64;
        bench.LoopMemory.setMaxKeptValues(hi);
        grad.apply(t);
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            bench.LoopMemory.setMaxKeptValues(mid);
            try {
                grad.apply(t);
                hi = mid;
            } catch (KeptStateLimitException e) {
                lo = mid + 1;
            }
        }
        bench.LoopMemory.setMaxKeptValues(100_000_000L);
        return lo;
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
