package dev.gradc.nested;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.engine.Interpreter;
import dev.gradc.ir.Graph;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An inner {@code hessian} of a callee with a loop checkpoints like an inner hvp (it is one hvp boundary per
 * column): reverse mode goes over it through a {@code @checkpoint} loop, past the kept-values budget its value
 * and the outer gradient recompute from snapshots with the same bits as keeping every state, and it composes
 * to the fourth derivative over a callee that itself uses grad, vjp or hvp of a loop, in every engine. An inner
 * {@code jacobian} of a loop is forward mode, keeping nothing, and reverse mode over it checkpoints like any loop.
 */
class CheckpointedInnerHessianTest {

    private static final String CHECKPOINTED = CheckpointedCallees.CHECKPOINTED + """
            fn hs(x: real[3]) -> real { return sum(hessian(f, x)(x) * [[1, 0.5, -1], [0.2, 2, 0.3], [-0.4, 1, 0.7]]); }
            fn hd(x: real[3]) -> real {
              w = [[1, 0.5, -1], [0.2, 2, 0.3], [-0.4, 1, 0.7]];
              return sum(hvp(f, x)(x, [1, 0, 0]) * w[:, 0]) + sum(hvp(f, x)(x, [0, 1, 0]) * w[:, 1])
                + sum(hvp(f, x)(x, [0, 0, 1]) * w[:, 2]);
            }
            """;

    private static final double[][] POINTS = {{0.5, 0.7, -0.3}, {0.9, -0.4, 0.6}, {-0.2, 0.3, 1.1}};

    /** Reverse over an inner hessian of a @checkpoint loop (third derivatives): differences, every engine. */
    @Test
    void theGradientOfAnInnerHessianOfACheckpointedLoopAgreesWithDifferences() {
        XEngines.gradientAgreesEverywhere(CHECKPOINTED, "hs", 1e-4, POINTS);
    }

    /** The same numbers by the Hessian's columns written as hvps: the gradient of each route, every engine. */
    @Test
    void theInnerHessianIsItsColumnsOfHvps() {
        XEngines.gradientAgreesEverywhere(CHECKPOINTED, "hs", "hd", 1e-4, POINTS);
        ModuleIr m = XEngines.module(CHECKPOINTED);
        for (double[] x : POINTS) {
            XEngines.close(XEngines.value(m, "hd", x), XEngines.value(m, "hs", x), 1e-12, "value");
        }
    }

    /** A @checkpoint loop of four trips, for derivatives of the fourth and fifth order. */
    private static final String SHORT = """
            fn f(x: real[3]) -> real {
              h = x;
              i = 0;
              @checkpoint(2)
              while (i < 4) { h = h * 0.9 + 0.2 * sin(h) + x * 0.1; i = i + 1; }
              return sum(h * h * h);
            }
            """;

    /**
     * Fourth order: the gradient of a function using the Hessian of a function that uses the gradient of a
     * @checkpoint loop, against central differences of the third derivative and in every engine.
     */
    @Test
    void fourthOrderThroughAnInnerHessianOfAnInnerGradient() {
        XEngines.gradientAgreesEverywhere(SHORT + """
                fn g(x: real[3]) -> real { return sum(grad(f, x)(x) * [1, -0.5, 0.25]); }
                fn k(x: real[3]) -> real { return sum(hessian(g, x)(x) * [[1, 0.5, -1], [0.2, 2, 0.3], [-0.4, 1, 0.7]]); }
                """, "k", 1e-3, POINTS[0], POINTS[1]);
    }

    /** Through an hvp and a vjp the gradient of the Hessian is a fifth and a fourth derivative of f. */
    @Test
    void fifthOrderThroughAnInnerHessianOfAnInnerHvp() {
        XEngines.gradientAgreesEverywhere(SHORT + """
                fn p(x: real[3]) -> real {
                  return sum(hvp(f, x)(x, [1, -0.5, 0.25]) * [0.3, 1, -2]) + sum(vjp(f, x)(x, 0.7) * [0.3, 1, -2]);
                }
                fn k(x: real[3]) -> real { return sum(hessian(p, x)(x) * [[0.5, 0, 0], [1, 0.3, 0], [0, 0, 1]]); }
                """, "k", 1e-3, POINTS[0]);
    }

    /** A loop of n trips, each keeping 3 values: past a budget of 40 values its derivatives must checkpoint. */
    private static final String LONG = CheckpointedCallees.LONG + """
            fn hs(x: real[3], n: int) -> real { return sum(hessian(f, x)(x, n) * [[1, 0.5, 0], [0, 2, 0.3], [-0.4, 0, 1]]); }
            fn g(x: real[3], n: int) -> real { return sum(grad(f, x)(x, n) * [1, -0.5, 0.25]); }
            fn k(x: real[3], n: int) -> real { return sum(hessian(g, x)(x, n) * [[1, 0, 0.5], [0, 1, 0], [0.5, 0, -1]]); }
            fn fv(x: real[3], n: int) -> real[3] {
              h = x;
              i = 0;
              while (i < n) { h = tanh(h * 0.9 + x); i = i + 1; }
              return h * h;
            }
            fn jv(x: real[3], n: int) -> real { return sum(jacobian(fv, x)(x, n) * [[1, 0.5, 0], [0, 2, 0.3], [-0.4, 0, 1]]); }
            """;

    private static final long BUDGET = 40;

    private static Object[] run(Graph g, long budget, double[] x, int n) {
        Object[] args = {new NDArray(x.clone(), new int[] {3}), n};
        return new Interpreter(new EvalContext(Map.of(), budget), 1_000_000).run(g, args);
    }

    @Test
    void anInnerHessianPastTheBudgetCheckpointsInItsValueAndInTheOuterGradient() {
        ModuleIr m = Programs.compile(LONG);
        double[] x = {0.3, -0.2, 0.5};
        int n = 200;
        long all = Long.MAX_VALUE / 4;
        for (String fn : List.of("hs", "k", "jv")) { // jv: reverse over an inner jacobian, forward mode of a loop
            Graph value = m.function(fn).graph();
            assertEquals(((NDArray) run(value, all, x, n)[0]).item(), ((NDArray) run(value, BUDGET, x, n)[0]).item(),
                    0, fn + " alone, checkpointed");
            CheckpointedCallees.outerGradientWithinBudget(LONG, m, fn, x, n, BUDGET);
        }
    }
}
