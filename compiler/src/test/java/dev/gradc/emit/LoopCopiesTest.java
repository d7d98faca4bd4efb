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
 * A loop inside a loop body that writes a carried array in place copies it on entry; when no array that loop
 * gives back outlives the trip of the loop around it, the copy goes into a buffer that loop allocates once, not
 * into a new array per trip — the stage loops of an RK4 step, each copying the step's {@code zeros(N)}. The
 * loop's results are then not the code's own: an elementwise op whose array outlives the trip writes a new array
 * rather than into the buffer. Counted in bytes per trip (the difference between two trip counts), not timed;
 * values and gradients are the interpreter's.
 */
class LoopCopiesTest {

    private static final String SOURCE = """
            module loops.Copies;
            fn stage<N>(x: real[N], y: real[N]) -> real[N] {
              z = zeros(N);
              z[0] = x[0];
              for i in 1..N {
                z[i] = x[i] * y[i-1];
              }
              return z;
            }
            @grad(x)
            fn rk<N>(x: real[N], steps: int, h: real) -> real {
              y = zeros(N);
              for s in 0..steps {
                k1 = stage(x, y);
                k2 = stage(x, y + 0.5 * h * k1);
                k3 = stage(x, y + h * k2);
                y = y + h / 4 * (k1 + 2 * k2 + k3);
              }
              return y[N-1];
            }
            @grad(x)
            fn kept<N>(x: real[N], steps: int) -> real {
              y = x;
              acc = zeros(N);
              for s in 0..steps {
                k1 = stage(x, y);
                k2 = stage(x, k1);
                v = y;
                v[0] = v[0] * 0.5;
                acc = acc + k2 + v;
                y = sin(k1) * 0.9;
              }
              return sum(acc * y);
            }
            """;

    private static final ModuleIr MODULE = Programs.compile(SOURCE);
    private static final CompiledModule COMPILED = CompiledModule.load(MODULE);
    private static final int N = 64;

    private static long perTrip(boolean grad) {
        double[] x = uniform(N, 1);
        Runnable few = grad ? () -> COMPILED.grad("rk", N, x, 100, 0.002) : () -> COMPILED.value("rk", N, x, 100, 0.002);
        Runnable many = grad ? () -> COMPILED.grad("rk", N, x, 200, 0.002) : () -> COMPILED.value("rk", N, x, 200, 0.002);
        long perTrip = Allocation.perTrip(few, many, 100);
        System.out.println((grad ? "gradient" : "value") + ": " + perTrip + " bytes per trip");
        return perTrip;
    }

    @Test
    void theStagesCopyIntoBuffersOnce() {
        long perTrip = perTrip(false);
        // zeros(N) (shared by the three stages) and a copy of it for each of the two stage loops that do not take
        // it over: 1,584 bytes a trip at N = 64; copies into buffers: 528, the zeros alone
        assertTrue(perTrip < 1_000, perTrip + " bytes per trip");
    }

    @Test
    void theGradientsStagesCopyIntoBuffers() {
        long perTrip = perTrip(true);
        // the forward's and the reversal's stage copies new per trip: 7,914 bytes a trip at N = 64; into buffers:
        // 6,330 (an adjoint that had written into a copy now has an array of its own)
        assertTrue(perTrip < 7_000, perTrip + " bytes per trip");
    }

    @Test
    void valuesAndGradientsAreTheInterpreters() {
        int n = 9;
        double[] x = uniform(n, 5);
        for (String fn : List.of("rk", "kept")) {
            Object[] args = fn.equals("rk") ? new Object[] {n, x, 7, 0.1} : new Object[] {n, x, 7};
            Interpreted.assertValueAndXGradient(MODULE, COMPILED, fn, Map.of("N", n), args, fn.equals("rk")
                    ? new Object[] {new NDArray(x.clone(), new int[] {n}), 7, NDArray.scalar(0.1)}
                    : new Object[] {new NDArray(x.clone(), new int[] {n}), 7});
        }
    }
}
