package dev.gradc.emit;

import static dev.gradc.testing.Inputs.uniform;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Interpreted;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * In a loop body, an array read only by ops that keep nothing of it is a buffer the loop allocates once, and the
 * zeros an adjoint starts from ({@code zeros_like}, which reads its operand's shape alone) and an element read
 * ({@code u[0]}) are such reads: a reversed RK4 step's stage inputs {@code y + 0.5 * h * k1} were new arrays per
 * step because their adjoints start from zeros shaped like them. An array that a later trip reads ({@code prev
 * = u}) stays an array of its own. Counted in bytes per trip (the difference between two trip counts), not
 * timed; values and gradients are the interpreter's.
 */
class ShapeReadsTest {

    private static final String SOURCE = """
            module loops.ShapeReads;
            fn stage<N>(x: real[N], y: real[N]) -> real[N] {
              z = zeros(N);
              for i in 1..N {
                z[i] = x[i] * y[i-1];
              }
              return z;
            }
            @grad(x)
            fn steps<N>(x: real[N], steps: int, h: real) -> real {
              y = x;
              for s in 0..steps {
                u = y + h * x;
                k = stage(x, u);
                y = y + h * k + u[0] * h;
              }
              return y[N-1];
            }
            @grad(x)
            fn kept<N>(x: real[N], steps: int, h: real) -> real {
              y = x;
              prev = x;
              for s in 0..steps {
                u = y + h * x;
                k = stage(x, u);
                y = y + h * k + prev[0] * h;
                prev = u;
              }
              return y[N-1] + sum(prev);
            }
            """;

    private static final ModuleIr MODULE = Programs.compile(SOURCE);
    private static final CompiledModule COMPILED = CompiledModule.load(MODULE);
    private static final int N = 64;

    @Test
    void theReversedStepsStageInputIsABuffer() {
        double[] x = uniform(N, 1);
        long perTrip = Allocation.perTrip(() -> COMPILED.grad("steps", N, x, 100, 0.002),
                () -> COMPILED.grad("steps", N, x, 200, 0.002), 100);
        System.out.println("gradient: " + perTrip + " bytes per trip");
        // u, read by the stage's loop, by u[0] and by zeros_like(u) in the reversal, counted as kept: 3,690 bytes a
        // trip at N = 64; a buffer made once: 3,162 (one array of 64 fewer)
        assertTrue(perTrip < 3_400, perTrip + " bytes per trip");
    }

    @Test
    void valuesAndGradientsAreTheInterpreters() {
        int n = 9;
        double[] x = uniform(n, 5);
        for (String fn : List.of("steps", "kept")) {
            Object[] args = {n, x, 7, 0.1};
            Interpreted.assertValueAndXGradient(MODULE, COMPILED, fn, Map.of("N", n), args,
                    new Object[] {new NDArray(x.clone(), new int[] {n}), 7, NDArray.scalar(0.1)});
        }
    }
}
