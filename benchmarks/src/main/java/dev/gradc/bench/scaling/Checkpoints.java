package dev.gradc.bench.scaling;

import dev.gradc.runtime.KeptStateLimitException;
import dev.gradc.runtime.checkpoint.Binomial;
import dev.gradc.runtime.checkpoint.Schedule;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Checkpointed loops against the theory and against storing every state:
 * <ol>
 *   <li>forward steps (evaluations of the loop body that move the state on, the first sweep included),
 *       counted by running each schedule, for T = 10³…10⁶ trips and c = 8, 32, 128 snapshots, next to
 *       Revolve's optimum r·T − β(c+1, r−1) plus the loop's last trip (which gradc's first sweep runs and
 *       Revolve counts as part of its first reversal); the gradient pass builds the same schedules into
 *       the graph (CheckpointedLoopsTest counts the graph's own trips against them);
 *   <li>kept values: the smallest {@code setMaxKeptValues} under which the gradient of
 *       {@code bench/Checkpoint.grad} (1,000 doubles of state, T = 10⁴) runs, per variant.
 * </ol>
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.gradc.bench.scaling.Checkpoints</pre>
 */
public final class Checkpoints {

    private static final int STATE = 1_000;

    private Checkpoints() {
    }

    public static void main(String[] args) {
        System.out.println("| trips T | snapshots c | Revolve's optimum | counted loop | ratio | online while | ratio |");
        System.out.println("|---|---|---|---|---|---|---|");
        for (long t : new long[] {1_000, 10_000, 100_000, 1_000_000}) {
            for (int c : new int[] {8, 32, 128}) {
                long optimum = Binomial.optimalAdvances(t, c) + 1;
                long counted = Schedule.binomial(t, c).count().advances();
                long online = Schedule.online(t, c).count().advances();
                System.out.printf(Locale.ROOT, "| %,d | %d | %,d | %,d | %.3f | %,d | %.3f |%n", t, c, optimum,
                        counted, (double) counted / optimum, online, (double) online / optimum);
            }
        }
        int trips = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        double[] x0 = new double[STATE];
        for (int i = 0; i < STATE; i++) {
            x0[i] = 0.5 + 0.4 * Math.sin(i);
        }
        System.out.println();
        System.out.println("| gradient (T = " + trips + ", 1,000 doubles of state) | kept values | kept MB | time per call |");
        System.out.println("|---|---|---|---|");
        row("store every state", trips, n -> bench.Checkpoint.storeAllGrad(STATE, x0, 0.7, n));
        row("counted, @checkpoint(8)", trips, n -> bench.Checkpoint.counted8Grad(STATE, x0, 0.7, n));
        row("counted, @checkpoint(32)", trips, n -> bench.Checkpoint.counted32Grad(STATE, x0, 0.7, n));
        row("counted, @checkpoint(128)", trips, n -> bench.Checkpoint.counted128Grad(STATE, x0, 0.7, n));
        row("online, @checkpoint(8)", trips, n -> bench.Checkpoint.online8Grad(STATE, x0, 0.7, n));
        row("online, @checkpoint(32)", trips, n -> bench.Checkpoint.online32Grad(STATE, x0, 0.7, n));
        row("online, @checkpoint(128)", trips, n -> bench.Checkpoint.online128Grad(STATE, x0, 0.7, n));
    }

    private static void row(String what, int trips, IntFunction<Object> grad) {
        long kept = smallestLimit(trips, grad);
        grad.apply(trips);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long start = System.nanoTime();
            grad.apply(trips);
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf(Locale.ROOT, "| %s | %,d | %.1f | %.0f ms |%n", what, kept, kept * 8 / 1e6, best / 1e6);
    }

    /** The smallest kept-state limit (values per stack) under which the gradient runs. */
    private static long smallestLimit(int t, IntFunction<Object> grad) {
        long lo = 0;
        long hi = (long) STATE * t + 64;
        while (lo < hi) {
            long mid = (lo + hi) >>> 1;
            bench.Checkpoint.setMaxKeptValues(mid);
            try {
                grad.apply(t);
                hi = mid;
            } catch (KeptStateLimitException e) {
                lo = mid + 1;
            }
        }
        bench.Checkpoint.setMaxKeptValues(100_000_000L);
        return lo;
    }
}
