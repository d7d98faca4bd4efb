package dev.gradc.emit;

import static dev.gradc.testing.Inputs.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.runtime.checkpoint.KeptBudget;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Interpreted;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The adjoint sweep of a checkpointed loop whose body is split into methods keeps its popped snapshots and the
 * arrays of its recomputations in the sweep's frames, two of each taken in turns, a turn per reversed trip, as
 * an inline sweep body keeps them before the sweep: an RK4 step popped its state into a new array on every
 * reversed step, and a recomputation made its carried state's two arrays every time it ran. The state a reversed
 * trip leaves is read by the next one (the tanh of the step reads its own result), so a pop or a recomputation
 * that wrote the buffer of the trip before would change the gradient: values and gradients are the
 * interpreter's and central differences', with every state kept and with a budget that recomputes. Counted in
 * bytes per reversed step, not timed.
 */
class SplitSweepBuffersTest {

    private static final String SOURCE = """
            module loops.SplitSweep;
            fn rhs<N>(x: real[N], y: real[N]) -> real[N] {
              z = zeros(N);
              z[0] = x[0];
              for i in 1..N {
                z[i] = x[i] * y[i-1];
              }
              return z;
            }
            @grad(x)
            fn stepped<N>(x: real[N], steps: int, h: real) -> real {
              y = zeros(N);
              for s in 0..steps {
                k1 = rhs(x, y);
                k2 = rhs(x, y + 0.5 * h * k1);
                k3 = rhs(x, y + 0.5 * h * k2);
                k4 = rhs(x, y + h * k3);
                y = tanh(y + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4) + 0.01);
              }
              return sum(y * y);
            }
            """;

    private static final ModuleIr MODULE = Programs.compile(SOURCE);
    private static final CompiledModule COMPILED = CompiledModule.load(MODULE);
    private static final int N = 64;

    @Test
    void theSweepIsSplitAndPopsIntoItsFrames() {
        String java = COMPILED.emitted().source();
        // steppedGradLoopPart0, or steppedGradPart1LoopPart0 when the gradient's method is split too
        assertTrue(java.matches("(?s).*steppedGrad(Part\\d+)?LoopPart0\\(.*"), "the adjoint sweep's body is split");
        assertTrue(java.contains("popInto("), "the snapshot is popped into a buffer");
        assertFalse(java.contains("popArray("), "no snapshot is popped into a new array");
    }

    @Test
    void aReversedStepAllocatesOnlyWhatItKeeps() {
        double[] x = uniform(N, 1);
        long perTrip = Allocation.perTrip(() -> COMPILED.grad("stepped", N, x, 100, 0.002),
                () -> COMPILED.grad("stepped", N, x, 200, 0.002), 100);
        System.out.println("stepped gradient, every state kept: " + perTrip + " bytes per trip");
        // the kept state (512 bytes a step on the stack), the popped snapshot (528) and the next step's ȳ (528):
        // 1,578 bytes a trip at N = 64; the snapshot popped into the sweep's frames: 1,050; the next ȳ, a sum the
        // first stage's adjoint loop adds into, in two buffers taken in turns (HandedOnBuffersTest): 522
        assertTrue(perTrip < 700, perTrip + " bytes per trip");
    }

    @Test
    void aRecomputingSweepAllocatesItsArraysOncePerCall() {
        double[] x = uniform(N, 1);
        try {
            COMPILED.setMaxKeptValues(8L * N);
            long perTrip = Allocation.perTrip(() -> COMPILED.grad("stepped", N, x, 100, 0.002),
                    () -> COMPILED.grad("stepped", N, x, 200, 0.002), 100);
            System.out.println("stepped gradient, 8 states kept: " + perTrip + " bytes per trip");
            // the popped snapshot and the recomputation's two arrays of its carried state, made every time it
            // ran: 2,112 bytes a trip at N = 64; in the sweep's frames, taken in turns: 528 (the next step's ȳ);
            // that too in two buffers taken in turns: 0
            assertTrue(perTrip < 100, perTrip + " bytes per trip");
        } finally {
            COMPILED.setMaxKeptValues(KeptBudget.DEFAULT);
        }
    }

    @Test
    void valuesAndGradientsAreTheInterpretersAndCentralDifferences() {
        int n = 9;
        double[] x = uniform(n, 5);
        for (long budget : new long[] {KeptBudget.DEFAULT, 0, 2L * n, 3L * n + 1}) {
            try {
                COMPILED.setMaxKeptValues(budget);
                for (int steps : new int[] {0, 1, 2, 7, 13}) {
                    Interpreted.assertValueAndXGradient(MODULE, COMPILED, "stepped", Map.of("N", n),
                            new Object[] {n, x, steps, 0.3},
                            new Object[] {new NDArray(x.clone(), new int[] {n}), steps, NDArray.scalar(0.3)});
                    double[] bar = (double[]) COMPILED.grad("stepped", n, x, steps, 0.3).parts().get("x");
                    for (int i = 0; i < n; i++) {
                        double e = 1e-6;
                        double[] up = x.clone();
                        double[] down = x.clone();
                        up[i] += e;
                        down[i] -= e;
                        double central = (value(n, up, steps) - value(n, down, steps)) / (2 * e);
                        assertEquals(central, bar[i], 1e-6 * (1 + Math.abs(central)),
                                "x[" + i + "], " + steps + " steps, budget " + budget);
                    }
                }
            } finally {
                COMPILED.setMaxKeptValues(KeptBudget.DEFAULT);
            }
        }
    }

    private static double value(int n, double[] x, int steps) {
        return ((Number) COMPILED.value("stepped", n, x, steps, 0.3)).doubleValue();
    }
}
