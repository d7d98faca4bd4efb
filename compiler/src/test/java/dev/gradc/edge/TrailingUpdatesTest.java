package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.testing.GeneratedText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An elimination written with element writes right of the pivot, {@code for i in k+1..N { m = U[i, k] / U[k, k];
 * for j in k+1..N { U[i, j] = U[i, j] - m * U[k, j]; } }}, reversed with no journal of the entries it overwrites
 * ({@code passes/TrailingUpdates}), and the programs where that would be wrong, which keep every entry. Truth as
 * for every {@link TripsAndBudgetsTest}: each engine, central differences at 0, 1, 2 and 4 trips, the gradient bit
 * for bit at budgets 60, 20, 1 and 0, at {@link PivotedElimination#SWAPPING} (the pivoted eliminations swap rows
 * there); and the compiled gradient bit for bit the interpreter's at every budget. The text checks say which
 * element loops keep the entries they overwrite: the ones that keep none fail on the old code (it kept every one).
 */
class TrailingUpdatesTest extends SwappingTripsAndBudgetsTest {

    /** The element loop below pivot k, as an expert writes LU. */
    private static final String ENTRIES = PivotedElimination.ENTRIES;

    /** Programs whose element loops keep no entry. */
    static final String[] TRAILING = {
        // the determinant with partial pivoting, as the benchmark's eliminationByEntries writes it
        PivotedElimination.withElimination(ENTRIES),
        // LU without pivoting, the final array read after the loop
        PivotedElimination.LU,
        // a pivot row that lies above k at the later trips (p = 3 - k when x[4k + 1] > 0): row k swapped with a
        // clean row, undone as a swap
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          d = 1;
          for k in 0..n {
            p = k;
            if (x[4 * k + 1] > 0) { p = 3 - k; }
            if (p != k) { row = U[k, :]; U[k, :] = U[p, :]; U[p, :] = row; d = -d; }
            d = d * U[k, k] * y;
            for i in k+1..4 {
              m = U[i, k] / U[k, k];
              for j in k+1..4 { U[i, j] = m * U[k, j] * y - U[i, j]; }
            }
          }
          return d + sum(U * U) * 0.01;
        }
        """,
        // both loops short of the size (to 3): fewer entries written, all right of and below the pivot
        PivotedElimination.withElimination(ENTRIES.replace("k+1..4", "k+1..3")),
        // the row loop reads row k and column k besides the multiplier, the element loop column k
        PivotedElimination.withElimination("""
            for i in k+1..4 {
              m = U[i, k] / U[k, k] + U[k, 3] * 0.125;
              for j in k+1..4 { U[i, j] = U[i, j] - (m * U[k, j] - U[j, k] * 0.0625); }
            }
            """),
    };

    /** Programs whose element loops must keep the entries they overwrite. */
    static final String[] JOURNALED = {
        // an old entry right of column k read besides the write's operand: s = s + U[i, j] before the write
        PivotedElimination.READS_OLD_ENTRY,
        // the element loop starts at k: column k is written, and the multipliers of later rows read it
        PivotedElimination.withElimination(ENTRIES.replace("for j in k+1..4", "for j in k..4")
                .replace("U[i, k] / U[k, k]", "U[i, k] / (U[k, k] + 3)")),
        // the write reads the old entry not only as an operand of + or -
        PivotedElimination.withElimination(
                ENTRIES.replace("U[i, j] - m * U[k, j]", "U[i, j] * (1 - m * 0.1) - m * U[k, j]")),
        // a later trip writes row k - 1
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for k in 0..n {
            for i in k+1..4 {
              m = U[i, k] / U[k, k];
              for j in k+1..4 { U[i, j] = U[i, j] - m * U[k, j]; }
            }
            if (k > 0) { U[k - 1, :] = U[k - 1, :] * y + U[k, :] * 0.5; }
          }
          return sum(U * U) + U[0, 3];
        }
        """,
        // the element loop writes column j - 1, column k at its first trip
        PivotedElimination.withElimination(ENTRIES.replace("for j in k+1..4 { U[i, j] = U[i, j] - m * U[k, j]; }",
                "for j in k+1..4 { U[i, j - 1] = U[i, j - 1] - m * U[k, j] * 0.5; }")),
        // a swap of two rows neither of which is row k: rows above k trade places with rows below it
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          d = 1;
          for k in 0..n {
            if (x[4 * k + 1] > 0) { row = U[0, :]; U[0, :] = U[3, :]; U[3, :] = row; }
            d = d * U[k, k] * y;
            for i in k+1..4 {
              m = U[i, k] / U[k, k];
              for j in k+1..4 { U[i, j] = U[i, j] - m * U[k, j]; }
            }
          }
          return d;
        }
        """,
        // the outer body reads an entry of row p outside column k
        PivotedElimination.withElimination(ENTRIES)
                .replace("d = d * U[k, k] * y;", "d = d * U[k, k] * y + U[p, 3] * 0.125;"),
    };

    @Override
    String[] programs() {
        return both(TRAILING, JOURNALED);
    }

    /** The compiled gradient is the interpreter's bit for bit, at the default budget and at 60, 20, 1 and 0. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void theCompiledGradientIsTheInterpretersAtEveryBudget(int n) {
        assertCompiledIsTheInterpretersAtEveryBudget(n);
    }

    /**
     * The element loop's trip in the journaled forward loop of {@code text}'s gradient: from its line's comment to
     * the loop's end (the trips past half the budget, recomputed from snapshots, are another loop).
     */
    private static String elementTrip(String text) {
        String java = GeneratedText.gradientOf(text);
        int from = java.indexOf("write journal within half the kept-values budget: keeps");
        int loop = java.indexOf("for j in k", from);
        int to = java.indexOf("throw new IterationLimitException", loop);
        assertTrue(from >= 0 && loop > from && to > loop, java);
        return java.substring(loop, to);
    }

    @Test
    void theTrailingUpdatesKeepNoEntry() {
        for (String text : TRAILING) {
            String trip = elementTrip(text);
            assertFalse(trip.contains(".push("), "an entry kept:\n" + trip);
        }
    }

    @Test
    void theOthersKeepTheirEntries() {
        for (String text : JOURNALED) {
            String trip = elementTrip(text);
            assertTrue(trip.contains(".push("), "no entry kept:\n" + trip);
        }
    }
}
