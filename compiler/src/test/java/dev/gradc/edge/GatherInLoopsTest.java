package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Gathers inside loops, whose adjoint adds the gathered rows' adjoints into the carried adjoint of the gathered
 * array in place: allocation per trip is O(rows gathered), not O(length) (counted, not timed); every engine's
 * gradient, the forward-mode tangent and the forward-over-reverse Hessian-vector product against central
 * differences, with repeated row numbers (whose adjoints add up).
 */
class GatherInLoopsTest {

    private static final String[] PROGRAMS = {
        // a gather read every trip
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          s = 0;
          for t in 0..5 { v = x[idx]; s = s + sum(sin(v * a)) * s + sum(v * v); }
          return s;
        }
        """,
        // gathered rows of a matrix (as x reshaped) in a branch, and a carried array written by element
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          m = reshape(concat(x, x * a), 6, 2); z = x; s = 0;
          for t in 0..4 {
            r = m[idx, :];
            if (s < 3) { s = s + sum(r * r) * a; } else { s = s + sum(tanh(r)); }
            z[t] = z[t + 1] * a + sum(x[idx]);
          }
          return s + sum(z * z);
        }
        """,
        // scatter_add and a gather of the loop's own carried array
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          y = x * a;
          for t in 0..3 { y = scatter_add(y, idx, tanh(y[idx])); }
          return sum(y * x);
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
            fn f<M, T>(x: real[M], idx: int[4], t: real[T]) -> real {
              s = 0;
              for k in 0..T { s = s + sum(sin(x[idx] * t[k])); }
              return s;
            }
            """));

    /** The bytes this thread allocates running the gradient over M inputs and T trips (after one warm-up run). */
    private static long allocated(int m, int trips) {
        double[] x = new double[m];
        double[] t = new double[trips];
        java.util.Arrays.fill(t, 0.5);
        Object[] args = {m, trips, x, new int[] {1, m - 1, 1, 7}, t};
        return Allocation.warm(() -> COMPILED.grad("f", args));
    }

    @Test
    void aGatherInALoopAllocatesItsRowsPerTripNotTheArray() {
        int m = 20_000;
        long few = allocated(m, 100);
        long many = allocated(m, 400);
        // the adjoint of x (M doubles) once, and O(rows gathered) per trip; a zero array of M doubles per trip
        // would be 300 × 160 kB = 48 MB more for the 300 more trips
        assertTrue(few < 10L * 8 * m, few + " bytes for 100 trips");
        assertTrue(many - few < 300L * 400, (many - few) + " bytes more for 300 more trips");
    }
}
