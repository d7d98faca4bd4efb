package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Blocks and parts of columns ({@code x[a:b, c:d]}, {@code x[a:b, j]}, {@code x[:, c:d]}) are read and written in
 * O(block), not through transposes of the whole matrix nor of its block of rows: a loop over the N columns of a
 * [4, N] matrix reading and writing 2 × 2 blocks and parts of columns allocates O(N) bytes in its value and its
 * gradient (counted at N and 2N, without timing; a pass over the matrix per trip would be O(N²)). Every engine's
 * gradient, the tangent and the Hessian-vector product against central differences, blocks inside loops and ifs.
 */
class BlockCostTest {

    private static final String[] PROGRAMS = {
        // parts of columns read and written in a loop
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          m = reshape(x, 2, 3);
          for j in 0..2 { m[0:2, j + 1] = m[0:2, j] * a + m[0:2, j + 1] * m[1, j]; }
          return sum(m * m);
        }
        """,
        // a block multiplied in place, and a block of columns read
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          m = reshape(x, 3, 2);
          for i in 0..2 { m[i:i+2, 0:2] *= a * m[i, 1]; }
          return sum(m * m) + sum(m[:, 1:2] * a);
        }
        """,
        // columns written in an if, parts of columns read after
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          m = reshape(x, 2, 3);
          s = 0;
          for j in 0..2 { if (m[0, j] > 0) { m[:, j:j+2] = m[:, j:j+2] * a; } s = s + sum(m[0:2, j] * m[0:2, j]); }
          return s + sum(m * m);
        }
        """,
    };

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void everyEnginesGradientAndTheTangentMatchCentralDifferences(int which) {
        LoopProgramChecks.gradientsAndTangentMatchCentralDifferences(PROGRAMS[which]);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void hessianVectorProductsMatchCentralDifferencesOfTheGradient(int which) {
        LoopProgramChecks.hessianVectorProductMatchesDifferencesOfTheGradient(PROGRAMS[which]);
    }

    private static final CompiledModule COMPILED = CompiledModule.load(Programs.compile("""
            @grad(x)
            fn blocks<N>(x: real[4, N]) -> real {
              y = x * 1;
              w = x * 2;
              for j in 0..N-1 {
                y[1:3, j] = y[1:3, j + 1] * 0.5 + x[1:3, j];
                w[0:2, j:j+2] += x[2:4, j:j+2] * y[1, j];
              }
              return sum(y * y) + sum(w * w);
            }
            """));

    /** The bytes this thread allocates running the value or the gradient at N (after one run to load classes). */
    private static long allocated(int n, boolean grad) {
        double[] x = new double[4 * n];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(i);
        }
        Runnable run = grad ? () -> COMPILED.grad("blocks", n, x) : () -> COMPILED.value("blocks", n, x);
        return Allocation.warm(run);
    }

    @Test
    void blockReadsAndWritesInALoopAllocateLinearly() {
        for (boolean grad : new boolean[] {false, true}) {
            long once = allocated(10_000, grad);
            long twice = allocated(20_000, grad);
            String what = grad ? "gradient" : "value";
            // a few matrices of 4N doubles and a few small blocks per trip; a pass over the matrix (or over its
            // rows 1:3) per trip would be 3.2 GB (or 1.6 GB) here
            assertTrue(once < 2_000L * 10_000, what + ": " + once + " bytes at N = 10,000");
            assertTrue(twice < 2.6 * once, what + ": " + twice + " bytes at 2N against " + once);
        }
    }
}
