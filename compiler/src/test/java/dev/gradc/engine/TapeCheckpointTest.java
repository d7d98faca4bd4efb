package dev.gradc.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.passes.GradientPass;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.syntax.Parser;
import dev.gradc.testing.Programs;
import dev.gradc.testing.RandomPrograms;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * Checkpointed loops on the tape: a loop with {@code @checkpoint(n)}, and any loop whose recorded trips would
 * pass the kept-values budget, runs its trips unrecorded behind one tape node that reverses them from at most
 * n snapshots, one recorded trip at a time. The gradient equals the fully recorded tape's and the compiled
 * gradient graph's (run by the interpreter), on fixed and random programs, under budgets of a few values.
 */
class TapeCheckpointTest {

    private static final String NESTED = "fn f(x: real[3], a: real) -> real {\n"
            + "  h = x;\n"
            + "  i = 0;\n"
            + "  @checkpoint(2)\n"
            + "  while (i < 9) {\n"
            + "    j = 0;\n"
            + "    @checkpoint(1)\n"
            + "    while (j < 3) { h = sin(h) * a + x; j = j + 1; }\n"
            + "    if (sum(h) > 0) { h = h * 0.5; } else { h = tanh(h) + a; }\n"
            + "    i = i + 1;\n"
            + "  }\n"
            + "  if (a > 0) { k = 0; @checkpoint(2) while (norm(h) < 40) { h = h * 1.3 + a; k = k + 1; } }\n"
            + "  @checkpoint(3) for t in 0..20 { h = h * 0.99 + 0.01 * sin(h) * a; }\n"
            + "  return sum(h * h);\n"
            + "}\n";

    /** The tape's value and gradient of f for these arguments (x: real[3], a: real), under a budget. */
    private static double[] tape(String text, long budget, double[] x, double a) {
        SourceFile src = new SourceFile("t.grad", text);
        TapeEngine engine = new TapeEngine(Parser.parse(src, new Diagnostics()), "t.grad", 1_000_000, null, budget);
        Tensor tx = Tensor.of(x.clone(), 3).requiresGrad();
        Tensor ta = Tensor.scalar(a).requiresGrad();
        Tensor out = (Tensor) engine.call("f", Map.of(), List.of(tx, ta));
        out.backward();
        return new double[] {out.item(), tx.grad().data()[0], tx.grad().data()[1], tx.grad().data()[2],
            ta.grad().item()};
    }

