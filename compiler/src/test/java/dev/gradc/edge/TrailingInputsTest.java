package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.Interpreter;
import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.ValueStack;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.GeneratedText;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the forward trips of an elimination's handed loops no longer keep ({@code passes/JournalLoops.Through}): the
 * multiplier {@code m = U[i, k] / U[k, k]} of a trailing update ({@code passes/TrailingUpdates.cleanInput}: its
 * reversal computes it again from row k and column k of the array it carries, which hold the program's values), and
 * the trip count of a counted handed loop whose start and bound the reversal computes again ({@code max(0, to -
 * from)}). And the programs where either would be wrong, which keep them: a multiplier computed from a branch's
 * value, an element loop bounded by a branch's value, one that stops on data (not counted), a multiplier that reads
 * an entry the trip writes. Truth as for every {@link TripsAndBudgetsTest} (each engine, central differences at 0,
 * 1, 2 and 4 trips, the gradient bit for bit at budgets 60, 20, 1 and 0, at the swapping matrix), the compiled
 * gradient bit for bit the interpreter's at every budget, and the generated text: the pops are gone where the
 * values are computed again (that check fails on the old code, which pushed both per row), there where they are
 * kept. The interpreter's stacks hold fewer values at their peak by exactly what is no longer kept.
 */
class TrailingInputsTest extends SwappingTripsAndBudgetsTest {

    private static final String ENTRIES = """
            for i in k+1..4 {
              m = U[i, k] / U[k, k];
              for j in k+1..4 { U[i, j] = U[i, j] - m * U[k, j]; }
            }
            """;

    /** Programs whose multipliers and trip counts are computed again in the reversal. */
    static final String[] RECOMPUTED = {
        // the determinant with partial pivoting, as the benchmark's eliminationByEntries writes it
        PivotedElimination.withElimination(ENTRIES),
        // a multiplier that also reads an entry of row k and the invariant y
        PivotedElimination.withElimination(ENTRIES.replace("m = U[i, k] / U[k, k];",
                "m = U[i, k] / U[k, k] * y + U[k, 3] * 0.125;")),
        // both loops short of the size: at k = 3 the rows' range k+1..3 is empty (max(0, 3 - 4))
        PivotedElimination.withElimination(ENTRIES.replace("k+1..4", "k+1..3")),
        // LU without pivoting, the pivot's inverse computed in the outer trip from the trip's own array and passed
        // into the row loop: computed again from column k in the outer reversal too
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          d = 1;
          for k in 0..n {
            d = d * U[k, k] * y;
            inv = 1 / U[k, k];
            for i in k+1..4 {
              m = U[i, k] * inv;
              for j in k+1..4 { U[i, j] = U[i, j] - m * U[k, j]; }
            }
          }
          return d + sum(U * U) * 0.01;
        }
        """,
    };

    /** Programs that keep their multipliers (the first, third and fourth) or their element loops' trip counts. */
    static final String[] KEPT = {
        // the multiplier reads a branch's value (a region, not recomputed before the row's reversal): kept
        PivotedElimination.withElimination(ENTRIES.replace("m = U[i, k] / U[k, k];",
                "s = y;\n  if (y > 0) { s = y * 2; }\n  m = U[i, k] / U[k, k] * s;")),
        // the element loop's bound is a branch's value: its trip count kept
        PivotedElimination.withElimination(ENTRIES.replace("for j in k+1..4", "e = 4;\n  if (y > 1) { e = 3; }\n  for j in k+1..e")),
        // the multiplier reads an entry that an earlier row of the trip wrote (row i - 1 right of column k): not a
        // trailing update, the entries journaled and the multiplier kept
        PivotedElimination.withElimination(ENTRIES.replace("m = U[i, k] / U[k, k];",
                "m = U[i, k] / U[k, k] + U[i - 1, 3] * 0.125;")),
        // the element loop also stops on a value (not counted): its trip count kept
        PivotedElimination.withElimination(ENTRIES.replace("for j in k+1..4 { U[i, j] = U[i, j] - m * U[k, j]; }",
                "j = k + 1;\n  while (j < 4 && y < 100) { U[i, j] = U[i, j] - m * U[k, j]; j = j + 1; }")),
    };

    @Override
    String[] programs() {
        return both(RECOMPUTED, KEPT);
    }

    /** The compiled gradient is the interpreter's bit for bit, at the default budget and at 60, 20, 1 and 0. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void theCompiledGradientIsTheInterpretersAtEveryBudget(int n) {
        assertCompiledIsTheInterpretersAtEveryBudget(n);
    }

    /**
     * The reversal of the journaled trips of the loop over k ({@code text}'s gradient): from its comment, the one
     * whose trip steps k back, to the loop's count of reversed trips. (The trips past half the budget are
     * checkpointed, and each row loop run again there is a journaled loop of its own, whose multipliers it keeps.)
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

    /** A multiplier popped: {@code double m = stackN.pop();} (or m2, m3...). */
    private static final String MULTIPLIER_POPPED = "double m\\d* = stack\\d*\\.pop\\(\\);";

    /** A handed loop's trip count popped: {@code int innerTrips = stackN.pop();}. */
    private static final String TRIPS_POPPED = "int innerTrips\\d* = stack\\d*\\.pop\\(\\);";

    @Test
    void theRecomputedProgramsPopNoMultiplierAndNoTripCount() {
        for (String text : RECOMPUTED) {
            String java = reversal(text);
            assertEquals(0, GeneratedText.count(java, MULTIPLIER_POPPED), "a multiplier popped:\n" + java);
            assertEquals(0, GeneratedText.count(java, TRIPS_POPPED), "a trip count popped:\n" + java);
            assertTrue(java.contains("int innerTrips2 = Math.max(0, "), "the element loop's trips computed:\n" + java);
        }
        assertEquals(0, GeneratedText.count(reversal(RECOMPUTED[3]), "double inv\\d* = stack\\d*\\.pop\\(\\);"),
                "the pivot's inverse computed again");
    }

    @Test
    void theKeptProgramsPopWhatTheyKeep() {
        assertEquals(1, GeneratedText.count(reversal(KEPT[0]), MULTIPLIER_POPPED), reversal(KEPT[0]));
        assertEquals(1, GeneratedText.count(reversal(KEPT[1]), TRIPS_POPPED), reversal(KEPT[1]));
        assertEquals(1, GeneratedText.count(reversal(KEPT[2]), MULTIPLIER_POPPED), reversal(KEPT[2]));
        assertEquals(1, GeneratedText.count(reversal(KEPT[3]), TRIPS_POPPED), reversal(KEPT[3]));
    }

    /**
     * The reversal's reachability flags are joined without a constant or a repeated operand ({@code passes/Simplify}):
     * the element loop's reversal wrote {@code mReached = mReached || (false || UReached3)} per entry and the row
     * loop's {@code UReached2 = UReached2 && UReached3 || t21 || t21} per row.
     */
    @Test
    void theReachedFlagsJoinWithNoConstantAndNoRepeat() {
        String java = GeneratedText.gradientOf(RECOMPUTED[0]);
        assertEquals(0, GeneratedText.count(java, "\\((false|true) \\|\\| "), java);
        assertEquals(0, GeneratedText.count(java, "\\|\\| (\\w+) \\|\\| \\1;"), java);
        assertTrue(java.contains("mReached = mReached || UReached"), java);
    }

    /**
     * At four pivots of the swapping matrix (two swaps), with no budget, the determinant's gradient holds per pivot
     * d and the swap's flag, and per swap k and p: 12 values at its peak, where it held 12 more for the six rows'
     * multipliers and element trip counts and 4 for the row loops' trip counts. The budget counts at most 5 per
     * pivot now (passes.JournalCount), so a budget of 40 journals all four pivots, within half of it.
     */
    @Test
    void theDeterminantKeepsOnlyThePivotsTrail() {
        FunctionIr f = Programs.compile(RECOMPUTED[0]).function("f");
        Graph grad = Derivatives.gradient(f, f.realParams());
        assertEquals(12, peak(grad, Long.MAX_VALUE));
        assertEquals(12, peak(grad, 40));
    }

    private long peak(Graph grad, long budget) {
        ValueStack.resetPeak();
        Object[] args = {new NDArray(x(), new int[] {16}), NDArray.scalar(y(4)), 4};
        new Interpreter(new EvalContext(Map.of(), budget), 1_000_000).run(grad, args);
        return ValueStack.peak();
    }
}
