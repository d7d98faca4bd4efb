package dev.gradc.emit;

import static dev.gradc.testing.Inputs.uniform;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Interpreted;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * In a loop body, the scratch of one op is made once before the loop: a product's row accumulator, the rows of
 * op(B) = Bᵀ a product copies (the reversed component of the GMM: z̄ · Qᵀ), and a mask no trip keeps (the
 * adjoint of {@code max}), which had been new per trip while the doubles beside it were buffers. A mask that a
 * later trip reads ({@code masks}: {@code prev = m}) stays an array of its own. Counted in bytes per trip, not
 * timed; values and gradients are the interpreter's.
 */
class TripScratchTest {

    private static final String SOURCE = """
            module loops.Scratch;
            @grad(x)
            fn mix<N, K, D, KD>(x: real[K, D], ls: real[KD, D], pts: real[N, D]) -> real {
              lse = zeros(N) - 1e300;
              for k in 0..K {
                z = (pts - x[k]) @ ls[k * D:k * D + D, :];
                l = -0.5 * sum(z * z, 1);
                top = max(lse, l);
                lse = top + log(exp(lse - top) + exp(l - top));
              }
              return sum(lse);
            }
            @grad(x)
            fn masks<N>(x: real[N], steps: int) -> real {
              prev = x > 0.5;
              y = x;
              total = 0.0;
              for s in 0..steps {
                m = y > 0.5;
                total = total + sum(where(prev, y, 0.5 * y) * max(y, 0.4));
                prev = m;
                y = sin(2.0 * y) + 0.5;
              }
              return total + sum(where(prev, y, 0.0));
            }
            """;

    private static final ModuleIr MODULE = Programs.compile(SOURCE);
    private static final CompiledModule COMPILED = CompiledModule.load(MODULE);

    private static Object[] mixArgs(int n, int k, int d) {
        return new Object[] {n, k, d, k * d, uniform(k * d, 1), uniform(k * d * d, 2), uniform(n * d, 3)};
    }

    @Test
    void aComponentsScratchIsMadeOnce() {
        int n = 64;
        int d = 8;
        Object[] few = mixArgs(n, 50, d);
        Object[] many = mixArgs(n, 100, d);
        long perTrip = Allocation.perTrip(() -> COMPILED.grad("mix", few), () -> COMPILED.grad("mix", many), 50);
        System.out.println("mix gradient: " + perTrip + " bytes per trip");
        // at N = 64, D = 8: the mask new per trip, the row accumulators and the rows of Bᵀ (8 rows of 8): 1,605
        // bytes a trip; all made once: 597 (what is left: the kept log-sum-exp, 512 a trip)
        assertTrue(perTrip < 800, perTrip + " bytes per trip");
    }

    @Test
    void valuesAndGradientsAreTheInterpreters() {
        int n = 5;
        int k = 3;
        int d = 3;
        Object[] args = mixArgs(n, k, d);
        Object[] inputs = {new NDArray(((double[]) args[4]).clone(), new int[] {k, d}),
                new NDArray(((double[]) args[5]).clone(), new int[] {k * d, d}),
                new NDArray(((double[]) args[6]).clone(), new int[] {n, d})};
        Interpreted.assertValueAndXGradient(MODULE, COMPILED, "mix", Map.of("N", n, "K", k, "D", d, "KD", k * d),
                args, inputs);
        for (int steps : new int[] {0, 1, 2, 7}) {
            double[] x = uniform(9, 4);
            Interpreted.assertValueAndXGradient(MODULE, COMPILED, "masks", Map.of("N", 9), new Object[] {9, x, steps},
                    new Object[] {new NDArray(x.clone(), new int[] {9}), steps});
        }
    }
}
