package dev.gradc.passes;

import static dev.gradc.passes.CheckpointedLoopsTest.assertSameBits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.Interpreter;
import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.While;
import dev.gradc.runtime.KeptStateLimitException;
import dev.gradc.runtime.checkpoint.KeptBudget;
import dev.gradc.testing.Programs;
import dev.gradc.testing.RandomPrograms;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;

/**
 * The kept-values budget: a loop whose gradient keeps its state keeps every trip's state while they fit in the
 * budget and past it is checkpointed (snapshots, recomputation) instead of failing, with the same bits as the
 * store-everything gradient ({@link GradientPass.Loops#MIXED_KEEP_ALL}) — on random programs, gradients in both
 * loop modes and forward-over-reverse Hessians, under budgets far smaller than their loops' states.
 */
class KeptBudgetTest {

    private static final List<String> WRT = CheckpointedLoopsTest.WRT;

    /** How many random programs a tiny budget made recompute: the properties must exercise recomputation. */
    private static final AtomicInteger RECOMPUTED = new AtomicInteger();

    private static Object[] run(Graph g, long budget, Map<While, long[]> trips, Object... args) {
        return new Interpreter(new EvalContext(Map.of(), budget), 10_000_000, trips).run(g, args);
    }

    /** Whether running g recomputed trips from snapshots: a loop built to recompute ran. */
    private static boolean recomputes(Graph g, long budget, Object... args) {
        Map<While, long[]> trips = new IdentityHashMap<>();
        run(g, budget, trips, args);
        return trips.entrySet().stream().anyMatch(e -> e.getKey().checkpoint() != null
                && e.getKey().checkpoint().automatic() && e.getValue()[0] > 0
                && e.getKey().checkpoint().note().endsWith("recomputes up to the next snapshot"));
    }

    @Property(tries = 80, seed = "20261204")
    void gradientsWithinATinyBudgetHaveTheBitsOfStoringEverything(@ForAll long seed) {
        FunctionIr f = Programs.compile(RandomPrograms.generate(seed)).function("f");
        Object[] in = GradientPropertyTest.inputs(seed);
        long budget = Math.floorMod(seed, 7) * 3; // 0 to 18 values: one or a few snapshots
        Object[] want = run(Derivatives.gradient(f, WRT, GradientPass.Loops.MIXED_KEEP_ALL), Long.MAX_VALUE, null, in);
        Graph mixed = Derivatives.gradient(f, WRT, GradientPass.Loops.MIXED);
        assertSameBits(want, run(mixed, budget, null, in), "mixed, budget " + budget);
        Graph reverse = Derivatives.gradient(f, WRT, GradientPass.Loops.REVERSE);
        assertSameBits(run(Derivatives.gradient(f, WRT, GradientPass.Loops.REVERSE_KEEP_ALL), Long.MAX_VALUE, null, in),
                run(reverse, budget, null, in), "reverse, budget " + budget);
        if (recomputes(reverse, budget, in)) {
            RECOMPUTED.incrementAndGet();
        }
    }

    @Property(tries = 40, seed = "20261204")
    void hessiansWithinATinyBudgetHaveTheBitsOfStoringEverything(@ForAll long seed) {
        hessianHasTheBitsOfStoringEverything(Programs.compile(RandomPrograms.generate(seed)).function("f"), seed);
    }

    @Property(tries = 80, seed = "20261205")
    void journaledLoopsWithinATinyBudgetHaveTheBitsOfStoringEverything(@ForAll long seed) {
        FunctionIr f = Programs.compile(RandomPrograms.generate(seed, false, true)).function("f");
        Object[] in = GradientPropertyTest.inputs(seed);
        long budget = Math.floorMod(seed, 7) * 3;
        for (GradientPass.Loops[] pair : new GradientPass.Loops[][] {
            {GradientPass.Loops.MIXED_KEEP_ALL, GradientPass.Loops.MIXED},
            {GradientPass.Loops.REVERSE_KEEP_ALL, GradientPass.Loops.REVERSE}}) {
            assertSameBits(run(Derivatives.gradient(f, WRT, pair[0]), Long.MAX_VALUE, null, in),
                    run(Derivatives.gradient(f, WRT, pair[1]), budget, null, in), pair[1] + ", budget " + budget);
        }
        Graph reverse = Derivatives.gradient(f, WRT, GradientPass.Loops.REVERSE);
        if (recomputes(reverse, budget, in) && journals(reverse)) {
            JOURNALED.incrementAndGet();
        }
    }

