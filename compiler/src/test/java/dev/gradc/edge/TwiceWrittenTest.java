package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A trip that writes one array twice, reading the first write back: the read of an entry just written is the
 * written value, so the adjoint, which steps the array back one trip at a time, neither keeps nor copies the
 * state between the two writes (it copied the array twice per trip: 1.6 GB at N = 10,000). Gradients, tangent
 * and Hessian-vector product against central differences in every engine; the gradient's allocation linear in N;
 * the write still checks the index the read no longer does.
 */
class TwiceWrittenTest {

    private static final String[] PROGRAMS = {
        // the second write reads the first one's entry back
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 1..6 { z[i] = z[i - 1] * a + x[i]; z[i - 1] = sin(z[i]); }
          return sum(z * z);
        }
        """,
        // through a gathered index, with += (a read of the written entry) and a read elsewhere
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x * a;
          for i in 0..4 { z[idx[i]] = z[i] * a; z[idx[i]] += cos(z[idx[i]]) * x[i + 1]; z[i + 1] = z[idx[i]] * z[i]; }
          return sum(z * z);
        }
        """,
        // a row of a matrix written and read back in a branch
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          m = reshape(x, 2, 3);
          for i in 0..4 {
            r = min(idx[i], 1);
            m[r] = m[1 - r] * a;
            if (sum(m[r]) > 0) { m[1 - r] = tanh(m[r]) + m[1 - r]; }
          }
          return sum(m * m);
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
            @grad(x, a)
            fn f<N>(x: real[N], a: real) -> real {
              z = x;
              for i in 1..N { z[i] = z[i - 1] * a + x[i]; z[i - 1] = sin(z[i]); }
              return sum(z);
            }

            fn g(x: real[3], i: int) -> real {
              z = x;
              z[i] = 2 * x[0];
              return z[i];
            }
            """));

    @Test
    void theGradientAllocatesLinearly() {
        long once = allocated(10_000);
        long twice = allocated(20_000);
        // the adjoints, the loop's copy and the journal's stacks: ~113 bytes an element; two copies of z per trip
        // would be 1.6 GB at N = 10,000
        assertTrue(once < 200L * 10_000, once + " bytes at N = 10,000");
        assertTrue(twice < 2.3 * once, twice + " bytes at 2N against " + once);
    }

    @Test
    void theWriteStillChecksTheIndexTheReadNoLongerReads() {
        assertEquals(1.0, (double) COMPILED.value("g", new double[] {0.5, 2, 3}, 1));
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> COMPILED.value("g", new double[] {0.5, 2, 3}, 5));
        assertTrue(String.valueOf(e.getMessage()).contains("out of bounds"), e.getMessage());
    }

    /** The bytes this thread allocates running the gradient at N (after one run to load classes). */
    private static long allocated(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 + 0.4 * Math.sin(i);
        }
        return Allocation.warm(() -> COMPILED.grad("f", n, x, 0.9));
    }
}
