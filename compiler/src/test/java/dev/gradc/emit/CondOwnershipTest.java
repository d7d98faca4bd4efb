package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A cond whose one branch writes an array it was not given to own (so writes a copy) and whose other branch
 * passes it on, followed by a loop that writes the cond's result in place, copies the array once on either path:
 * the passing branch copies it and both hand the copy over to the loop, which takes it without a copy of its own
 * (before: the writing branch's copy and the loop's, two per trip). The gradient of an elimination with row swaps
 * had that shape in every reversed pivot. Counted in bytes per outer trip (the difference of two trip counts),
 * never timed; values and gradients are the interpreter's and central differences'.
 */
class CondOwnershipTest {

    private static final String SOURCE = """
            module loops.Owned;
            fn swapThenUpdate<N>(A: real[N, N], steps: int, swaps: int) -> real {
              s = 0;
              for t in 0..steps {
                B = A;
                if (t < swaps) {
                  row = B[0, :];
                  B[0, :] = B[1, :];
                  B[1, :] = row;
                }
                for i in 1..N {
                  B[i, :] = B[i, :] - 0.5 * B[0, :];
                }
                s = s + B[N-1, N-1] * A[0, 0];
              }
              return s;
            }
            @grad(A)
            fn elimination<N>(A: real[N, N]) -> real {
              U = A;
              d = 1;
              for k in 0..N {
                p = k;
                best = abs(U[k, k]);
                for i in k+1..N {
                  if (abs(U[i, k]) > best) {
                    p = i;
                    best = abs(U[i, k]);
                  }
                }
                if (p != k) {
                  row = U[k, :];
                  U[k, :] = U[p, :];
                  U[p, :] = row;
                  d = -d;
                }
                d = d * U[k, k];
                for i in k+1..N {
                  m = U[i, k] / U[k, k];
                  U[i, :] = U[i, :] - m * U[k, :];
                }
              }
              return d;
            }
            """;

    private static final ModuleIr MODULE = Programs.compile(SOURCE);
    private static final CompiledModule COMPILED = CompiledModule.load(MODULE);
    private static final int N = 32;

    private static double[] normal(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    private static long perTrip(int swaps) {
        double[] a = normal(N * N, 1);
        Runnable few = () -> COMPILED.value("swapThenUpdate", N, a, 100, swaps);
        Runnable many = () -> COMPILED.value("swapThenUpdate", N, a, 200, swaps);
        return Allocation.perTrip(few, many, 100);
    }

    @Test
    void aTripCopiesTheMatrixOnceOnEitherPath() {
        int matrix = 8 * N * N;
        long swapping = perTrip(Integer.MAX_VALUE);
        long passing = perTrip(0);
        System.out.println("swapping: " + swapping + " bytes per trip, passing: " + passing);
        // before: 2 matrices a swapping trip (the branch's copy, the loop's), 1 a passing one (17,232 and 8,208
        // bytes at N = 32); now one copy either way, and the swap's rows (9,024 and 8,208)
        assertTrue(swapping < matrix + 1_000, swapping + " bytes per swapping trip");
        assertTrue(passing < matrix + 1_000, passing + " bytes per passing trip");
    }

    @Test
    void valuesAreTheInterpreters() {
        int n = 5;
        double[] a = normal(n * n, 3);
        for (int swaps : new int[] {0, 2, 9}) {
            Object[] out = new Interpreter(new EvalContext(Map.of("N", n), 0), 1_000_000).run(
                    MODULE.function("swapThenUpdate").graph(),
                    new Object[] {new NDArray(a.clone(), new int[] {n, n}), 4, swaps});
            double expected = ((NDArray) out[0]).data()[0];
            double got = ((Number) COMPILED.value("swapThenUpdate", n, a, 4, swaps)).doubleValue();
            assertEquals(expected, got, 1e-12 * (1 + Math.abs(expected)), "swaps " + swaps);
        }
    }

    @Test
    void theEliminationsGradientIsTheInterpretersAndCentralDifferences() {
        for (int n : new int[] {1, 2, 5, 8}) {
            double[] a = normal(n * n, 7 + n);
            Object[] interpreted = new Interpreter(new EvalContext(Map.of("N", n), 0), 1_000_000)
                    .run(Derivatives.gradient(MODULE.function("elimination"), List.of("A")),
                            new Object[] {new NDArray(a.clone(), new int[] {n, n})});
            double[] bar = ((NDArray) interpreted[1]).data();
            CompiledModule.Result grad = COMPILED.grad("elimination", n, a);
            double[] compiled = (double[]) grad.parts().get("A");
            double h = 1e-6;
            for (int i = 0; i < n * n; i++) {
                assertEquals(bar[i], compiled[i], 1e-12 * (1 + Math.abs(bar[i])), "n " + n + ": A[" + i + "]");
                double[] up = a.clone();
                double[] down = a.clone();
                up[i] += h;
                down[i] -= h;
                double central = (((Number) COMPILED.value("elimination", n, up)).doubleValue()
                        - ((Number) COMPILED.value("elimination", n, down)).doubleValue()) / (2 * h);
                assertEquals(central, compiled[i], 1e-6 * (1 + Math.abs(central)), "n " + n + ": A[" + i + "]");
            }
        }
    }
}