    @Property(tries = 40, seed = "20261205")
    void journaledHessiansWithinATinyBudgetHaveTheBitsOfStoringEverything(@ForAll long seed) {
        hessianHasTheBitsOfStoringEverything(
                Programs.compile(RandomPrograms.generate(seed, false, true)).function("f"), seed);
    }

    /**
     * f's Hessian-vector product at the seed's inputs and direction, within a tiny budget (0–16 values, by the
     * seed), in the mixed and the reverse loop forms: the same bits as keeping every state.
     */
    private static void hessianHasTheBitsOfStoringEverything(FunctionIr f, long seed) {
        Object[] in = GradientPropertyTest.inputs(seed);
        Object[] dir = GradientPropertyTest.inputs(seed + 7);
        Object[] args = new Object[8];
        System.arraycopy(in, 0, args, 0, 4);
        System.arraycopy(dir, 0, args, 4, 4);
        long budget = Math.floorMod(seed, 5) * 4;
        for (GradientPass.Loops[] pair : new GradientPass.Loops[][] {
            {GradientPass.Loops.MIXED_KEEP_ALL, GradientPass.Loops.MIXED},
            {GradientPass.Loops.REVERSE_KEEP_ALL, GradientPass.Loops.REVERSE}}) {
            assertSameBits(run(Derivatives.hvp(f, WRT, pair[0]), Long.MAX_VALUE, null, args),
                    run(Derivatives.hvp(f, WRT, pair[1]), budget, null, args), pair[1] + ", budget " + budget);
        }
    }

    /** How many random programs with a journaled loop a tiny budget made recompute. */
    private static final AtomicInteger JOURNALED = new AtomicInteger();

    /** Whether a loop of g keeps a write journal within the budget. */
    private static boolean journals(Graph g) {
        return g.toString().contains(CheckpointJournal.FORWARD);
    }

    @AfterContainer
    static void theTinyBudgetsMadeLoopsRecompute() {
        assertTrue(RECOMPUTED.get() >= 10, "random programs that recomputed from snapshots: " + RECOMPUTED.get());
        assertTrue(JOURNALED.get() >= 5, "random programs with a journaled loop that recomputed: " + JOURNALED.get());
    }

    private static final String DATA = "fn f(x: real[3], a: real, n: real) -> real {\n"
            + "  h = x;\n"
            + "  s = 0.0;\n"
            + "  while (s < n) { h = sin(h) * a + x; s = s + 0.5 + 0.1 * tanh(sum(h)); }\n"
            + "  return sum(h * h);\n"
            + "}\n";

    private static final String COUNTED = "fn f(x: real[3], a: real, n: int) -> real {\n"
            + "  h = x;\n"
            + "  for i in 0..n { h = tanh(h * a + x); }\n"
            + "  return sum(h * h);\n"
            + "}\n";

    private static Object[] args(Object n) {
        return new Object[] {new NDArray(new double[] {0.3, -0.2, 0.5}, new int[] {3}), NDArray.scalar(0.9), n};
    }

    @Test
    void aLoopPastTheBudgetIsCheckpointedWhereStoringEverythingStops() {
        for (String src : List.of(DATA, COUNTED)) {
            FunctionIr f = Programs.compile(src).function("f");
            Object[] in = args(src == DATA ? (Object) NDArray.scalar(150.0) : (Object) 300);
            Graph all = Derivatives.gradient(f, List.of("x", "a"), GradientPass.Loops.REVERSE_KEEP_ALL);
            Object[] want = run(all, Long.MAX_VALUE, null, in);
            // about 300 trips of 3 reals kept (900 values); 30 values are 10 snapshots
            assertThrows(KeptStateLimitException.class, () -> run(all, 30, null, in));
            Graph budgeted = Derivatives.gradient(f, List.of("x", "a"), GradientPass.Loops.REVERSE);
            assertSameBits(want, run(budgeted, 30, null, in), src);
            assertTrue(recomputes(budgeted, 30, in), src);
            assertTrue(!recomputes(budgeted, 10_000, in), "within the budget nothing is recomputed: " + src);
            assertSameBits(want, run(budgeted, 10_000, null, in), src);
        }
    }

