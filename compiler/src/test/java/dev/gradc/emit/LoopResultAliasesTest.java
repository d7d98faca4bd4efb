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
 * A loop's carried array escapes with the loop only through the results that may be that array, and a loop
 * copies a carried array into a buffer made once unless such a result outlives the trip: the adjoint loops of
 * an RK4 stage clear the stage's seed (a copy) and add into x's gradient, which outlives the trip, and the seed,
 * its copy, the stage's zeros and the adjoint accumulators were each new per reversed step because the gradient
 * made the whole loop escape. Where a result that does outlive the trip may be the array — after no trip, after
 * one, or over a chain of trips ({@code rotated}: three arrays handed round, the one kept is the third's after two
 * trips; {@code handed}: the copy the loop writes is handed to the other array, which is kept) — the array and
 * the copy stay ones of their own. Counted in bytes per trip, not timed; values and gradients are the
 * interpreter's.
 */
class LoopResultAliasesTest {

    private static final String SOURCE = """
            module loops.ResultAliases;
            fn rhs<N>(x: real[N], y: real[N]) -> real[N] {
              z = zeros(N);
              z[0] = x[0];
              for i in 1..N {
                z[i] = x[i] * y[i-1];
              }
              return z;
            }
            @grad(x)
            fn staged<N>(x: real[N], steps: int, h: real) -> real {
              y = zeros(N);
              for s in 0..steps {
                k1 = rhs(x, y);
                k2 = rhs(x, y + 0.5 * h * k1);
                y = y + h * (k1 + k2);
              }
              return y[N-1];
            }
            @grad(x)
            fn rotated<N>(x: real[N], steps: int, turns: int) -> real {
              y = x;
              side = 0.0;
              for s in 0..steps {
                a = y * 0.5;
                b = sin(y);
                c = zeros(N);
                c[0] = y[0];
                for i in 1..N {
                  c[i] = x[i] * y[i-1];
                }
                for r in 0..turns {
                  t = a;
                  a = b;
                  b = c;
                  c = t;
                }
                y = a;
                side = side + sum(b * c);
              }
              return sum(y) + side;
            }
            @grad(x)
            fn handed<N>(x: real[N], steps: int, turns: int) -> real {
              y = x;
              side = 0.0;
              for s in 0..steps {
                a0 = sin(y) + x;
                a = a0;
                b = y * 0.5;
                for r in 0..turns {
                  a[r] = a[r] * 2.0 + a[N-1-r];
                  b[r] = b[r] + 1.0;
                  t = a;
                  a = b;
                  b = t;
                }
                side = side + sum(a * y) + sum(a0 * y);
                y = b;
              }
              return sum(y) + side;
            }
            """;

    private static final ModuleIr MODULE = Programs.compile(SOURCE);
    private static final CompiledModule COMPILED = CompiledModule.load(MODULE);
    private static final int N = 64;

    @Test
    void stagesAdjointSeedsAreBuffers() {
        double[] x = uniform(N, 1);
        long perTrip = Allocation.perTrip(() -> COMPILED.grad("staged", N, x, 100, 0.002),
                () -> COMPILED.grad("staged", N, x, 200, 0.002), 100);
        System.out.println("staged gradient: " + perTrip + " bytes per trip");
        // the reversed step's zeros, the adjoint loops' accumulators and the seed one of them clears, escaping
        // with x's gradient: 3,162 bytes a trip at N = 64; buffers of the split step: 1,578; the copy of the seed
        // the first adjoint loop clears, copied into a buffer when no result that may be the copy outlives the
        // step: 1,050; the next y's adjoint, a sum the first stage's adjoint loop adds into, in two buffers taken
        // in turns (HandedOnBuffersTest): 522 (the state kept per step is left)
        assertTrue(perTrip < 700, perTrip + " bytes per trip");
    }

    @Test
    void valuesAndGradientsAreTheInterpreters() {
        int n = 9;
        double[] x = uniform(n, 5);
        for (String fn : List.of("staged", "rotated", "handed")) {
            for (int turns : new int[] {0, 1, 2, 3, 4}) {
                Object[] args = fn.equals("staged") ? new Object[] {n, x, 7, 0.1} : new Object[] {n, x, 7, turns};
                NDArray xs = new NDArray(x.clone(), new int[] {n});
                Object[] inputs = fn.equals("staged") ? new Object[] {xs, 7, NDArray.scalar(0.1)}
                        : new Object[] {xs, 7, turns};
                Interpreted.assertValueAndXGradient(MODULE, COMPILED, fn, Map.of("N", n), args, inputs);
            }
        }
    }
}
