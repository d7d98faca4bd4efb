package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.runtime.checkpoint.LoopTrips;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A write into an int array whose old value is dead changes the array itself: a loop of M int writes allocates
 * O(M) bytes, not a copy of the array per write (counted at M and 2M, without timing), and never changes the
 * caller's array. Every engine's gradient of programs that permute by int writes against central differences.
 */
class IntWritesTest {

    private static final String[] PROGRAMS = {
        // one pass of bubble sort on a permutation, swapping by int writes inside an if
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          p = range(6);
          for i in 1..6 { if (x[p[i - 1]] > x[p[i]]) { t = p[i]; p[i] = p[i - 1]; p[i - 1] = t; } }
          return sum(x[p] * x * a);
        }
        """,
        // a parameter's int array written in a loop: the loop's own copy, not the caller's array
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          q = idx;
          for k in 0..4 { q[k] = 3 - q[k]; if (q[k] < 0) { q[k] = 0; } }
          return sum(x[q] * a) + x[idx[0]];
        }
        """,
        // an index read from an int array whose entry the trip then overwrites: the adjoint reads the old entry
        // (the gradient kept the array by reference while writing it in place: every trip saw the last order)
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          order = range(6);
          for i in 1..6 { j = order[i - 1]; order[i - 1] = 5 - i; z[i] = z[j] * a + x[i]; }
          return sum(z * z);
        }
        """,
        // int writes in an inner loop, each reading the entry it overwrites as an index
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          q = idx;
          for i in 0..3 { for k in 0..2 { j = q[i + k]; q[i + k] = 5 - j; z[j] = z[j] * a + x[i + k]; } }
          return sum(z * z);
        }
        """,
    };

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void everyEnginesGradientAndTheTangentMatchCentralDifferences(int which) {
        LoopProgramChecks.gradientsAndTangentMatchCentralDifferences(PROGRAMS[which]);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void hessianVectorProductsMatchCentralDifferencesOfTheGradient(int which) {
        LoopProgramChecks.hessianVectorProductMatchesDifferencesOfTheGradient(PROGRAMS[which]);
    }

    private static final String SIZED = """
            @grad(x, a)
            fn sortPass<M>(x: real[M], a: real) -> real {
              p = range(M);
              for i in 1..M { if (x[p[i - 1]] > x[p[i]]) { t = p[i]; p[i] = p[i - 1]; p[i - 1] = t; } }
              return sum(x[p] * x * a);
            }
            @grad(x, a)
            fn reorder<M>(x: real[M], a: real) -> real {
              z = x;
              order = range(M);
              for i in 1..M { j = order[i - 1]; order[i - 1] = M - i; z[i] = z[j] * a + x[i]; }
              return sum(z);
            }
            fn clamp<K>(x: real[K], idx: int[K]) -> real {
              q = idx;
              for k in 0..K { q[k] = q[k] - 1; if (q[k] < 0) { q[k] = 0; } }
              return sum(x[q]);
            }
            """;

    private static final CompiledModule COMPILED = CompiledModule.load(Programs.compile(SIZED));

    private static double[] inputs(int m) {
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = 0.5 + 0.4 * Math.sin(i);
        }
        return x;
    }

    /** The bytes this thread allocates running fn at M (after one run to load classes). */
    private static long allocated(String fn, int m) {
        double[] x = inputs(m);
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) {
            idx[i] = (i * 7) % m;
        }
        Object[] args = fn.equals("sortPass") ? new Object[] {m, x, 0.9} : new Object[] {m, x, idx};
        return Allocation.warm(() -> COMPILED.value(fn, args));
    }

    @Test
    void aLoopOfMIntWritesAllocatesLinearly() {
        for (String fn : new String[] {"sortPass", "clamp"}) {
            long once = allocated(fn, 20_000);
            long twice = allocated(fn, 40_000);
            // the range, the loop's copy, the gathered values: a few arrays of M entries; a copy of the int array
            // per write would be about 1.6 GB here
            assertTrue(once < 60L * 20_000, fn + ": " + once + " bytes at M = 20,000");
            assertTrue(twice < 2.6 * once, fn + ": " + twice + " bytes at 2M against " + once);
        }
    }

    @Test
    void aLoopOverAnIntArrayKeepsTheEntriesItsWritesOverwriteNotTheArray() {
        for (int m : new int[] {2_000, 4_000}) {
            double[] x = inputs(m);
            double[] all = (double[]) COMPILED.grad("reorder", m, x, 0.9).parts().get("x");
            // per trip: z's and order's overwritten entries and order's index (3 values); keeping order whole
            // would take M per trip, past this budget, and the loop would recompute trips from snapshots
            COMPILED.setMaxKeptValues(12L * m);
            try (LoopTrips trips = LoopTrips.start()) {
                assertArrayEquals(all, (double[]) COMPILED.grad("reorder", m, x, 0.9).parts().get("x"));
                long recomputed = trips.byLoop().values().stream().mapToLong(t -> t[1]).sum();
                assertEquals(0, recomputed, "trips recomputed from snapshots at M = " + m);
            } finally {
                COMPILED.setMaxKeptValues(100_000_000L);
            }
        }
        long once = gradientBytes(10_000);
        long twice = gradientBytes(20_000);
        // ~99 bytes an element; an int array kept per trip was 401 MB at M = 10,000 and 1.6 GB at 20,000
        assertTrue(once < 200L * 10_000, once + " bytes at M = 10,000");
        assertTrue(twice < 2.3 * once, twice + " bytes at 2M against " + once);
    }

    /** The bytes this thread allocates running reorder's gradient at M (after one run to load classes). */
    private static long gradientBytes(int m) {
        double[] x = inputs(m);
        return Allocation.warm(() -> COMPILED.grad("reorder", m, x, 0.9));
    }

    @Test
    void theCallersIntArrayIsNotChangedAndTheValueIsRight() {
        double[] x = {0.5, 0.25, 2.0, 1.0};
        int[] idx = {0, 3, 1, 2};
        double v = (double) COMPILED.value("clamp", 4, x, idx);
        assertArrayEquals(new int[] {0, 3, 1, 2}, idx);
        assertEquals(x[0] + x[2] + x[0] + x[1], v, 0);
    }
}
