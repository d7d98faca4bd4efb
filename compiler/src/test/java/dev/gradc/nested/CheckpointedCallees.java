package dev.gradc.nested;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.engine.TapeEngine;
import dev.gradc.ir.Graph;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.syntax.Parser;
import java.util.List;
import java.util.Map;

/**
 * The callees {@code f} the checkpointed nested-derivative tests differentiate inside other functions; each test
 * appends the functions that use them.
 */
final class CheckpointedCallees {

    /** A data-dependent loop with an element update, keeping at most 3 snapshots. */
    static final String CHECKPOINTED = """
            fn f(x: real[3]) -> real {
              h = x;
              i = 0;
              @checkpoint(3)
              while (i < 2 || sum(h * h) < 30 && i < 40) {
                h = h * 1.1 + 0.2 * sin(h) + x * 0.1;
                h[2] = h[2] * h[0] + 0.1;
                i = i + 1;
              }
              return sum(h * h * h) + h[1] * h[2];
            }
            """;

    /** A loop of {@code n} trips with no mark, for the kept-values budget tests. */
    static final String LONG = """
            fn f(x: real[3], n: int) -> real {
              h = x;
              i = 0;
              while (i < n) { h = tanh(h * 0.9 + x); i = i + 1; }
              return sum(h * h * h);
            }
            """;

    /** Kept values enough for every state of the loops these tests run. */
    static final long ALL = Long.MAX_VALUE / 4;

    /**
     * The gradient of {@code fn} (over {@code x} of {@code source}, compiled as {@code m}, at {@code n} trips) within
     * {@code budget} kept values: the same bits as keeping every state, central differences of its value, and the
     * compiled engine and the tape within the same budget.
     */
    static void outerGradientWithinBudget(String source, ModuleIr m, String fn, double[] x, int n, long budget) {
        Graph value = m.function(fn).graph();
        Graph outer = Derivatives.gradient(m.function(fn), List.of("x"));
        double[] within = ((NDArray) run(outer, budget, x, n)[1]).data();
        assertArrayEquals(((NDArray) run(outer, ALL, x, n)[1]).data(), within, fn + " checkpointed: the same bits");
        double[][] d = XEngines.central(p -> ((NDArray) run(value, ALL, p, n)[0]).data(), x, 1e-3);
        XEngines.close(new double[] {d[0][0], d[1][0], d[2][0]}, within, 1e-6, fn + " against differences");
        CompiledModule c = CompiledModule.load(CompiledModule.requesting(m, fn,
                new Request(Request.Kind.GRAD, List.of("x"))));
        c.setMaxKeptValues(budget);
        XEngines.close(within, (double[]) c.grad(fn, x.clone(), n).parts().get("x"), 1e-12,
                fn + " compiled within the budget");
        TapeEngine tape = new TapeEngine(Parser.parse(new SourceFile("t.grad", source), new Diagnostics()), "t.grad",
                1_000_000, m, budget);
        Tensor tx = Tensor.of(x.clone(), 3).requiresGrad();
        ((Tensor) tape.call(fn, Map.of(), List.of(tx, n))).backward();
        XEngines.close(within, tx.grad().data(), 1e-12, fn + " on the tape within the budget");
    }

    /** {@code g} at {@code (x, n)} in the interpreter with {@code budget} kept values. */
    static Object[] run(Graph g, long budget, double[] x, int n) {
        Object[] args = {new NDArray(x.clone(), new int[] {3}), n};
        return new Interpreter(new EvalContext(Map.of(), budget), 1_000_000).run(g, args);
    }

    private CheckpointedCallees() {
    }
}
