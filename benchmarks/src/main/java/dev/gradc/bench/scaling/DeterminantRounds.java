package dev.gradc.bench.scaling;

import com.sun.management.ThreadMXBean;
import dev.gradc.bench.Inputs;
import dev.gradc.bench.handwritten.DeterminantByHand;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The generated gradient of {@code bench/Determinant.grad} against {@link DeterminantByHand}'s two gradients
 * (det(A)·A⁻ᵀ, the elimination reversed by hand, and the same over whole rows as the program writes it), and the
 * gradient of the same elimination written with element writes ({@code eliminationByEntries}, the "entries" columns),
 * timed as {@link ElementAccessRounds} times its programs:
 * the variants run interleaved, a batch of calls each per round, so every variant of a round sees the same
 * load; a round's ratio is the generated batch's time over the hand-written one's, and the table gives the
 * median of those ratios. Also the bytes the generated gradient and value allocate per call (the fewest of
 * five calls on this thread, after the timed rounds). Each call's value and every entry it returns are read.
 *
 * <pre>java -Xms1g -Xmx1g -XX:+AlwaysPreTouch -XX:+UseSerialGC -cp benchmarks/target/benchmarks.jar \
 *     dev.gradc.bench.scaling.DeterminantRounds [8,16,32] [rounds]</pre>
 */
public final class DeterminantRounds {


    private DeterminantRounds() {
    }

    public static void main(String[] args) {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "8,16,32").split(","))
                .mapToInt(Integer::parseInt).toArray();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 40;
        System.out.println("| N | gradient µs | identity µs | reversed by hand µs | gradient / identity"
                + " | gradient / reversed by hand | whole rows by hand µs | gradient / whole rows by hand | gradient / value | gradient bytes/call | value bytes/call"
                + " | entries gradient µs | entries / identity | entries / reversed by hand | entries / gradient |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int n : sizes) {
            double[] a = new Inputs(Inputs.SEED + 3).normal(n * n, 1 / Math.sqrt(n));
            DeterminantByHand byHand = new DeterminantByHand(n);
            Map<String, ToDoubleFunction<double[]>> calls = new LinkedHashMap<>();
            calls.put("identity", v -> {
                var g = byHand.detGrad(v);
                return read(g.value(), g.A());
            });
            calls.put("reversed", v -> {
                var g = byHand.detGradReversed(v);
                return read(g.value(), g.A());
            });
            calls.put("wholeRows", v -> {
                var g = byHand.detGradReversedWholeRows(v);
                return read(g.value(), g.A());
            });
            calls.put("gradient", v -> {
                var g = bench.Determinant.eliminationGrad(n, v);
                return read(g.value(), g.A());
            });
            calls.put("entries", v -> {
                var g = bench.Determinant.eliminationByEntriesGrad(n, v);
                return read(g.value(), g.A());
            });
            calls.put("value", v -> bench.Determinant.elimination(n, v));
            int batch = Math.max(1, 2_000_000 / (n * n * n));
            Map<String, long[]> times = InterleavedRounds.measure(calls, a, rounds, batch);
            double grad = InterleavedRounds.medianTime(times.get("gradient")) / batch / 1000.0;
            double identity = InterleavedRounds.medianTime(times.get("identity")) / batch / 1000.0;
            double reversed = InterleavedRounds.medianTime(times.get("reversed")) / batch / 1000.0;
            double wholeRows = InterleavedRounds.medianTime(times.get("wholeRows")) / batch / 1000.0;
            double entries = InterleavedRounds.medianTime(times.get("entries")) / batch / 1000.0;
            System.out.printf("| %d | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %.2f | %,d | %,d |"
                    + " %.2f | %.2f | %.2f | %.2f |%n",
                    n, grad, identity, reversed,
                    InterleavedRounds.medianRatio(times.get("gradient"), times.get("identity")),
                    InterleavedRounds.medianRatio(times.get("gradient"), times.get("reversed")),
                    wholeRows,
                    InterleavedRounds.medianRatio(times.get("gradient"), times.get("wholeRows")),
                    InterleavedRounds.medianRatio(times.get("gradient"), times.get("value")),
                    bytes(() -> calls.get("gradient").applyAsDouble(a)),
                    bytes(() -> calls.get("value").applyAsDouble(a)),
                    entries,
                    InterleavedRounds.medianRatio(times.get("entries"), times.get("identity")),
                    InterleavedRounds.medianRatio(times.get("entries"), times.get("reversed")),
                    InterleavedRounds.medianRatio(times.get("entries"), times.get("gradient")));
        }
        if (InterleavedRounds.sink == 42) {
            System.out.println();
        }
    }

    private static double read(double value, double[] grad) {
        double s = value;
        for (double g : grad) {
            s += g;
        }
        return s;
    }

    /** The fewest bytes this thread allocates in one call, of five. */
    private static long bytes(Runnable call) {
        ThreadMXBean mx = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long fewest = Long.MAX_VALUE;
        for (int r = 0; r < 5; r++) {
            long before = mx.getThreadAllocatedBytes(id);
            call.run();
            fewest = Math.min(fewest, mx.getThreadAllocatedBytes(id) - before);
        }
        return fewest;
    }




}
