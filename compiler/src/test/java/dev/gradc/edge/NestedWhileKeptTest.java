package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.ValueStack;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What a checkpointed loop keeps of its inner loops per trip (so that its reversal does not run them again):
 * second derivatives through those stacks of stacks, and the kept-values budget — within a small budget the
 * trips past it run their inner loops again, the gradient keeps the same bits, and what is kept does not grow
 * with the outer loop's trips.
 */
class NestedWhileKeptTest {

    /** n outer trips around two inner whiles of 3 trips (one nested in the other's body); x a vector state. */
    static final String PROGRAM = """
            extern fn tick(j: int) -> int = "dev.gradc.edge.TripCounter.tick";
            fn f(x: real[2], n: int) -> real {
              i = 0;
              while (i < n) {
                j = 0;
                while (j < 3) {
                  k = 0;
                  while (k < 2) {
                    x = x * 0.5 + sin(x * x[1]);
                    k = max(k + 1, tick(k));
                  }
                  j = j + 1;
                }
                x = x * 0.9 + cos(x);
                i = i + 1;
              }
              return sum(x * x);
            }
            """;

    private static final double[] X = {0.3, 0.7};

    @Test
    void hessiansThroughKeptInnerLoopsMatchDifferencesOfTheGradient() {
        ModuleIr m = Programs.compile(PROGRAM);
        CompiledModule c = CompiledModule.load(CompiledModule.requesting(m, "f",
                new Request(Request.Kind.GRAD, List.of("x")), new Request(Request.Kind.HESSIAN, List.of("x"))));
        double[][] h = (double[][]) c.hessian("f", X.clone(), 3).parts().get("hessian");
        double step = 1e-5;
        for (int j = 0; j < 2; j++) {
            double[] up = X.clone();
            double[] down = X.clone();
            up[j] += step;
            down[j] -= step;
            double[] gu = Engines.runOne("tape", PROGRAM, up, 3).gradient().get("x");
            double[] gd = Engines.runOne("tape", PROGRAM, down, 3).gradient().get("x");
            for (int i = 0; i < 2; i++) {
                double difference = (gu[i] - gd[i]) / (2 * step);
                assertEquals(difference, h[i][j], 1e-6 * (1 + Math.abs(difference)), "H[" + i + "][" + j + "]");
            }
        }
        c.setMaxKeptValues(8); // the outer trips keep no inner loop: their reversals run them again
        double[][] tight = (double[][]) c.hessian("f", X.clone(), 3).parts().get("hessian");
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 2; j++) {
                assertEquals(Double.doubleToLongBits(h[i][j]), Double.doubleToLongBits(tight[i][j]), "same bits");
            }
        }
    }

    @Test
    void withinASmallBudgetTheGradientHasTheSameBitsAndKeepsNoMoreForMoreTrips() {
        ModuleIr m = Programs.compile(PROGRAM);
        CompiledModule c = CompiledModule.load(CompiledModule.requesting(m, "f",
                new Request(Request.Kind.GRAD, List.of("x"))));
        for (int n : new int[] {5, 20}) {
            TripCounter.take();
            c.value("f", X.clone(), n);
            long value = TripCounter.take();
            assertEquals(6L * n, value);
            double[] roomy = (double[]) c.grad("f", X.clone(), n).parts().get("x");
            assertEquals(value, TripCounter.take(), "every trip keeps its inner loops: n = " + n);
            for (long budget : new long[] {50, 1_000}) {
                c.setMaxKeptValues(budget);
                double[] tight = (double[]) c.grad("f", X.clone(), n).parts().get("x");
                long runs = TripCounter.take();
                c.setMaxKeptValues(Long.MAX_VALUE);
                // 50 values: no trip's inner loops fit, each reversal runs them again (the innermost body is
                // three loops deep), and past 12 trips (12 snapshots of x, i and the trip number fit) the outer
                // loop recomputes trips too; 1,000: the first trips keep theirs, the others run them again. (At
                // 60, until a snapshot counted its trip number and a trip's count left out the inner loops'
                // counter snapshots that nothing keeps, 20 states fitted in 60 values and no trip's inner loops
                // did; now 15 states fit, and at 5 trips the first trip's inner loops do.)
                if (budget == 50 && n == 5) {
                    assertEquals(3 * value, runs, "n = " + n);
                } else if (budget == 50) {
                    assertTrue(runs > 3 * value, "n = " + n + ": " + runs);
                } else if (n == 20) {
                    assertTrue(runs > value && runs < 3 * value, "some trips keep: " + runs);
                }
                for (int i = 0; i < 2; i++) {
                    assertEquals(Double.doubleToLongBits(roomy[i]), Double.doubleToLongBits(tight[i]),
                            "n = " + n + ", budget " + budget);
                }
            }
        }
        // at its peak the gradient holds the states and the inner loops' results kept within the budget, and
        // what one trip's inner loops hold while they run (each within the budget): not more for more trips
        Graph grad = Derivatives.gradient(m.function("f"), List.of("x"));
        for (int n : new int[] {5, 20, 80}) {
            long peak = peak(grad, n, 60);
            assertTrue(peak <= 4 * 60, "n = " + n + ": " + peak + " values");
        }
        // 60 values a trip (more before the inner loops' counter snapshots, which nothing pops, stopped being kept)
        assertEquals(60L * 80, peak(grad, 80, Long.MAX_VALUE), "without a budget every trip keeps its inner loops");
    }

    /** The most values the interpreter's stacks held at once running the gradient for n outer trips. */
    private static long peak(Graph grad, int n, long budget) {
        ValueStack.resetPeak();
        Object[] args = {new NDArray(X.clone(), new int[] {2}), n};
        new Interpreter(new EvalContext(Map.of(), budget), 1_000_000).run(grad, args);
        TripCounter.take();
        return ValueStack.peak();
    }
}
