package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code x[i, idx]} and {@code x[idx, j]}: the entries of one row (column) picked by an int array, read and
 * differentiated in O(length of idx) — no row or column copied first, the adjoint added at the picked entries of
 * the matrix's adjoint in place (allocation counted, not timed); every engine's gradient, the tangent and the
 * Hessian-vector product against central differences, with a repeated index (whose adjoints add up).
 */
class LineGatherTest {

    private static final String[] PROGRAMS = {
        // a row's entries picked every trip (idx repeats 4)
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          m = reshape(concat(x, x * a), 2, 6); s = 0; r = 0;
          for t in 0..3 { s = s + sum(m[1, idx] * m[0, idx]) * a + s * sum(sin(m[r, idx])); r = 1 - r; }
          return s;
        }
        """,
        // a column's entries picked from a carried matrix whose column is rewritten every trip
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = reshape(concat(x, x * x), 6, 2); s = 0; j = 0;
          for t in 0..3 { v = z[idx, j]; z[:, j] = z[:, 1 - j] * a + 0.1; s = s + sum(tanh(v)) * a; j = 1 - j; }
          return s + sum(z[idx, 1]);
        }
        """,
        // outside a loop, both forms of one matrix
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          m = reshape(concat(x, x * a, x, a * x, x, x), 6, 6);
          return sum(exp(m[idx, 2] * a)) + sum(m[3, idx] * m[idx, 5]);
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
            fn rows<C, T>(x: real[3, C], idx: int[4], t: real[T]) -> real {
              s = 0;
              for k in 0..T { s = s + sum(sin(x[1, idx] * t[k])); }
              return s;
            }
            @grad(x)
            fn columns<R, T>(x: real[R, 3], idx: int[4], t: real[T]) -> real {
              s = 0;
              for k in 0..T { s = s + sum(sin(x[idx, 2] * t[k])); }
              return s;
            }
            """));

    /** The bytes this thread allocates running the gradient of fn over a line of n entries and T trips. */
    private static long allocated(String fn, int n, int trips) {
        double[] x = new double[3 * n];
        double[] t = new double[trips];
        java.util.Arrays.fill(t, 0.5);
        Object[] args = {n, trips, x, new int[] {1, n - 1, 1, 7}, t};
        return Allocation.warm(() -> COMPILED.grad(fn, args));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rows", "columns"})
    void aGatheredLineInALoopAllocatesItsEntriesPerTripNotTheLine(String fn) {
        int n = 20_000;
        long few = allocated(fn, n, 100);
        long many = allocated(fn, n, 400);
        // the adjoint of x (3n doubles) once, and O(entries picked) per trip; a copy of the row or column (n
        // doubles) per trip, or its adjoint, would be 300 × 160 kB = 48 MB more for the 300 more trips
        assertTrue(few < 10L * 8 * 3 * n, few + " bytes for 100 trips");
        assertTrue(many - few < 300L * 400, (many - few) + " bytes more for 300 more trips");
    }

    @Test
    void theGradientAddsAtThePickedEntriesRepeatsSummed() {
        int n = 9;
        double[] x = new double[3 * n];
        for (int k = 0; k < x.length; k++) {
            x[k] = 0.1 * k;
        }
        double[] t = {0.5, -0.25};
        int[] idx = {1, 8, 1, 7};
        double[] g = (double[]) COMPILED.grad("rows", n, 2, x, idx, t).parts().get("x");
        // d/dx[1, c] = sum over k, over the m with idx[m] = c, of cos(x[1, c] t[k]) t[k]
        for (int c = 0; c < n; c++) {
            int repeats = 0;
            for (int e : idx) {
                repeats += e == c ? 1 : 0;
            }
            double want = 0;
            for (double tk : t) {
                want += repeats * Math.cos(x[n + c] * tk) * tk;
            }
            assertEquals(want, g[n + c], 1e-12, "d/dx[1, " + c + "]");
            assertEquals(0, g[c], 0.0);
            assertEquals(0, g[2 * n + c], 0.0);
        }
    }
}
