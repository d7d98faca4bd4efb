package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Column reads and writes {@code x[:, j]} inside loops: strided, O(rows) per access in the value and the
 * gradient (a read's adjoint added into the column in place, a write's reverse restoring the one column from
 * the journal), never a transpose of the matrix — allocation counted, not timed; every engine's gradient, the
 * forward-mode tangent and the forward-over-reverse Hessian-vector product against central differences.
 */
class ColumnAccessTest {

    private static final String[] PROGRAMS = {
        // a recurrence over columns, and a read of the column just written
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          m = reshape(x, 2, 3); z = m; s = 0;
          for j in 1..3 { z[:, j] = z[:, j - 1] * a + m[:, j]; s = s + sum(sin(z[:, j])); }
          return s + sum(z * z);
        }
        """,
        // += and *= on columns, in a branch, in a while loop counting down
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = reshape(x * a, 3, 2); j = 1; s = 0;
          while (j >= 0) {
            if (sum(z[:, j]) > 0) { z[:, j] += tanh(z[:, 1 - j]); } else { z[:, j] *= a; }
            s = s + z[1, j] * z[:, j][0];
            j = j - 1;
          }
          return s + sum(z);
        }
        """,
        // a column written with a scalar, then read in the same trip, columns of a parameter read; j toggles (kept)
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          m = reshape(x, 3, 2); z = m * m; s = 0; j = 0;
          for t in 0..4 { z[:, j] = a * s + 0.5; s = s + sum(z[:, j] * m[:, 1 - j]); j = 1 - j; }
          return s;
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
            fn f<N>(x: real[4, N], a: real) -> real {
              z = x; s = 0;
              for j in 1..N { z[:, j] = z[:, j - 1] * a + x[:, j]; s = s + sum(z[:, j] * x[:, j]); }
              return s;
            }
            """));

    /** The bytes this thread allocates running the gradient over 4 × N inputs (after one warm-up run). */
    private static long allocated(int n) {
        double[] x = new double[4 * n];
        java.util.Arrays.fill(x, 0.25);
        Object[] args = {n, x, 0.5};
        return Allocation.warm(() -> COMPILED.grad("f", args));
    }

    @Test
    void columnAccessInALoopAllocatesLinearly() {
        int n = 5_000;
        long once = allocated(n);
        long twice = allocated(2 * n);
        // O(rows) per trip: a few columns of 4 doubles, the kept column, the matrices' copies and adjoints once;
        // a transpose per access would be 4 N doubles per trip, 5,000 × 160 kB = 800 MB here
        assertTrue(once < 400L * 4 * n, once + " bytes for N = " + n);
        assertTrue(twice < 2.6 * once, twice + " bytes for 2N against " + once + " for N");
    }
}
