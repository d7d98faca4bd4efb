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
 * In a loop body, an array that a write changes in place, that a loop carries or that a slice reads in place is
 * still a buffer the loop allocates once when nothing keeps what the write, the loop or the slice gives past the
 * trip (the escape check follows those aliases): an RK4 stage's {@code z = zeros(N)} written at {@code z[0]}, an
 * LSTM layer's gates {@code g}, read through slices. Where what they give outlives the trip ({@code prev = z},
 * {@code keep = acc}, {@code last = g[0:N]}, read by the next trip), the array stays one of its own. Counted in
 * bytes per trip (the difference between two trip counts), not timed; values and gradients are the interpreter's.
 */
class AliasedBuffersTest {

    private static final String SOURCE = """
            module loops.Aliased;
            @grad(x)
            fn written<N>(x: real[N], steps: int, h: real) -> real {
              y = x;
              for s in 0..steps {
                z = zeros(N);
                z[0] = x[0];
                for i in 1..N {
                  z[i] = x[i] * y[i-1];
                }
                y = y + h * z;
              }
              return y[N-1];
            }
            @grad(x)
            fn sliced<N>(x: real[N], w: real[2*N], steps: int) -> real {
              y = x;
              for s in 0..steps {
                g = sin(w * y[0] + 0.1);
                y = g[0:N] * g[N:2*N] + x;
              }
              return sum(y);
            }
            @grad(x)
            fn kept<N>(x: real[N], w: real[2*N], steps: int, h: real) -> real {
              y = x;
              prev = x;
              keep = x;
              last = x;
              for s in 0..steps {
                z = zeros(N);
                z[0] = x[0] + prev[1];
                acc = zeros(N);
                for i in 1..N {
                  acc[i] = x[i] * y[i-1] + keep[i];
                }
                g = sin(w * y[0] + last[0]);
                y = y + h * (z + acc) + g[N:2*N];
                prev = z;
                keep = acc * 0.5;
                last = g[0:N];
              }
              return sum(y) + sum(prev) + sum(last);
            }
            """;

    private static final ModuleIr MODULE = Programs.compile(SOURCE);
    private static final CompiledModule COMPILED = CompiledModule.load(MODULE);
    private static final int N = 64;

    private static long perTrip(String fn, boolean grad, Object... rest) {
        Object[] few = new Object[rest.length + 1];
        Object[] many = new Object[rest.length + 1];
        few[0] = N;
        many[0] = N;
        for (int i = 0; i < rest.length; i++) {
            few[i + 1] = rest[i] instanceof Integer ? (Object) 100 : rest[i];
            many[i + 1] = rest[i] instanceof Integer ? (Object) 200 : rest[i];
        }
        long perTrip = Allocation.perTrip(grad ? () -> COMPILED.grad(fn, few) : () -> COMPILED.value(fn, few),
                grad ? () -> COMPILED.grad(fn, many) : () -> COMPILED.value(fn, many), 100);
        System.out.println(fn + (grad ? " gradient: " : " value: ") + perTrip + " bytes per trip");
        return perTrip;
    }

    @Test
    void aWrittenZerosIsABuffer() {
        long value = perTrip("written", false, uniform(N, 1), 0, 0.002);
        // z = zeros(N), written at z[0] and then by the loop, counted as kept: 528 bytes a trip at N = 64; a
        // buffer cleared per trip: 0
        assertTrue(value < 100, value + " bytes per trip");
    }

    @Test
    void slicedGatesAreABuffer() {
        long value = perTrip("sliced", false, uniform(N, 2), uniform(2 * N, 3), 0);
        // g, read through two slices in place, counted as kept by them: 1,040 bytes a trip at N = 64 (with y's
        // two buffers taken in turns); a buffer made once: 0
        assertTrue(value < 100, value + " bytes per trip");
    }

    @Test
    void valuesAndGradientsAreTheInterpreters() {
        int n = 9;
        double[] x = uniform(n, 5);
        double[] w = uniform(2 * n, 6);
        for (String fn : List.of("written", "sliced", "kept")) {
            Object[] args = switch (fn) {
                case "written" -> new Object[] {n, x, 7, 0.1};
                case "sliced" -> new Object[] {n, x, w, 7};
                default -> new Object[] {n, x, w, 7, 0.1};
            };
            NDArray xs = new NDArray(x.clone(), new int[] {n});
            NDArray ws = new NDArray(w.clone(), new int[] {2 * n});
            Object[] inputs = switch (fn) {
                case "written" -> new Object[] {xs, 7, NDArray.scalar(0.1)};
                case "sliced" -> new Object[] {xs, ws, 7};
                default -> new Object[] {xs, ws, 7, NDArray.scalar(0.1)};
            };
            Interpreted.assertValueAndXGradient(MODULE, COMPILED, fn, Map.of("N", n), args, inputs);
        }
    }
}
