package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.testing.GeneratedText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the reversal of a journaled trip takes from its journal instead of computing it again
 * ({@code passes/JournalBranches.restore}): the predicate of a cond the journal passes through (the forward trip
 * pushed it), and for a predicate {@code p != k} whose taken branch writes at row p, p itself — the index popped
 * there, or k in the other branch. The pivot search that computed p is then not run in the reversal. The programs
 * that take that path: the determinant with partial pivoting in its two forms (rows, entries), p also read outside
 * the branch, the operands the other way round, the predicate {@code p == k} with the swap in the else branch.
 * Those that must not: a predicate {@code p > k} (the same branches, but not an equality) and one joined with
 * another test (not a comparison): the search runs again. Truth as for every {@link TripsAndBudgetsTest} (each
 * engine, central differences at 0, 1, 2 and 4 trips, the gradient bit for bit at budgets 60, 20, 1 and 0, at the
 * swapping matrix), the compiled gradient bit for bit the interpreter's at every budget, and the generated text:
 * no {@code Math.abs} in the reversal of the journaled trips where p is known (that check fails on the old code,
 * which ran the search in every reversed trip), and the search there where it is not.
 */
class KnownPivotsTest extends SwappingTripsAndBudgetsTest {

    private static final String ENTRIES = PivotedElimination.ENTRIES;

    private static final String SWAP = "if (p != k) { row = U[k, :]; U[k, :] = U[p, :]; U[p, :] = row; d = -d; }";

    /** Programs whose reversal knows p from the swap's journal. */
    static final String[] KNOWN = {
        // the determinant with partial pivoting, as the benchmark's eliminationByEntries writes it
        PivotedElimination.withElimination(ENTRIES),
        // as its elimination writes it, whole rows
        PivotedElimination.TEXT,
        // p also read outside the branch: the entry the swap moved to row p, after it
        PivotedElimination.withElimination("d = d + U[p, k] * 0.25;\n" + PivotedElimination.ROWS),
        // the operands the other way round
        PivotedElimination.withElimination(ENTRIES).replace(SWAP, SWAP.replace("p != k", "k != p")),
        // an equality: the swap in the else branch
        PivotedElimination.withElimination(ENTRIES).replace(SWAP,
                "if (p == k) { d = d * 1; } else { row = U[k, :]; U[k, :] = U[p, :]; U[p, :] = row; d = -d; }"),
    };

    /** Programs whose reversal runs the pivot search again. */
    static final String[] SEARCHED = {
        // p > k takes the same branches (p >= k), but its false branch does not give p = k
        PivotedElimination.withElimination(ENTRIES).replace(SWAP, SWAP.replace("p != k", "p > k")),
        // not a comparison: a conjunction
        PivotedElimination.withElimination(ENTRIES).replace(SWAP, SWAP.replace("p != k", "p != k && y > -5")),
    };

    @Override
    String[] programs() {
        return both(KNOWN, SEARCHED);
    }

    /** The compiled gradient is the interpreter's bit for bit, at the default budget and at 60, 20, 1 and 0. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void theCompiledGradientIsTheInterpretersAtEveryBudget(int n) {
        assertCompiledIsTheInterpretersAtEveryBudget(n);
    }

    /**
     * The reversal of the journaled trips of the loop over k ({@code text}'s gradient): from its comment, the one
     * whose trip steps k back, to the loop's count of reversed trips.
     */
    private static String reversal(String text) {
        String java = GeneratedText.gradientOf(text);
        String comment = "write journal within half the kept-values budget: reverses the journaled trips";
        for (int from = java.indexOf(comment); from >= 0; from = java.indexOf(comment, from + 1)) {
            int to = java.indexOf("LoopTrips.reversed(", from);
            int k = java.indexOf("int k = kNext - 1;", from);
            if (to > 0 && k > 0 && k < to) {
                return java.substring(from, to);
            }
        }
        throw new AssertionError("no reversal of the loop over k:\n" + java);
    }

    @Test
    void theKnownProgramsRunNoSearchInTheReversal() {
        for (String text : KNOWN) {
            String java = reversal(text);
            assertEquals(0, GeneratedText.count(java, "Math\\.abs\\("), "the search run again:\n" + java);
        }
    }

    @Test
    void theSearchedProgramsRunTheSearchAgain() {
        for (String text : SEARCHED) {
            String java = reversal(text);
            assertTrue(GeneratedText.count(java, "Math\\.abs\\(") >= 2, "no search:\n" + java);
        }
    }
}
