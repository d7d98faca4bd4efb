package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.emit.JavaEmitter;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Journaled rows restored by the reversal straight from the stack into the matrix (emit.StackCode's deferred
 * pop, {@code stack.popInto(U, offset, n)}), not popped into an array of their own and then copied: the pivot
 * swap (rows k and p, the same row when p == k), a row written twice in a trip, a row written at an index
 * read from the matrix, with zero, one, two and four trips and budgets that journal all, some or none of them.
 */
class RestoredRowsTest {

    private static final String[] PROGRAMS = {
        // the determinant's pivot search and swap, p == k at some pivots (its matrix read after the loop: rows kept)
        PivotedElimination.ROWS_READ_AFTER,
        // a row written twice in one trip, the second write reading the first's row
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          s = 0;
          for k in 0..n {
            U[k, :] = U[k, :] * y + U[3 - k, :];
            U[k, :] = sin(U[k, :]) + U[k, :] * 0.5;
            s = s + U[k, 3 - k] * U[0, k];
          }
          return s + sum(U);
        }
        """,
        // rows written at indices the loop reads from an int it computes: the same row in successive trips
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for k in 0..n {
            q = 0;
            if (U[k, 0] > 0.2) { q = 1; }
            U[q, :] = U[q, :] * y + U[k, :] * 0.3;
            U[2, :] = cos(U[2, :] + U[q, :]);
          }
          return sum(U * U);
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

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void everyBudgetGivesTheSameGradient(int n) {
        for (String text : PROGRAMS) {
            Engines.sameGradientAtBudgets(text, X, 0.8, n, 200, 60, 20, 0);
        }
    }

    /** The journaled trips' reversal pops every restored row into the matrix itself. */
    @Test
    void theSwapsAndTheEliminationsRowsArePoppedWhereTheyAreRestored() {
        String source = JavaEmitter.emit(Programs.compile(PROGRAMS[0])).source();
        assertTrue(source.matches("(?s).*\\.popInto\\(\\w+, \\w+, 4\\);.*"), source);
        assertFalse(source.contains("popArray("), source);
    }
}
