package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.emit.JavaEmitter;
import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A write journal's loop whose trips push onto a stack in the branches of a cond taken on trips the data decides
 * (emit.BranchPushes) reserves, before it starts, the larger branch's pushes for every trip: its trips are as many as
 * half the kept-values budget holds with every branch's writes counted on every trip, so the room is within the
 * budget, and the stack is not grown by copying. A swap in the then branch (taken at some trips), a row in one
 * branch and an entry in the other, a swap in the else branch, the pivoted elimination; 0 to 5 trips and budgets
 * that journal every trip, some or none: every engine agrees with central differences, every budget gives the same
 * gradient.
 */
class JournalBranchPushesTest {

    private static final String[] PROGRAMS = {
        // a swap when the data says so: two rows kept in the then branch, nothing in the else
        BranchBuffersTest.SWAP,
        // a row written in one branch, one entry in the other (a stack each: each write journals onto its own)
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for t in 0..n {
            if (U[0, 0] > U[1, 1]) { U[2, :] = U[2, :] * y + U[0, :]; } else { U[3, 2] = U[3, 2] * y + 0.5; }
            U[0, :] = sin(U[0, :] + U[3, :] * 0.1);
          }
          return sum(U * U);
        }
        """,
        // the swap in the else branch
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          d = 0;
          for t in 0..n {
            if (U[1, 0] > 0.5) { d = d + 1; } else { row = U[1, :]; U[1, :] = U[2, :]; U[2, :] = row * y; }
            U[3, :] = U[3, :] * 0.7 + U[1, :] * 0.2;
          }
          return d + sum(U * U);
        }
        """,
        // the pivoted elimination in its row form (its matrix read after the loop, so not trimmed to elements)
        PivotedElimination.ROWS_READ_AFTER,
    };

    /**
     * The stacks each program's journaled loop reserves, in the allocating and the workspace form: a stack for each
     * row or entry a branch writes besides those pushed on every trip (without the branches': 2, 2, 2, 4). A swap's
     * rows are not kept (passes.Journal.swapOf: the reversal swaps them back), so the first and the last program's
     * branches reserve nothing; the third's saved row is scaled on its way back, which is no swap.
     */
    private static final int[] RESERVATIONS = {2, 6, 6, 4};

    private static final double[] X = PivotedElimination.SWAPPING; // the elimination swaps rows here

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5})
    void everyEngineAgreesWithCentralDifferences(int n) {
        for (String text : PROGRAMS) {
            Engines.sameValueAndCentralDifferences(text, X, 0.8, trips(text, n));
            Engines.agreeWithCentralDifferences(text, X, -1.3, trips(text, n));
        }
    }

    /**
     * Each program's journaled loop reserves room for its branches' pushes, the larger branch's per trip: in the
     * allocating form and the workspace's.
     */
    @Test
    void everyJournalReservesItsBranchesPushes() {
        int[] counts = new int[PROGRAMS.length];
        for (int p = 0; p < PROGRAMS.length; p++) {
            counts[p] = count(JavaEmitter.emit(Programs.compile(PROGRAMS[p])).source());
        }
        assertEquals(java.util.Arrays.toString(RESERVATIONS), java.util.Arrays.toString(counts));
    }

    /** n trips, or as many pivots as the 4×4 elimination has. */
    private static int trips(String text, int n) {
        return text.equals(PivotedElimination.ROWS_READ_AFTER) ? Math.min(n, 4) : n;
    }

    private static int count(String source) {
        Matcher m = Pattern.compile("\\.reserve\\(tripsAhead, [^;]*\\);"
                + "|DoubleStack\\.reserveAll\\(tripsAhead, [^,]*((, \\w+)+)\\);").matcher(source);
        int found = 0;
        while (m.find()) {
            // a call of reserveAll reserves as many stacks as it names after the count and the reals per trip
            found += m.group(1) == null ? 1 : m.group(1).split(", ").length - 1;
        }
        return found;
    }

    /**
     * Budgets that keep every trip's journal, the first few or none (the rest checkpointed): the reservation
     * stays within the budget and the gradient is the same.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5})
    void everyBudgetGivesTheSameGradient(int n) {
        for (String text : PROGRAMS) {
            int trips = trips(text, n);
            Engines.sameGradientAtBudgets(text, X, 0.8, trips, 400, 60, 20, 1, 0);
        }
    }

    /**
     * The swap's gradient at 100 and 200 trips: a trip adds the rows its journal keeps and its int and flag stacks,
     * which grow by doubling. When the journal kept the swap's two rows besides the updated one (3 rows of 4 doubles,
     * 96 bytes), reserved, a trip cost about 270 bytes, grown by doubling about 370; it now keeps the swap's two
     * indices instead of its rows. Each call starts without the stack arrays a previous call lends.
     */
    @Test
    void aSwapsRowsAreReservedNotGrown() {
        CompiledModule c = CompiledModule.load(Programs.compile(PROGRAMS[0]));
        assertEquals((double) c.value("f", X, 0.8, 7), (double) c.grad("f", X, 0.8, 7).value(), 1e-12);
        long bytes = Allocation.perTrip(() -> grad(c, 100), () -> grad(c, 200), 100);
        assertTrue(bytes < 320, bytes + " bytes per trip");
    }

    private static void grad(CompiledModule c, int trips) {
        dev.gradc.runtime.DoubleStack.releaseSpares();
        c.grad("f", X, 0.8, trips);
    }
}
