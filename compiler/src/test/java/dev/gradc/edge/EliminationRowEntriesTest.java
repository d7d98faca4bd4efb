package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.testing.GeneratedText;
import org.junit.jupiter.api.Test;

/**
 * An elimination's row updates {@code U[i, :] = U[i, :] - m * U[k, :]} for i from k + 1, journaled as the one entry
 * U[i, k] per row instead of the row ({@code passes/EliminationRows}), and the programs where that is not enough,
 * which keep the row. Truth as for every {@link TripsAndBudgetsTest}: each engine, central differences at 0, 1, 2
 * and 4 trips, the gradient bit for bit at budgets 60, 20, 1 and 0, at {@link PivotedElimination#SWAPPING} (the
 * pivoted eliminations swap rows there). The text checks say which programs keep one entry per row and which the
 * whole row: the ones that keep entries fail on the old code (it kept every row). Programs whose matrix nothing
 * reads after the loop read it here, left of the diagonal too ({@link PivotedElimination#READ_AFTER}): else {@code passes/DeadColumns} trims their update
 * to the element loop (DeadColumnsTest).
 */
class EliminationRowEntriesTest extends SwappingTripsAndBudgetsTest {

    /** Programs whose row updates keep one entry each. */
    static final String[] ENTRIES = {
        // the determinant with partial pivoting, as the benchmark writes it, its matrix read after the loop (else
        // passes/DeadColumns makes its update the element loop: DeadColumnsTest)
        PivotedElimination.ROWS_READ_AFTER,
        // LU without pivoting
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          d = 1;
          for k in 0..n {
            d = d * U[k, k] * y;
            for i in k+1..4 { m = U[i, k] / U[k, k]; U[i, :] = U[i, :] - m * U[k, :]; }
          }
          return d + sum(U * U) * 0.01;
        }
        """,
        // a pivot row that lies above k at the later trips (p = 3 - k when x[4k + 1] > 0): a swap of two rows
        // that hold their values, undone as a swap
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          d = 1;
          for k in 0..n {
            p = k;
            if (x[4 * k + 1] > 0) { p = 3 - k; }
            if (p != k) { row = U[k, :]; U[k, :] = U[p, :]; U[p, :] = row; d = -d; }
            d = d * U[k, k] * y;
            for i in k+1..4 { m = U[i, k] / U[k, k]; U[i, :] = U[i, :] + m * U[k, :] * y; }
          }
          return d + sum(U * U) * 0.01;
        }
        """,
        // the pivot searched over every row, the rows above k included (column k entries only)
        PivotedElimination.ROWS_READ_AFTER.replace("for i in k+1..4 { if", "for i in 0..4 { if"),
    };

    /** Programs whose row updates must keep the whole row. */
    static final String[] ROWS = {
        // the update reads old row i elsewhere than at column k (U[i, 3] in the multiplier)
        PivotedElimination.withElimination(
                "for i in k+1..4 { m = U[i, k] / U[k, k] + U[i, 3] * 0.25; U[i, :] = U[i, :] - m * U[k, :]; }"),
        // the old row times y: not an operand of + or - only
        PivotedElimination.withElimination(
                "for i in k+1..4 { m = U[i, k] / U[k, k]; U[i, :] = U[i, :] * y - m * U[k, :]; }")
                .replace("return d;", "return " + PivotedElimination.READ_AFTER + ";"),
        // the inner counter starts at k: row k itself is updated in the first inner trip
        PivotedElimination.withElimination(
                "for i in k..4 { m = U[i, k] / (U[k, k] + 3); U[i, :] = U[i, :] - m * U[k, :]; }"),
        // a later trip rewrites an earlier row: row k - 1 updated from row k
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for k in 0..n {
            for i in k+1..4 { m = U[i, k] / U[k, k]; U[i, :] = U[i, :] - m * U[k, :]; }
            if (k > 0) { U[k - 1, :] = U[k - 1, :] * y + U[k, :] * 0.5; }
          }
          return sum(U * U) + U[0, 3];
        }
        """,
        // the rows below k but not all of them (to 3, not 4): column k of row 3 is read by the pivot search
        PivotedElimination.withElimination(
                "for i in k+1..3 { m = U[i, k] / U[k, k]; U[i, :] = U[i, :] - m * U[k, :]; }")
                .replace("return d;", "return " + PivotedElimination.READ_AFTER + ";"),
        // a swap of two rows neither of which is row k: at k = 1 (at SWAPPING) row 0, which the reversal of trip 0
        // reads, trades places with row 3, which holds later values but at column 1
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          d = 1;
          for k in 0..n {
            if (x[4 * k + 1] > 0) { row = U[0, :]; U[0, :] = U[3, :]; U[3, :] = row; }
            d = d * U[k, k] * y;
            for i in k+1..4 { m = U[i, k] / U[k, k]; U[i, :] = U[i, :] - m * U[k, :]; }
          }
          return d;
        }
        """,
        // the outer body reads an entry of row p outside column k
        PivotedElimination.TEXT.replace("d = d * U[k, k] * y;", "d = d * U[k, k] * y + U[p, 3] * 0.125;"),
    };

    @Override
    String[] programs() {
        return both(ENTRIES, ROWS);
    }

    /** A row kept by a journal: N (or 4) entries claimed on a stack. */
    private static final String ROW_KEPT = "\\.claim\\((N|4)\\)";

    /** An entry kept by a journal: one value pushed onto a stack. */
    private static final String ENTRY_KEPT = "stack\\d*\\.push\\(t\\d+\\);";

    /**
     * The journaled forward loop's trip in the gradient of {@code text}, where each inner trip keeps what it
     * overwrites (the trips past half the budget, recomputed from snapshots, keep their rows in their own loop:
     * LineJournalPushesTest).
     */
    private static String journaled(String text) {
        String java = GeneratedText.gradientOf(text);
        int from = java.indexOf("write journal within half the kept-values budget: keeps");
        int to = java.indexOf("trips = trips + 1;", from);
        assertTrue(from >= 0 && to > from, java);
        return java.substring(from, to);
    }

    @Test
    void theEliminationsKeepOneEntryPerRow() {
        for (String text : ENTRIES) {
            String java = journaled(text);
            assertEquals(0, GeneratedText.count(java, ROW_KEPT), "rows kept:\n" + java);
            assertTrue(GeneratedText.count(java, ENTRY_KEPT) > 0, "no entry kept:\n" + java);
        }
    }

    @Test
    void theOthersKeepTheirRows() {
        for (String text : ROWS) {
            String java = journaled(text);
            assertTrue(GeneratedText.count(java, ROW_KEPT) >= 1, "no row kept:\n" + java);
        }
    }
}