    private static void close(double[] want, double[] got, String what) {
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-12 * Math.max(1, Math.abs(want[i])), i + " of " + what);
        }
    }

    @Test
    void checkpointedLoopsOnTheTapeGiveTheRecordedGradient() {
        double[] x = {0.3, -0.2, 0.5};
        String plain = NESTED.replaceAll("@checkpoint\\(\\d\\) ?\\n? *", "");
        double[] want = tape(plain, Long.MAX_VALUE, x, 0.9);
        close(want, tape(NESTED, Long.MAX_VALUE, x, 0.9), "@checkpoint");
        for (long budget : new long[] {0, 3, 10, 40}) {
            close(want, tape(plain, budget, x, 0.9), "budget " + budget);
        }
        FunctionIr f = Programs.compile(plain).function("f");
        Object[] graph = Programs.run(Derivatives.gradient(f, List.of("x", "a"), GradientPass.Loops.MIXED_KEEP_ALL),
                new NDArray(x, new int[] {3}), NDArray.scalar(0.9));
        double[] g = ((NDArray) graph[1]).data();
        close(new double[] {((NDArray) graph[0]).item(), g[0], g[1], g[2], ((NDArray) graph[2]).item()}, want, "graph");
    }

    /**
     * The tape's Hessian of f (x: real[3], a: real) by reverse over forward, one basis vector at a time: each
     * column the gradient of the output's tangent.
     */
    private static double[][] hessian(String text, long budget, double[] x, double a) {
        SourceFile src = new SourceFile("t.grad", text);
        TapeEngine engine = new TapeEngine(Parser.parse(src, new Diagnostics()), "t.grad", 1_000_000, null, budget);
        double[][] h = new double[4][];
        for (int j = 0; j < 4; j++) {
            double[] unit = new double[4];
            unit[j] = 1;
            Tensor tx = Tensor.of(x.clone(), 3).requiresGrad().dual(Tensor.of(java.util.Arrays.copyOf(unit, 3), 3));
            Tensor ta = Tensor.scalar(a).requiresGrad().dual(Tensor.scalar(unit[3]));
            Tensor out = (Tensor) engine.call("f", Map.of(), List.of(tx, ta));
            out.tangent().backward();
            h[j] = new double[] {tx.grad().data()[0], tx.grad().data()[1], tx.grad().data()[2], ta.grad().item()};
        }
        return h;
    }

    @Test
    void secondDerivativesGoThroughCheckpointedLoops() {
        double[] x = {0.3, -0.2, 0.5};
        String plain = NESTED.replaceAll("@checkpoint\\(\\d\\) ?\\n? *", "");
        double[][] want = hessian(plain, Long.MAX_VALUE, x, 0.9);
        for (int j = 0; j < 4; j++) {
            close(want[j], hessian(NESTED, Long.MAX_VALUE, x, 0.9)[j], "@checkpoint, column " + j);
            for (long budget : new long[] {0, 3, 10, 40}) {
                close(want[j], hessian(plain, budget, x, 0.9)[j], "budget " + budget + ", column " + j);
            }
        }
        FunctionIr f = Programs.compile(plain).function("f");
        for (int j = 0; j < 4; j++) { // the compiled Hessian-vector product graph (forward over reverse), run
            double[] unit = new double[4];
            unit[j] = 1;
            Object[] hv = Programs.run(Derivatives.hvp(f, List.of("x", "a")), new NDArray(x, new int[] {3}),
                    NDArray.scalar(0.9), new NDArray(java.util.Arrays.copyOf(unit, 3), new int[] {3}),
                    NDArray.scalar(unit[3]));
            double[] col = ((NDArray) hv[3]).data();
            close(new double[] {col[0], col[1], col[2], ((NDArray) hv[4]).item()}, want[j], "graph, column " + j);
        }
    }

    @Test
    void aCheckpointedLoopInASecondDerivativeIsOneNodeWhoseTangentIsItsOwnResult() {
        String src = "fn f(x: real[3], a: real) -> real[3] {\n  h = x;\n  @checkpoint(2)\n"
                + "  for t in 0..50 { h = h * 0.99 + 0.01 * sin(h) * a; }\n  return h;\n}\n";
        TapeEngine engine = new TapeEngine(Parser.parse(new SourceFile("t.grad", src), new Diagnostics()), "t.grad",
                1_000_000, null, Long.MAX_VALUE);
        Tensor tx = Tensor.of(new double[] {0.3, -0.2, 0.5}, 3).requiresGrad().dual(Tensor.of(new double[] {1, 0, 2}, 3));
        Tensor ta = Tensor.scalar(0.9).requiresGrad();
        Tensor out = (Tensor) engine.call("f", Map.of(), List.of(tx, ta));
        assertTrue(out.toString().contains("op checkpointed loop result"), out.toString());
        assertTrue(out.tangent().toString().contains("op checkpointed loop tangent"), out.tangent().toString());
    }

    @Test
    void aLongLoopPastTheBudgetRunsOnTheTape() {
        // 20,000 trips of 3 reals would record 60,000 kept values; the budget is 300
        String src = "fn f(x: real[3], a: real) -> real {\n  h = x;\n  s = 0.0;\n"
                + "  while (s < 20000) { h = h + 0.0001 * (a * h - h * h * h); s = s + 1.0; }\n  return sum(h);\n}\n";
        double[] x = {0.3, 0.2, 0.5};
        double[] want = tape(src, Long.MAX_VALUE, x, 0.9);
        double[] got = tape(src, 300, x, 0.9);
        close(want, got, "20,000 trips");
        assertTrue(Math.abs(got[4]) > 0, "the gradient in a is not zero");
    }

    @Property(tries = 60, seed = "20261204")
    void randomProgramsOnTheTapeWithinATinyBudget(@ForAll long seed) {
        sameWithinATinyBudget(RandomPrograms.generate(seed), seed);
    }

    /** The same with element, row and slice writes in loops (and out of them). */
    @Property(tries = 60, seed = "20261205")
    void randomProgramsWritingElementsOnTheTapeWithinATinyBudget(@ForAll long seed) {
        sameWithinATinyBudget(RandomPrograms.generate(seed, false, true), seed);
    }

    private static void sameWithinATinyBudget(String text, long seed) {
        SourceFile src = new SourceFile("random.grad", text);
        Random r = new Random(seed);
        int[][] shapes = {{}, {}, {3}, {2, 3}};
        List<double[]> data = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            double[] d = new double[shapes[p].length == 0 ? 1 : shapes[p].length == 1 ? 3 : 6];
            for (int k = 0; k < d.length; k++) {
                d[k] = r.nextDouble() * 1.6 - 0.8;
            }
            data.add(d);
        }
        double[][] want = null;
        for (long budget : new long[] {Long.MAX_VALUE, Math.floorMod(seed, 7) * 2}) {
            List<Object> leaves = new ArrayList<>();
            for (int p = 0; p < 4; p++) {
                leaves.add(Tensor.of(data.get(p).clone(), shapes[p]).requiresGrad());
            }
            TapeEngine engine = new TapeEngine(Parser.parse(src, new Diagnostics()), "random.grad", 1_000_000, null,
                    budget);
            Tensor out = (Tensor) engine.call("f", Map.of(), leaves);
            double[][] got = new double[5][];
            got[0] = new double[] {out.item()};
            if (out.needsGrad()) {
                out.backward();
            }
            for (int p = 0; p < 4; p++) {
                Tensor g = ((Tensor) leaves.get(p)).grad();
                got[1 + p] = g == null ? new double[data.get(p).length] : g.data();
            }
            if (want == null) {
                want = got;
            } else {
                for (int i = 0; i < 5; i++) {
                    close(want[i], got[i], "budget " + budget + " in\n" + text);
                }
            }
        }
    }
}
