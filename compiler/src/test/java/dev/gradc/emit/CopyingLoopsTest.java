package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A loop that writes a copy of an array it starts from is one more read of that array to whoever writes the
 * array after it: the first loop copies (a later node still reads the array), the last user writes the array
 * itself. Before, every loop after the first copied again (RK4's right-hand side, inlined once per stage, copied
 * its zeros once per stage; the determinant's gradient copied the matrix its journaled elimination left before
 * reversing the journal). The kept-values budget of a checkpointed loop reads only the sizes of the state: it is
 * a read too. Counted in bytes this thread allocates per call, not timed; values against analytic truth.
 */
class CopyingLoopsTest {

    private static final String TWO_LOOPS = """
            module copies.TwoLoops;
            fn f<N>(x: real[N]) -> real {
              z = x + x;
              z[0] = 1;
              a = z;
              for i in 0..N {
                a[i] = a[i] * 2;
              }
              b = z;
              for i in 0..N {
                b[i] = b[i] + 1;
              }
              return sum(a) + sum(b);
            }
            """;

    private static final CompiledModule LOOPS = CompiledModule.load(Programs.compile(TWO_LOOPS));

    private static double[] vector(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    @Test
    void theLastLoopWritesTheArrayTheFirstCopied() {
        int n = 4_000;
        double[] x = vector(n, 5);
        double expected = 2 + 2;
        for (int i = 1; i < n; i++) {
            expected += 4 * x[i] + 2 * x[i] + 1;
        }
        double value = ((Number) LOOPS.value("f", n, x)).doubleValue();
        assertEquals(expected, value, 1e-9 * n);
        long bytes = Allocation.fewest(() -> LOOPS.value("f", n, x));
        // z (a write's array) and the first loop's copy of it: 64 KB; the second loop copied z again: 96 KB
        assertTrue(bytes < 5L * n * 8 / 2, bytes + " bytes per call");
    }

    @Test
    void theJournalIsReversedInTheArrayTheJournaledLoopLeft() {
        int n = 32;
        double[] a = ReadOnlyRegionsTest.matrix(n, 3);
        long bytes = Allocation.fewest(() -> ReadOnlyRegionsTest.COMPILED.grad("det", n, a));
        // per pivot, the reversal of the elimination's journal copied the matrix the journaled trips left (its
        // checkpointed rest, which had read the matrix's size for its budget, was thought to keep it), and the
        // outer journal's reversal copied the matrix once: 2.13 MB per call, 1.86 MB without
        assertTrue(bytes < 1_950_000, bytes + " bytes per call");
    }
}
