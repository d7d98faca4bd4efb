package dev.gradc.nested;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.ir.Graph;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Inner derivatives checkpoint like top-level ones: an inner {@code grad}, {@code vjp} or {@code hvp} of a loop
 * marked {@code @checkpoint(N)} is differentiated again in reverse mode, in every engine, and an inner
 * {@code grad} or {@code hvp} of a loop whose states pass the kept-values budget recomputes from snapshots (in its
 * value and in the outer gradient) instead of failing; the numbers equal those of storing every state, the
 * callee's Hessian and central differences.
 */
class CheckpointedInnerDerivativesTest {

    /** A data-dependent loop with an element update, keeping at most 3 snapshots. */
    private static final String CHECKPOINTED = CheckpointedCallees.CHECKPOINTED + """
            fn g0(x: real[3]) -> real { return grad(f, x)(x)[0]; }
            fn g1(x: real[3]) -> real { return grad(f, x)(x)[1]; }
            fn g2(x: real[3]) -> real { return grad(f, x)(x)[2]; }
            fn hf(x: real[3]) -> real[3,3] { return hessian(f, x)(x); }
            fn gv(x: real[3]) -> real { return sum(vjp(f, x)(x, 0.7) * [1, -0.5, 0.25]); }
            fn hr(x: real[3]) -> real { return sum(hvp(f, x)(x, [1, -0.5, 0.25]) * [0.3, 1, -2]); }
            """;

    private static final double[][] POINTS = {{0.5, 0.7, -0.3}, {0.9, -0.4, 0.6}, {-0.2, 0.3, 1.1}};

    @Test
    void theGradientOfGradThroughAnInnerCheckpointedLoopIsTheHessian() {
        XEngines.rowsAreTheHessian(CHECKPOINTED, POINTS);
    }

    /** The gradient of a function using a vjp of the checkpointed loop (0.7 · H w), against differences. */
    @Test
    void theGradientOfAVjpThroughAnInnerCheckpointedLoopAgreesWithDifferences() {
        agreesWithDifferences("gv");
    }

    /** The gradient of a function using an hvp of the checkpointed loop: a third derivative, by differences. */
    @Test
    void theGradientOfAnHvpThroughAnInnerCheckpointedLoopAgreesWithDifferences() {
        agreesWithDifferences("hr");
    }

    /**
     * Reverse over forward over an inner gradient of a loop: the jvp of a function using {@code grad(f, x)} takes
     * the boundary's tangent rule, which keeps every state so that the outer gradient can go back through it.
     */
    private static final String OVER_FORWARD = """
            fn f(x: real[3]) -> real {
              h = x;
              i = 0;
              while (i < 2 || sum(h * h) < 30 && i < 40) { h = h * 1.1 + 0.2 * sin(h) + x * 0.1; i = i + 1; }
              return sum(h * h * h);
            }
            fn gc(x: real[3]) -> real { return sum(grad(f, x)(x) * [1, -0.5, 0.25]); }
            fn jr(x: real[3]) -> real { return jvp(gc, x)(x, [0.3, 1, -2]); }
            """;

    @Test
    void theGradientOfAJvpOfAFunctionUsingAnInnerGradientAgreesWithDifferences() {
        agreesWithDifferences(OVER_FORWARD, "jr");
    }

    private static void agreesWithDifferences(String fn) {
        agreesWithDifferences(CHECKPOINTED, fn);
    }

    private static void agreesWithDifferences(String source, String fn) {
        XEngines.gradientAgreesEverywhere(source, fn, 1e-4, POINTS);
    }

    /** A loop of n trips, each keeping 3 values: past a budget of 40 values its gradient must checkpoint. */
    private static final String LONG = CheckpointedCallees.LONG + """
            fn g(x: real[3], n: int) -> real { return sum(grad(f, x)(x, n) * [1, -0.5, 0.25]); }
            fn gh(x: real[3], n: int) -> real { return sum(hvp(f, x)(x, n, [1, -0.5, 0.25]) * [0.3, 1, -2]); }
            """;

    private static final long BUDGET = 40;

    private static Object[] run(Graph g, long budget, double[] x, int n, Object... rest) {
        Object[] args = new Object[2 + rest.length];
        args[0] = new NDArray(x.clone(), new int[] {3});
        args[1] = n;
        System.arraycopy(rest, 0, args, 2, rest.length);
        return new Interpreter(new EvalContext(Map.of(), budget), 1_000_000).run(g, args);
    }

    @Test
    void anInnerGradientPastTheBudgetCheckpointsInItsValueAndInTheOuterGradient() {
        ModuleIr m = Programs.compile(LONG);
        double[] x = {0.3, -0.2, 0.5};
        int n = 200;
        Graph value = m.function("g").graph();
        Graph outer = Derivatives.gradient(m.function("g"), List.of("x"));
        Graph hvp = Derivatives.hvp(m.function("f"), List.of("x"));
        Object[] all = run(outer, Long.MAX_VALUE / 4, x, n);
        Object[] within = run(outer, BUDGET, x, n);
        assertEquals(((NDArray) run(value, Long.MAX_VALUE / 4, x, n)[0]).item(),
                ((NDArray) run(value, BUDGET, x, n)[0]).item(), 0, "the inner gradient alone, checkpointed");
        assertArrayEquals(((NDArray) all[1]).data(), ((NDArray) within[1]).data(), "checkpointed: the same bits");
        double[] w = {1, -0.5, 0.25};
        double[] hw = ((NDArray) run(hvp, Long.MAX_VALUE / 4, x, n, new NDArray(w, new int[] {3}))[2]).data();
        XEngines.close(hw, ((NDArray) within[1]).data(), 1e-12, "the gradient of wᵀ∇f is H w");
        Graph third = Derivatives.gradient(m.function("gh"), List.of("x"));
        assertArrayEquals(((NDArray) run(third, Long.MAX_VALUE / 4, x, n)[1]).data(),
                ((NDArray) run(third, BUDGET, x, n)[1]).data(), "an inner hvp's gradient, checkpointed: the same bits");
        CompiledModule c = CompiledModule.load(CompiledModule.requesting(m, "g",
                new Request(Request.Kind.GRAD, List.of("x"))));
        c.setMaxKeptValues(BUDGET);
        double[] compiled = (double[]) c.grad("g", x.clone(), n).parts().get("x");
        XEngines.close(((NDArray) within[1]).data(), compiled, 1e-12, "compiled within the budget");
    }
}
