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
 * A loop's carried matrix that its loop nest addresses only by entries and rows, held as one array per row for the
 * loop's lifetime ({@code emit/EntryRows}): an inner loop's entry writes {@code U[i, j] = U[i, j] - m * U[k, j]}
 * become {@code URows[i][j] = URows[i][j] - m * URows[k][j]}, which HotSpot vectorises. The programs that must
 * take that path (eliminations with and without pivot swaps, Gauss–Jordan, a swap through a temporary row, two
 * matrices at once, the matrix read after the loop, joined) and those that must not (the matrix read by a product,
 * by a slice across rows, by a whole row that is no row store, or written by no inner loop). Truth as for every
 * {@link TripsAndBudgetsTest}: each engine, central differences at 0, 1, 2 and 4 trips, the gradient bit for bit at
 * budgets 60, 20, 1 and 0, and here the compiled gradient bit for bit the interpreter's at every budget, at
 * {@link PivotedElimination#SWAPPING} (the pivoted programs swap rows there). The text checks fail on the old code,
 * which held no matrix of these programs as rows.
 */
class EntryRowsTest extends SwappingTripsAndBudgetsTest {

    /** The element-write elimination below pivot k, as the benchmark's {@code eliminationByEntries} writes it. */
    static final String ENTRIES =
            "for i in k+1..4 { m = U[i, k] / U[k, k]; for j in k+1..4 { U[i, j] = U[i, j] - m * U[k, j]; } }";

    /** Programs whose matrix U is held as rows. */
    static final String[] HELD = {
        // the determinant with partial pivoting and element writes, as the benchmark writes it
        PivotedElimination.withElimination(ENTRIES),
        // LU without pivoting, the factor read after the loop (joined back into the flat array there)
        PivotedElimination.withoutPivoting("for j in k+1..4 { U[i, j] = U[i, j] - m * U[k, j]; }",
                "d + sum(U * U) * 0.01 + U[3, 2]"),
        // Gauss–Jordan: every row but k, the update in a cond inside the row loop
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          d = 1;
          for k in 0..n {
            d = d * U[k, k] * y;
            for i in 0..4 {
              if (i != k) {
                m = U[i, k] / U[k, k];
                for j in 0..4 { U[i, j] = U[i, j] - m * U[k, j]; }
              }
            }
          }
          return d + U[0, 3] * U[3, 0];
        }
        """,
        // a swap through a temporary row read in place of another, and += into entries
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          d = 1;
          for k in 0..n {
            if (x[4 * k + 1] > 0) { t = U[3 - k, :]; U[3 - k, :] = U[k, :]; U[k, :] = t; d = -d; }
            d = d * (U[k, k] + 2) * y;
            for i in k+1..4 {
              m = U[i, k] / (U[k, k] + 2);
              for j in k..4 { U[i, j] += -m * U[k, j]; }
            }
          }
          return d;
        }
        """,
        // two matrices held at once: L's entries written by the row loop, U's by the column loop
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          L = reshape(x * 0.5, 4, 4);
          for k in 0..n {
            for i in k+1..4 {
              m = U[i, k] / U[k, k];
              L[i, k] = m * y;
              for j in k+1..4 { U[i, j] = U[i, j] - m * U[k, j]; L[i, j] = L[i, j] + U[i, j] * 0.25; }
            }
          }
          return U[3, 3] * y + L[3, 2] + L[2, 1] * U[2, 2];
        }
        """,
    };

    /** Programs whose matrix stays flat. */
    static final String[] FLAT = {
        // U also read by a product inside the loop
        PivotedElimination.withElimination(ENTRIES + "\n d = d + sum(U @ U) * 0.001;"),
        // a slice across rows (column k) inside the loop
        PivotedElimination.withElimination(ENTRIES + "\n d = d + sum(U[:, 3]) * 0.01;"),
        // a whole row read by arithmetic, not stored as a row
        PivotedElimination.withElimination(ENTRIES + "\n d = d + sum(U[k, :] * 2) * 0.01;"),
        // entries written only by the loop body itself, none by an inner loop: the rows would not pay
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          d = 0;
          for k in 0..n {
            U[k, k] = U[k, k] * y + 1;
            for i in 0..4 { d = d + U[i, k] * U[k, i]; }
          }
          return d;
        }
        """,
    };

    /** An entry of a matrix held as rows ({@code URows[i][j]}, {@code LRows[i][j]}), in the Java. */
    private static final String HELD_ENTRY = "\\b[UL]\\d*Rows\\[[^\\]]+\\]\\[";

    /** A matrix of U or L split into rows. */
    private static final String SPLIT = "double\\[\\]\\[\\] [UL]\\d*Rows = ";

    @Override
    String[] programs() {
        return both(HELD, FLAT);
    }

    private static String java(String text) {
        return JavaEmitter.emit(Programs.compile(text)).source();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void theCompiledGradientIsTheInterpretersAtEveryBudget(int n) {
        assertCompiledIsTheInterpretersAtEveryBudget(n);
    }

    @Test
    void theEliminationsHoldTheirMatrixAsRows() {
        for (String text : HELD) {
            String java = java(text);
            int value = java.indexOf(" f(");
            String valueCode = java.substring(value, java.indexOf(" fGrad(", value));
            assertTrue(GeneratedText.count(valueCode, HELD_ENTRY) > 0, "value not held:\n" + valueCode);
            assertTrue(GeneratedText.count(valueCode, SPLIT) > 0, "value not split:\n" + valueCode);
            // the gradient's forward sweep (the journaled trips) holds it too
            String grad = GeneratedText.gradientOf(text);
            assertTrue(GeneratedText.count(grad, HELD_ENTRY) > 0, "gradient not held:\n" + grad);
            // the inner loop's writes are into rows, never into the flat array
            assertEquals(0, GeneratedText.count(valueCode, "\\bU\\d*\\[[^\\]]*\\* 4 \\+ [^\\]]*\\] = "),
                    "a flat write left:\n" + valueCode);
        }
    }

    @Test
    void aMatrixReadAfterTheLoopIsJoined() {
        String java = java(HELD[1]);
        int value = java.indexOf(" f(");
        String valueCode = java.substring(value, java.indexOf(" fGrad(", value));
        assertEquals(1, GeneratedText.count(valueCode, "Rows\\.join\\("), valueCode);
        // the determinant returns d alone: nothing reads U after its loop, nothing is joined
        String det = java(HELD[0]);
        int at = det.indexOf(" f(");
        assertEquals(0, GeneratedText.count(det.substring(at, det.indexOf(" fGrad(", at)), "Rows\\.join\\("));
    }

    /**
     * A held matrix's flat variable is not its value while the rows hold it, and a stack a cond passes through is
     * the same object on both paths: the pivot swap's cond declares neither ({@code double[] U2; … U2 = U;} and
     * {@code IntStack t; … t = stack3;} in both branches, then {@code U = U2; stack3 = t;} at the trip's end, on the
     * old code).
     */
    @Test
    void theSwapsCondHasNoVariablesForTheFlatMatrixOrTheStacks() {
        String det = java(HELD[0]);
        int at = det.indexOf(" f(");
        String value = det.substring(at, det.indexOf(" fGrad(", at));
        assertEquals(0, GeneratedText.count(value, "double\\[\\] U\\d+;"), value);
        assertEquals(0, GeneratedText.count(value, "(?m)^\\s*U\\d* = U\\d*;"), value);
        String grad = GeneratedText.gradientOf(HELD[0]);
        // the journaled forward trips: the matrix held, the pushed stacks passed through the cond
        int journal = grad.indexOf("write journal");
        int next = grad.indexOf("checkpointed loop", journal + 1);
        String forward = grad.substring(journal, next < 0 ? grad.length() : next);
        assertEquals(0, GeneratedText.count(forward, "double\\[\\] U\\d+;"), forward);
        assertEquals(0, GeneratedText.count(forward, "(?m)^\\s*IntStack t\\d*;"), forward);
        assertEquals(0, GeneratedText.count(forward, "(?m)^\\s*t\\d* = stack\\d*;"), forward);
        assertEquals(0, GeneratedText.count(forward, "(?m)^\\s*stack\\d* = t\\d*;"), forward);
    }

    @Test
    void theOthersStayFlat() {
        for (String text : FLAT) {
            String java = java(text);
            assertEquals(0, GeneratedText.count(java, HELD_ENTRY), "held:\n" + java);
            assertEquals(0, GeneratedText.count(java, SPLIT), "split:\n" + java);
        }
    }
}