    private static final String WRITES = "fn f<N>(x: real[N], a: real, n: int) -> real {\n"
            + "  z = x;\n"
            + "  for i in 1..n { z[i] = sin(z[i - 1]) * a + z[i]; }\n"
            + "  return sum(z * z);\n"
            + "}\n";

    private static final String DATA_WRITES = "fn f<N>(x: real[N], a: real, n: int) -> real {\n"
            + "  z = x;\n"
            + "  i = 1;\n"
            + "  s = 0.0;\n"
            + "  while (i < n && s < 1000.0) { z[i] = sin(z[i - 1]) * a + z[i]; s = s + abs(z[i]); i = i + 1; }\n"
            + "  return sum(z * z) + s;\n"
            + "}\n";

    @Test
    void aLoopWritingElementsPastTheBudgetIsCheckpointedWhereStoringEverythingStops() {
        int size = 400;
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = 0.3 * Math.cos(i);
        }
        for (String src : List.of(WRITES, DATA_WRITES)) {
            FunctionIr f = Programs.compile(src).function("f");
            Object[] in = {new NDArray(x, new int[] {size}), NDArray.scalar(0.9), size};
            Graph all = Derivatives.gradient(f, List.of("x", "a"), GradientPass.Loops.REVERSE_KEEP_ALL);
            Object[] want = runSized(all, Long.MAX_VALUE, null, size, in);
            // 399 trips journal one entry each; 100 values hold neither the journal nor a second snapshot
            assertThrows(KeptStateLimitException.class, () -> runSized(all, 100, null, size, in));
            Graph budgeted = Derivatives.gradient(f, List.of("x", "a"), GradientPass.Loops.REVERSE);
            assertTrue(journals(budgeted), src);
            for (long budget : new long[] {0, 100, 900}) {
                Map<While, long[]> trips = new IdentityHashMap<>();
                assertSameBits(want, runSized(budgeted, budget, trips, size, in), src + ", budget " + budget);
                assertTrue(recomputed(trips) > 0, "past the budget the loop recomputes: " + src);
            }
            Map<While, long[]> trips = new IdentityHashMap<>();
            assertSameBits(want, runSized(budgeted, 4_000, trips, size, in), src);
            // 399 trips keep an entry, the counter and (DATA_WRITES) s: at most 1,197 values, in half of 4,000
            assertEquals(0, recomputed(trips), "the journal fits in half the budget: " + src);
        }
    }

    private static Object[] runSized(Graph g, long budget, Map<While, long[]> trips, int n, Object... args) {
        return new Interpreter(new EvalContext(Map.of("N", n), budget), 10_000_000, trips).run(g, args);
    }

    private static long recomputed(Map<While, long[]> trips) {
        return trips.entrySet().stream().filter(e -> e.getKey().checkpoint() != null
                && e.getKey().checkpoint().automatic()
                && e.getKey().checkpoint().note().endsWith("recomputes up to the next snapshot"))
                .mapToLong(e -> e.getValue()[0]).sum();
    }

    @Test
    void theBudgetAllowsAsManyStatesAsFit() {
        assertEquals(10, KeptBudget.snapshots(30, 3));
        assertEquals(3, KeptBudget.snapshots(30, 3, 1, 6));
        assertEquals(1, KeptBudget.snapshots(0, 3));
        assertEquals(1, KeptBudget.snapshots(5, 1000));
        assertEquals(Integer.MAX_VALUE - 1, KeptBudget.snapshots(Long.MAX_VALUE, 1));
        assertEquals(Math.max(1_000_000L, Runtime.getRuntime().maxMemory() / 32), KeptBudget.DEFAULT);
    }
}
