package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Programs;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A cond the reversal runs again for one entry of the array it writes (passes.CondReads, then Simplify reading
 * through the writes, {@code (x[r] = v)[i, j] = where(i == r, v[j], x[i, j])}): the entry is read inside each
 * branch and the array is not written again, so not copied. Rows and entries written at indices that equal the
 * read's at some trips and not at others, by the same index node and by another node of the same value, a
 * cond that writes nothing in one branch, and zero, one, two and four trips: every engine agrees with central
 * differences, and the generated gradient copies no matrix in its reversal (it did once per trip).
 */
public class ReversedCondReadsTest {

    private static final String[] PROGRAMS = {
        // the determinant's pivot search and swap of rows k and p (p == k at some pivots), read at the pivot; its
        // matrix read after the loop, so that its row update stays one (passes/DeadColumns)
        PivotedElimination.ROWS_READ_AFTER,
        // row k added to row q = 1 (the read's row k at k = 1 only), read at (k, k), (q, 0) and (2, k)
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          d = 1;
          for k in 0..n {
            q = 1;
            if (U[k, 0] > 0.1) { U[q, :] = U[q, :] + U[k, :] * y * 0.25; }
            d = d * (U[k, k] + U[q, 0] * 0.5 + U[2, k] * 0.25);
            for i in k+1..4 { m = U[i, k] / U[k, k]; U[i, :] = U[i, :] - m * U[k, :]; }
          }
          return d;
        }
        """,
        // an entry written at (k, 1), read at (1, 1), (k, 1) and (k, k); the other branch adds row k to row 3 - k
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          d = 1;
          for k in 0..n {
            if (U[k, 2] < 0.4) { U[k, 1] = U[k, 0] * y + U[k, 1]; } else { U[3 - k, :] = U[3 - k, :] + U[k, :] * 0.5; }
            d = d * (U[1, 1] + U[k, 1] * 0.5 + U[k, k] * 0.25 + y);
            for i in k+1..4 { m = U[i, k] / U[k, k]; U[i, :] = U[i, :] - m * U[k, :]; }
          }
          return d;
        }
        """,
    };

    private static final double[] X = PivotedElimination.SWAPPING; // the elimination swaps rows here

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4})
    void everyEngineAgreesWithCentralDifferences(int n) {
        for (String text : PROGRAMS) {
            Engines.agreeWithCentralDifferences(text, X, 0.8, n);
            Engines.agreeWithCentralDifferences(text, X, -1.3, n);
        }
    }

    /** The reversals of the journaled trips copy no array but the adjoints (the outer one copied U once per trip). */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void theReversalCopiesNoMatrix(int program) {
        String java = CompiledModule.load(Programs.compile(PROGRAMS[program])).emitted().source();
        int reversals = 0;
        for (int at = java.indexOf("reverses the journaled trips"); at >= 0;
                at = java.indexOf("reverses the journaled trips", at + 1)) {
            String reversal = java.substring(at, java.indexOf(" static ", at));
            long copies = reversal.lines().filter(l -> l.contains(".clone()") && !l.contains("Bar")).count();
            assertEquals(0, copies, reversal);
            reversals++;
        }
        assertEquals(4, reversals, "the inner and the outer loop's, in the allocating and the workspace form");
    }
}
