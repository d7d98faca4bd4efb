package dev.gradc.bench.scaling;

import dev.gradc.runtime.KeptValues;
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
 *   <li>kept values: the most values the stacks of the gradient of {@code bench/Checkpoint.grad} (1,000
 *       doubles of state, T = 10⁴) hold at once ({@link KeptValues}), per variant, and the same gradient
 *       without annotation under a kept-values budget of about 32 states (checkpointed automatically).
 * </ol>
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar dev.gradc.bench.scaling.Checkpoints [T]</pre>
 *
 * (T = 10⁴ trips by default; the time column is the best of {@code -Dcheckpoints.calls} calls, 5 by default.)
 */
public final class Checkpoints {

    private static final int STATE = 1_000;
    /** Timed calls per row (the best is shown): {@code -Dcheckpoints.calls=N}, 5 by default. */
    private static final int CALLS = Integer.getInteger("checkpoints.calls", 5);

    private Checkpoints() {
    }

    public static void main(String[] args) {
        System.setProperty("gradc.keptValues", "true");
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
        bench.Checkpoint.setMaxKeptValues(32L * (STATE + 1));
        row("no annotation, budget of 32 states (binomial)", trips,
                n -> bench.Checkpoint.storeAllGrad(STATE, x0, 0.7, n));
        bench.Checkpoint.setMaxKeptValues(dev.gradc.runtime.checkpoint.KeptBudget.DEFAULT);
    }

    private static void row(String what, int trips, IntFunction<Object> grad) {
        long kept = peakKept(trips, grad);
        grad.apply(trips);
        long best = Long.MAX_VALUE;
        for (int i = 0; i < CALLS; i++) {
            long start = System.nanoTime();
            grad.apply(trips);
            best = Math.min(best, System.nanoTime() - start);
        }
        System.out.printf(Locale.ROOT, "| %s | %,d | %.1f | %.0f ms |%n", what, kept, kept * 8 / 1e6, best / 1e6);
    }

    /** The most values the gradient's stacks hold at once during one call. */
    private static long peakKept(int t, IntFunction<Object> grad) {
        if (!KeptValues.COUNTED) {
            throw new IllegalStateException("run with -Dgradc.keptValues=true");
        }
        KeptValues.reset();
        grad.apply(t);
        return KeptValues.peak();
    }
}
