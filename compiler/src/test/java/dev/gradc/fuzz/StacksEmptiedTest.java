package dev.gradc.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.engine.TapeEngine;
import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.ValueStack;
import dev.gradc.passes.Derivatives;
import dev.gradc.runtime.KeptValues;
import dev.gradc.testing.Programs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every gradient (or vector-Jacobian product) of the fuzz corpus's first {@value #CASES} cases that returns leaves
 * the stacks of its thread as it found them, compiled as well as interpreted: run by {@link EnginesAgreeFuzzTest} in a
 * JVM of its own whose generated code's stacks count what they hold ({@code -Dgradc.keptValues=true}, read once when
 * the runtime loads; {@link KeptValues#held}), where the agreement of the engines is checked as in the test JVM.
 * The interpreter's stacks always count, so {@link EnginesAgreeFuzzTest} checks them on its own 1,000 cases. The
 * child JVM also runs {@link #checkpointedTrips}: checkpointed loops around inner loops, at every budget.
 * A gradient stopped by an exception drops its stacks unemptied (KeptCountsAgreeTest's first program at a budget of
 * 50 leaves 102 values counted so, in both engines); that is not checked here.
 */
class StacksEmptiedTest {

    private static final int CASES = 250;

    /** In the child JVM: runs cases [0, CASES) and prints each failure, then the count of them. */
    public static void main(String[] args) {
        if (!KeptValues.COUNTED) {
            throw new IllegalStateException("run with -Dgradc.keptValues=true");
        }
        List<String> failures = new ArrayList<>(EnginesAgreeFuzzTest.run(0, CASES)); // printed as they come
        List<String> trips = checkpointedTrips();
        trips.forEach(System.out::println);
        failures.addAll(trips);
        System.out.println(failures.size() + " failures");
        System.exit(0);
    }

    /**
     * A loop in a loop over an array: each outer trip keeps its inner loop's stacks (passes.CheckpointInner), and
     * the count of what it keeps (kept_units) read the inner loop's stack of counter snapshots, which nothing keeps
     * or pops since the adjoint steps the counter back; so the count kept that stack alive, filled with 3 values
     * per outer trip and dropped: 6 values left per call here, in both engines, as in 19 of the first 250 fuzz
     * cases. A count now reads only what something else keeps (passes.DeadNodes).
     */
    @Test
    void aCountOfKeptValuesKeepsNoStackAlive() {
        ModuleIr m = Programs.compile("""
            @grad
            fn f(v: real[3]) -> real {
              for t in 0..2 {
                for i in 0..3 { v = v * 0.5 + tanh(v); }
              }
              return sum(v);
            }
            """);
        FunctionIr f = m.function("f");
        Graph grad = Derivatives.gradient(f, f.realParams());
        long before = ValueStack.heldNow();
        Object[] out = new Interpreter(new EvalContext(Map.of(), Long.MAX_VALUE), 1_000_000).run(grad,
                new Object[] {new NDArray(new double[] {0.4, -0.3, 0.6}, new int[] {3})});
        assertEquals(before, ValueStack.heldNow(), "values left on the interpreter's stacks");
        // d/dv of the 6 steps v -> 0.5 v + tanh(v), entry by entry, by hand
        double[] v = {0.4, -0.3, 0.6};
        double[] dv = {1, 1, 1};
        for (int s = 0; s < 6; s++) {
            for (int i = 0; i < 3; i++) {
                double t = Math.tanh(v[i]);
                dv[i] *= 0.5 + 1 - t * t;
                v[i] = 0.5 * v[i] + t;
            }
        }
        assertArrayEquals(dv, ((NDArray) out[1]).data(), 1e-12);
        String java = dev.gradc.emit.JavaEmitter.emit(m).source();
        assertTrue(java.contains("KeptBudget.units("), "the outer loop keeps its inner loop's stacks: " + java);
    }

    /**
     * A checkpointed loop's trip that does not fit its snapshots (passes.CheckpointInner) keeps nothing, but its
     * inner loop had filled stacks of its own (snapshots and their trip numbers) for the outer loop to keep: those
     * went unpopped, N + 1 values per inner trip per call (fuzz case 97182), growing across the calls of a
     * long-lived interpreter. They are now emptied (ops.Discard). Every shape of {@link #checkpointedTrips} at every
     * snapshot count, budget and trip count, in this JVM (the compiled code's stacks counted in the child JVM of
     * {@link #everyCallThatReturnsLeavesItsStacksEmptyInEveryEngine}); and central differences at 3 trips.
     */
    @Test
    void aCheckpointedTripThatKeepsNothingLeavesNoStackFilled() {
        List<String> failures = checkpointedTrips();
        failures.forEach(System.out::println); // all of them, in the test's output file
        assertTrue(failures.isEmpty(), failures.size() + " failures, the first: " + failures.subList(0,
                Math.min(20, failures.size())));
        ModuleIr m = Programs.compile(shapesModule());
        double h = 1e-6;
        for (String[] shape : SHAPES) {
            FunctionIr f = m.function(shape[0] + "_3");
            Object[] args = {new NDArray(new double[] {0.4, -0.3}, new int[] {2}), NDArray.scalar(0.9),
                NDArray.scalar(0.2), NDArray.scalar(0.1), NDArray.scalar(2.5), NDArray.scalar(1.5), 2};
            Map<String, Integer> sizes = Map.of("N", 2);
            Interpreter in = new Interpreter(new EvalContext(sizes), 100_000);
            Object[] grad = in.run(Derivatives.gradient(f, f.realParams()), args.clone());
            for (int p = 0; p < 4; p++) {
                double[] d = ((NDArray) grad[1 + p]).data();
                for (int e = 0; e < d.length; e++) {
                    double[] up = ((NDArray) args[p]).data().clone();
                    double[] down = up.clone();
                    up[e] += h;
                    down[e] -= h;
                    Object[] a = args.clone();
                    a[p] = new NDArray(up, ((NDArray) args[p]).shape());
                    double fu = ((NDArray) in.run(f.graph(), a)[0]).item();
                    a[p] = new NDArray(down, ((NDArray) args[p]).shape());
                    double fd = ((NDArray) in.run(f.graph(), a)[0]).item();
                    assertEquals((fu - fd) / (2 * h), d[e], 1e-7 * (1 + Math.abs(d[e])), f.name() + " d/d"
                            + f.realParams().get(p) + "[" + e + "]");
                }
            }
            hessianTimesDirection(f, args, sizes);
        }
    }

    /**
     * Forward over reverse (passes.Tangent): the discarded stacks' stacks of tangents are emptied with them, and the
     * Hessian-vector product is the central difference of the gradient along the direction, at 1 and 3 snapshots.
     */
    private static void hessianTimesDirection(FunctionIr f, Object[] args, Map<String, Integer> sizes) {
        ModuleIr m = Programs.compile(shapesModule());
        for (String name : new String[] {f.name(), f.name().replace("_3", "_1")}) {
            FunctionIr g = m.function(name);
            List<String> wrt = g.realParams().subList(0, 4);
            Object[] dir = {new NDArray(new double[] {1, -0.5}, new int[] {2}), NDArray.scalar(1), NDArray.scalar(0.3),
                NDArray.scalar(0.2)};
            Object[] withDir = Arrays.copyOf(args, args.length + dir.length);
            System.arraycopy(dir, 0, withDir, args.length, dir.length);
            Interpreter in = new Interpreter(new EvalContext(sizes), 100_000);
            long held = ValueStack.heldNow();
            Object[] hvp = in.run(Derivatives.hvp(g, wrt), withDir);
            assertEquals(held, ValueStack.heldNow(), name + ": values left on the interpreter's stacks by the hvp");
            Graph grad = Derivatives.gradient(g, wrt);
            double h = 1e-5;
            Object[][] moved = new Object[2][];
            for (int s = 0; s < 2; s++) {
                moved[s] = args.clone();
                for (int p = 0; p < 4; p++) {
                    double[] a = ((NDArray) args[p]).data().clone();
                    double[] v = ((NDArray) dir[p]).data();
                    for (int e = 0; e < a.length; e++) {
                        a[e] += (s == 0 ? h : -h) * v[e];
                    }
                    moved[s][p] = new NDArray(a, ((NDArray) args[p]).shape());
                }
            }
            Object[] up = in.run(grad, moved[0]);
            Object[] down = in.run(grad, moved[1]);
            for (int p = 0; p < 4; p++) {
                double[] hv = ((NDArray) hvp[1 + wrt.size() + p]).data();
                for (int e = 0; e < hv.length; e++) {
                    double cd = (((NDArray) up[1 + p]).data()[e] - ((NDArray) down[1 + p]).data()[e]) / (2 * h);
                    assertEquals(cd, hv[e], 1e-6 * (1 + Math.abs(cd)),
                            name + " (H v) for " + wrt.get(p) + "[" + e + "]");
                }
            }
        }
    }

    /**
     * The checkpointed loops' shapes ({@link #checkpointedTrips}): a name, then the body of f given C. The automatic
     * shape has no {@code @checkpoint}: it keeps every trip within the budget and is checkpointed past it.
     */
    private static final String[][] SHAPES = {
        {"inner_for", """
              @checkpoint(C) while (t < tmax) {
                for j in 0..m { p = p - dt * (k * q + c * p); }
                q = q + dt * p; t = t + 1.0;
              }
            """},
        {"inner_while", """
              @checkpoint(C) while (t < tmax) {
                r = 0.0;
                while (r < tm) { p = p - dt * (k * q + c * p); r = r + 1.0; }
                q = q + dt * p; t = t + 1.0;
              }
            """},
        {"inner_cond", """
              @checkpoint(C) while (t < tmax) {
                if (sum(q) > -100.0) {
                  for j in 0..m { p = p - dt * (k * q + c * p); }
                } else {
                  p = 0.5 * p;
                }
                q = q + dt * p; t = t + 1.0;
              }
            """},
        {"two_levels", """
              @checkpoint(C) while (t < tmax) {
                r = 0.0;
                @checkpoint(C) while (r < tm) {
                  for j in 0..m { p = p - dt * (k * q + c * p); }
                  r = r + 1.0;
                }
                q = q + dt * p; t = t + 1.0;
              }
            """},
        {"automatic", """
              while (t < tmax) {
                for j in 0..m { p = p - dt * (k * q + c * p); }
                q = q + dt * p; t = t + 1.0;
              }
            """},
        {"counted", """
              @checkpoint(C) for i in 0..m + 2 {
                r = 0.0;
                while (r < tmax) { p = p - dt * (k * q + c * p); r = r + 1.0; }
                for j in 0..m { p = p - dt * c * p; }
                q = q + dt * p;
              }
            """},
    };

    /** The snapshots of the shapes' loops: many, a few, one. */
    private static final int[] CHECKPOINTS = {64, 3, 1};

    /** The kept-values budgets: the default, small, one value, none. */
    private static final long[] BUDGETS = {EvalContext.DEFAULT_MAX_KEPT_VALUES, 40, 1, 0};

    /** The module of every shape at every {@link #CHECKPOINTS} (function {@code name_C}). */
    static String shapesModule() {
        StringBuilder text = new StringBuilder("module fuzz.CheckpointedTrips;\n");
        for (String[] shape : SHAPES) {
            for (int c : CHECKPOINTS) {
                text.append("fn ").append(shape[0]).append('_').append(c)
                        .append("<N>(x0: real[N], k: real, c: real, dt: real, tmax: real, tm: real, m: int)")
                        .append(" -> real {\n")
                        .append("  q = x0; p = zeros(N); t = 0.0;\n")
                        .append(shape[1].replace("(C)", "(" + c + ")"))
                        .append("  return sum(q * q) + sum(p);\n}\n");
            }
        }
        return text.toString();
    }

    /**
     * Every shape, snapshot count and budget (the default, 40, 1 and 0 values), at 0, 1, 3 and 13 outer trips
     * ({@code tmax}: 0, 0.5, 2.5, 12.5; the counted shape's inner while) and inner trip counts 0, 1 and 3
     * ({@code m}, {@code tm}): the interpreter's and
     * the compiled code's gradients leave the stacks as they found them ({@link ValueStack#heldNow}; {@link
     * KeptValues#held} when this JVM counts), agree bit for bit (a budget the first state does not fit in stops
     * both with the kept-state error), and agree with the tape within 1e-12. Gives the failures.
     */
    static List<String> checkpointedTrips() {
        SourceFile source = new SourceFile("trips.grad", shapesModule());
        ModuleIr m = Programs.compile(source);
        CompiledModule compiled = CompiledModule.load(m);
        TapeEngine tape = new TapeEngine(dev.gradc.syntax.Parser.parse(source, new dev.gradc.diag.Diagnostics()),
                source.baseName(), 100_000, m);
        List<String> failures = new ArrayList<>();
        Map<String, Integer> sizes = Map.of("N", 2);
        double[] x0 = {0.4, -0.3};
        for (String[] shape : SHAPES) {
            for (int cp : CHECKPOINTS) {
                FunctionIr f = m.function(shape[0] + "_" + cp);
                Graph grad = Derivatives.gradient(f, f.realParams());
                for (double tmax : new double[] {0, 0.5, 2.5, 12.5}) {
                    for (int inner : new int[] {0, 1, 3}) {
                        Object[] args = {new NDArray(x0.clone(), new int[] {2}), NDArray.scalar(0.9),
                            NDArray.scalar(0.2), NDArray.scalar(0.1), NDArray.scalar(tmax), NDArray.scalar(inner - 0.5),
                            inner};
                        String where = f.name() + " tmax " + tmax + " inner " + inner;
                        Runs.Result byTape = Runs.tape(tape, f, sizes, args);
                        for (long budget : BUDGETS) {
                            trips(where + " budget " + budget, grad, args, sizes, budget, compiled, f, byTape,
                                    failures);
                        }
                    }
                }
            }
        }
        return failures;
    }

    /** One gradient of {@link #checkpointedTrips} in the interpreter and compiled, at one budget. */
    private static void trips(String where, Graph grad, Object[] args, Map<String, Integer> sizes, long budget,
                              CompiledModule compiled, FunctionIr f, Runs.Result byTape, List<String> failures) {
        long held = ValueStack.heldNow();
        Object[] in;
        try {
            in = new Interpreter(new EvalContext(sizes, budget), 100_000).run(grad, args.clone());
        } catch (dev.gradc.runtime.KeptStateLimitException x) {
            in = null;
        }
        if (in != null && ValueStack.heldNow() != held) {
            failures.add(where + ": the interpreter left " + (ValueStack.heldNow() - held) + " values on its stacks");
        }
        compiled.setMaxKeptValues(budget);
        Object[] java = {2, ((NDArray) args[0]).data().clone(), 0.9, 0.2, 0.1, ((NDArray) args[4]).item(),
            ((NDArray) args[5]).item(), args[6]};
        long compiledHeld = KeptValues.held();
        CompiledModule.Result c;
        try {
            c = compiled.grad(f.name(), java);
        } catch (dev.gradc.runtime.KeptStateLimitException x) {
            c = null;
        }
        if ((in == null) != (c == null)) {
            failures.add(where + ": only " + (in == null ? "the interpreter" : "the compiled code")
                    + " stopped with the kept-state error");
            return;
        }
        if (in == null) {
            return;
        }
        if (KeptValues.held() != compiledHeld) {
            failures.add(where + ": the compiled code left " + (KeptValues.held() - compiledHeld)
                    + " values on its stacks");
        }
        List<String> wrt = f.realParams();
        same(where + " value", ((NDArray) in[0]).data(), new double[] {((Number) c.value()).doubleValue()}, 0,
                failures);
        same(where + " tape value", ((NDArray) in[0]).data(), byTape.value().data(), 1e-12, failures);
        for (int i = 0; i < wrt.size(); i++) {
            double[] d = ((NDArray) in[1 + i]).data();
            Object part = c.parts().get(wrt.get(i));
            double[] compiledD = part instanceof double[] a ? a : new double[] {((Number) part).doubleValue()};
            same(where + " d/d" + wrt.get(i), d, compiledD, 0, failures);
            same(where + " tape d/d" + wrt.get(i), d, byTape.derivatives().get(wrt.get(i)).data(), 1e-12, failures);
        }
    }

    private static void same(String what, double[] expected, double[] actual, double tolerance, List<String> failures) {
        boolean ok = expected.length == actual.length;
        for (int i = 0; ok && i < expected.length; i++) {
            ok = Double.compare(expected[i], actual[i]) == 0
                    || Math.abs(expected[i] - actual[i]) <= tolerance * Math.max(1, Math.abs(expected[i]));
        }
        if (!ok) {
            failures.add(what + ": " + Arrays.toString(expected) + " vs " + Arrays.toString(actual));
        }
    }

    @Test
    void everyCallThatReturnsLeavesItsStacksEmptyInEveryEngine() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dgradc.keptValues=true", "-Xmx1g", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                StacksEmptiedTest.class.getName()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.strip().endsWith("\n0 failures"), out);
    }
}
