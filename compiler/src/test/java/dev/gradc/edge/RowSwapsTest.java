package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.emit.JavaEmitter;
import dev.gradc.testing.GeneratedText;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A pivot's row swap {@code row = U[a, :]; U[a, :] = U[b, :]; U[b, :] = row;} of a matrix held as rows ({@code
 * emit/EntryRows.inSwap}): the two rows' arrays swapped, {@code URows[a] = URows[b]; URows[b] = row;}, where it
 * copied three rows. The swaps that take that path: the benchmark's, the two stores in the other order, a swap
 * run also when a == b (a row swapped with itself stays), a swap in an inner loop (pivoting by successive swaps),
 * a swap after a row stored from outside the matrix. Those that must not: the temporary row stored again after
 * the elimination has written the row it was swapped into (its array would then hold the new entries), and the
 * temporary row read by arithmetic (the matrix stays flat). Truth as in {@link EntryRowsTest}: every engine,
 * central differences, budgets 60/20/1/0, the compiled gradient bit for bit the interpreter's at every budget, at
 * {@link PivotedElimination#SWAPPING}. The text checks fail on the old code, which copied every swapped row.
 */
class RowSwapsTest extends SwappingTripsAndBudgetsTest {

    /** The benchmark's swap, as {@link PivotedElimination#withElimination} writes it. */
    private static final String SWAP = "if (p != k) { row = U[k, :]; U[k, :] = U[p, :]; U[p, :] = row; d = -d; }";

    /** The benchmark's elimination with its swap replaced by {@code swap}. */
    private static String withSwap(String swap) {
        String text = PivotedElimination.withElimination(EntryRowsTest.ENTRIES);
        if (!text.contains(SWAP)) {
            throw new IllegalStateException("no swap to replace in\n" + text);
        }
        return text.replace(SWAP, swap);
    }

    /** Programs whose swaps swap the rows' arrays. */
    static final String[] SWAPPED = {
        // the benchmark's determinant
        PivotedElimination.withElimination(EntryRowsTest.ENTRIES),
        // the two stores in the other order, through two temporary rows
        withSwap("if (p != k) { rk = U[k, :]; rp = U[p, :]; U[p, :] = rk; U[k, :] = rp; d = -d; }"),
        // the swap run at every pivot, p == k included: a row swapped with itself
        withSwap("row = U[k, :]; U[k, :] = U[p, :]; U[p, :] = row; if (p != k) { d = -d; }"),
        // a row stored from outside the matrix (V's, flat), then swapped with the pivot's
        withSwap("U[3, :] = V[3 - k, :]; if (p != k) { row = U[k, :]; U[k, :] = U[p, :]; U[p, :] = row; d = -d; }")
                .replace("d = 1;", "d = 1;\n  V = reshape(x * 0.5, 4, 4);"),
        // pivoting by successive swaps, each in a cond inside a loop over the rows below k
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          d = 1;
          for k in 0..n {
            for i in k+1..4 {
              if (abs(U[i, k]) > abs(U[k, k])) { row = U[k, :]; U[k, :] = U[i, :]; U[i, :] = row; d = -d; }
            }
            d = d * U[k, k] * y;
            %s
          }
          return d;
        }
        """.formatted(EntryRowsTest.ENTRIES),
    };

    /** Programs whose swaps copy rows: their temporary row is read after the swap. */
    static final String[] COPIED = {
        // stored again at the end of the trip, after the elimination wrote the row it was swapped into
        copied("U[3, :] = row;"),
        // read by arithmetic after the elimination: the matrix stays flat
        copied("d = d * (1 + 0.1 * row[0]);"),
    };

    /** The swap at every pivot, then the elimination, then {@code after}, which reads the temporary row. */
    private static String copied(String after) {
        return """
                fn f(x: real[16], y: real, n: int) -> real {
                  U = reshape(x, 4, 4);
                  d = 1;
                  for k in 0..n {
                    p = k;
                    best = abs(U[k, k]);
                    for i in k+1..4 { if (abs(U[i, k]) > best) { p = i; best = abs(U[i, k]); } }
                    row = U[k, :]; U[k, :] = U[p, :]; U[p, :] = row;
                    if (p != k) { d = -d; }
                    d = d * U[k, k] * y;
                    %s
                    %s
                  }
                  return d;
                }
                """.formatted(EntryRowsTest.ENTRIES, after);
    }

    /** A row of a held matrix put in place of another: {@code URows[t5] = URows[t4];}. */
    private static final String ROW_MOVED = "\\bU\\d*Rows\\[\\w+\\] = U\\d*Rows\\[\\w+\\];";

    /** The swap's temporary row, the row's array itself: {@code double[] row = URows[t3];}. */
    private static final String ROW_TAKEN = "double\\[\\] \\w+ = U\\d*Rows\\[\\w+\\];";

    /** A row of a held matrix copied. */
    private static final String ROW_COPIED = "arraycopy\\(U\\d*Rows\\[|arraycopy\\(\\w+, 0, U\\d*Rows\\[";

    @Override
    String[] programs() {
        return both(SWAPPED, COPIED);
    }

    private static String value(String text) {
        String java = JavaEmitter.emit(Programs.compile(text)).source();
        int value = java.indexOf(" f(");
        return java.substring(value, java.indexOf(" fGrad(", value));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void theCompiledGradientIsTheInterpretersAtEveryBudget(int n) {
        assertCompiledIsTheInterpretersAtEveryBudget(n);
    }

    @Test
    void theSwapsSwapTheRowsArrays() {
        for (int s = 0; s < SWAPPED.length; s++) {
            String text = SWAPPED[s];
            String value = value(text);
            assertEquals(1, GeneratedText.count(value, ROW_MOVED), "value:\n" + value);
            assertEquals(1, GeneratedText.count(value, ROW_TAKEN), "value:\n" + value);
            // no row copied; the row stored from outside written into its row's array, entry by entry
            assertEquals(0, GeneratedText.count(value, ROW_COPIED), "value:\n" + value);
            assertEquals(s == 3 ? 1 : 0, GeneratedText.count(value, "U\\d*Rows\\[\\w+\\]\\[[^\\]]+\\] = V\\["),
                    "value:\n" + value);
            // the gradient's forward sweep (the journaled trips) swaps the rows' arrays too, but where the journal
            // keeps the row the store from outside overwrites (a push of a row: the matrix stays flat there)
            String grad = GeneratedText.gradientOf(text);
            assertEquals(s != 3, GeneratedText.count(grad, ROW_MOVED) > 0, "gradient:\n" + grad);
        }
    }

    @Test
    void aTemporaryRowReadAfterTheSwapIsACopy() {
        String stored = value(COPIED[0]);
        assertTrue(GeneratedText.count(stored, "double\\[\\]\\[\\] U\\d*Rows = ") > 0, "not held:\n" + stored);
        assertEquals(0, GeneratedText.count(stored, ROW_MOVED), stored);
        assertEquals(0, GeneratedText.count(stored, ROW_TAKEN), stored);
        String read = value(COPIED[1]);
        assertEquals(0, GeneratedText.count(read, ROW_MOVED), read);
    }
}
