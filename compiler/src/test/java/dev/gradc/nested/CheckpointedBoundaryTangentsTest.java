package dev.gradc.nested;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.gradc.engine.Interpreter;
import dev.gradc.ir.Graph;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Forward mode over an inner grad, vjp or hvp of a loop checkpoints like the inner derivative: the boundary's
 * tangent rules go through its checkpointed loops (within the kept-values budget, {@code @checkpoint(N)}
 * honoured), and a {@code jvp} or {@code jacobian} of a function using such a boundary is a boundary itself, so
 * that reverse mode over it is forward mode over the function's reverse pass and never goes back through those
 * loops. Checked against the interpreter's Hessian, central differences, the tape and the compiled class.
 */
class CheckpointedBoundaryTangentsTest {

    private static final String CHECKPOINTED = CheckpointedCallees.CHECKPOINTED + """
            fn gv(x: real[3]) -> real[3] { return grad(f, x)(x); }
            fn g(x: real[3]) -> real { return sum(gv(x) * [1, -0.5, 0.25]) + sum(vjp(f, x)(x, 0.3) * [0.2, 1, 0]); }
            fn hf(x: real[3]) -> real[3,3] { return hessian(f, x)(x); }
            fn jf(x: real[3]) -> real[3,3] { return jacobian(gv, x)(x); }
            fn k(x: real[3]) -> real { return jvp(g, x)(x, [0.3, 1, -2]); }
            fn j(x: real[3]) -> real { return sum(jacobian(gv, x)(x) * [[1, 0.5, -1], [0.2, 2, 0.3], [-0.4, 1, 0.7]]); }
            fn kh(x: real[3]) -> real { return sum(jvp(hf, x)(x, [1, -1, 0.5]) * [[1, 0, 0], [0.5, 1, 0], [0, 0, 1]]); }
            """;

    private static final double[][] POINTS = {{0.5, 0.7, -0.3}, {0.9, -0.4, 0.6}};

    /** The Jacobian of an inner gradient is the Hessian. */
    @Test
    void theJacobianOfAnInnerGradientOfACheckpointedLoopIsTheHessian() {
        ModuleIr m = XEngines.module(CHECKPOINTED);
        for (double[] x : POINTS) {
            XEngines.close(XEngines.value(m, "hf", x), XEngines.value(m, "jf", x), 1e-12, "at " + x[0]);
        }
    }

    /** Reverse over forward over reverse through the @checkpoint loop: differences, every engine. */
    @Test
    void theGradientOfAJvpOverAnInnerGradientAgreesWithDifferences() {
        XEngines.gradientAgreesEverywhere(CHECKPOINTED, "k", 1e-4, POINTS);
    }

    @Test
    void theGradientOfAJacobianOfAnInnerGradientAgreesWithDifferences() {
        XEngines.gradientAgreesEverywhere(CHECKPOINTED, "j", 1e-4, POINTS);
    }

    /** Reverse over forward over an inner hessian (columns of hvp boundaries): a fourth derivative. */
    @Test
    void theGradientOfAJvpOverAnInnerHessianAgreesWithDifferences() {
        XEngines.gradientAgreesEverywhere(CHECKPOINTED, "kh", 1e-3, POINTS[0]);
    }

    /**
     * The tape's Hessian of g is reverse over forward (the gradient of the output's tangent, one unit vector at a
     * time): the vector-Jacobian product of each inner derivative's tangent is forward mode over its VJP, through
     * the @checkpoint loop. It equals the compiled engine's Hessian-vector products (forward over reverse).
     */
    @Test
    void theTapesReverseOverForwardHessianOfAFunctionUsingInnerDerivativesIsForwardOverReverse() {
        ModuleIr m = XEngines.module(CHECKPOINTED);
        dev.gradc.engine.TapeEngine tape = new dev.gradc.engine.TapeEngine(dev.gradc.syntax.Parser.parse(
                new dev.gradc.diag.SourceFile("t.grad", CHECKPOINTED), new dev.gradc.diag.Diagnostics()), "t.grad",
                1_000_000, m);
        Graph hvp = Derivatives.hvp(m.function("g"), List.of("x"));
        for (double[] x : POINTS) {
            for (int j = 0; j < 3; j++) {
                double[] unit = new double[3];
                unit[j] = 1;
                Tensor tx = Tensor.of(x.clone(), 3).requiresGrad().dual(Tensor.of(unit.clone(), 3));
                ((Tensor) tape.call("g", Map.of(), List.of(tx))).tangent().backward();
                double[] column = ((NDArray) Programs.run(hvp, vec(x), vec(unit))[2]).data();
                XEngines.close(column, tx.grad().data(), 1e-11, "column " + j + " at " + x[0]);
            }
        }
    }

    /** A loop of n trips, each keeping 3 values: past a budget of 40 values its derivatives must checkpoint. */
    private static final String LONG = CheckpointedCallees.LONG + """
            fn gv(x: real[3], n: int) -> real[3] { return grad(f, x)(x, n); }
            fn g(x: real[3], n: int) -> real { return sum(gv(x, n) * [1, -0.5, 0.25]); }
            fn k(x: real[3], n: int) -> real { return jvp(g, x)(x, n, [0.3, 1, -2]); }
            fn j(x: real[3], n: int) -> real { return sum(jacobian(gv, x)(x, n) * [[1, 0.5, 0], [0, 2, 0.3], [-0.4, 0, 1]]); }
            """;

    private static final long BUDGET = 40;
    private static final long ALL = Long.MAX_VALUE / 4;

    private static Object[] run(Graph g, long budget, Object... args) {
        return new Interpreter(new EvalContext(Map.of(), budget), 1_000_000).run(g, args);
    }

    private static NDArray vec(double... v) {
        return new NDArray(v.clone(), new int[] {v.length});
    }

    @Test
    void forwardModeOverAnInnerGradientPastTheBudgetCheckpoints() {
        ModuleIr m = Programs.compile(LONG);
        double[] x = {0.3, -0.2, 0.5};
        int n = 200;
        // the tangent rule at the top level: @jvp of a function using grad(f, x)
        Graph jvp = Derivatives.jvp(m.function("g"), List.of("x"));
        double[] dx = {0.3, 1, -2};
        assertArrayEquals(((NDArray) run(jvp, ALL, vec(x), n, vec(dx))[1]).data(),
                ((NDArray) run(jvp, BUDGET, vec(x), n, vec(dx))[1]).data(), "the top-level jvp: the same bits");
        for (String fn : List.of("k", "j")) {
            Graph value = m.function(fn).graph();
            assertArrayEquals(((NDArray) run(value, ALL, vec(x), n)[0]).data(),
                    ((NDArray) run(value, BUDGET, vec(x), n)[0]).data(), fn + " alone, checkpointed");
            CheckpointedCallees.outerGradientWithinBudget(LONG, m, fn, x, n, BUDGET);
        }
    }
}
