package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.emit.JavaEmitter;
import dev.gradc.testing.Programs;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A journaled row update, {@code U[i, :] = U[i, :] - m * U[k, :]}, whose journal keeps the row it overwrites from
 * the loop that writes it (emit.StackCode.keptByWrite): entry j kept in trip j, before the trip writes it, instead
 * of a copy of the row of its own before the loop. Rows updated from themselves (i = k), twice in one trip, inside
 * a cond's branches, from another row only (the journal's own copy), with zero, one, two and four trips and budgets
 * that journal all, some or none of them; a matrix of a three-axis array, kept as its entries are written; the
 * caller's arrays, aliased or not, never written. A row written from another row only keeps a copy of its own (its
 * loop does not read it).
 */
class LineJournalPushesTest extends SwappingTripsAndBudgetsTest {

    private static final String[] PROGRAMS = {
        PivotedElimination.TEXT,
        // every row minus a multiple of row k, row k itself included (i = k), then row k written twice
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for k in 0..n {
            for i in 0..4 { U[i, :] = U[i, :] - 0.3 * y * U[k, :] * U[i, :]; }
            U[k, :] = U[k, :] * y;
            U[k, :] = sin(U[k, :]) + U[3 - k, :];
          }
          return sum(U * U);
        }
        """,
        // rows written in a cond's branches; a row written from another row only; the row's sum read before
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          s = 0;
          for k in 0..n {
            if (U[k, k] > 0) {
              U[k, :] = U[k, :] * y - sum(U[k, :]) * U[3 - k, :];
            } else {
              U[3 - k, :] = U[k, :] * y;
            }
            s = s + U[k, 0] * U[3 - k, 3];
          }
          return s + sum(U * U);
        }
        """,
        // a matrix of a three-axis array updated from itself and another
        """
        fn f(x: real[16], y: real, n: int) -> real {
          X = reshape(x, 4, 2, 2);
          for k in 0..n {
            for i in k..4 { X[i, :, :] = X[i, :, :] * y - X[k, :, :] * X[i, :, :]; }
          }
          return sum(X * X);
        }
        """,
    };

    @Override
    String[] programs() {
        return PROGRAMS;
    }

    @Override
    double y(int n) {
        return n == 4 ? -0.9 : 0.7;
    }

    /** A matrix argument and its aliases: the journal keeps rows of the loop's copy, the caller's arrays stay. */
    @Test
    void theCallersArraysStayAndAliasesGiveWhatTwoArraysGive() {
        String text = """
                fn h(x: real[16], z: real[16], y: real) -> real {
                  U = reshape(x, 4, 4);
                  V = reshape(z, 4, 4);
                  for k in 0..4 {
                    for i in 0..4 { U[i, :] = U[i, :] - y * U[k, :] * V[i, :]; }
                    V[k, :] = V[k, :] * U[3 - k, :];
                  }
                  return sum(U * V) + x[0] * z[5];
                }
                """;
        Engines.aliasesGiveWhatTwoArraysGive(text, 0.6);
    }

    /**
     * The determinant's gradient keeps each row its elimination overwrites from the elimination's own loop in the
     * trips recomputed past the budget (the journaled trips keep one entry per row: EliminationRowEntriesTest): no
     * row it overwrites is pushed by a copy of its own.
     */
    @Test
    void theDeterminantsEliminationKeepsItsRowsInItsLoop() throws java.io.IOException {
        var source = PivotedElimination.exampleRowsReadAfter(); // as written, not trimmed to the element loop
        String java = JavaEmitter.emit(Programs.compile(source)).source();
        Pattern kept = Pattern.compile("double (old\\w*) = (\\w+)\\[(\\w+) \\+ (\\w+)\\];\\s+(kept\\w*)\\[(keptAt\\w*) \\+ \\4\\]"
                + " = \\1;\\s+\\2\\[\\w+ \\+ \\4\\] = \\1 - m\\w* \\* \\2\\[\\w+ \\+ \\4\\];");
        long rows = kept.matcher(java).results().count();
        assertTrue(rows >= 2, rows + " rows kept in their loops:\n" + java);
        Pattern copied = Pattern.compile("pushAll\\((\\w+), (\\w+), \\w+\\);(?:\\s+int \\w+ = [^;]+;)*\\s+"
                + "for \\(int (\\w+) = 0; \\3 < \\w+; \\3\\+\\+\\) \\{\\s+\\1\\[\\w+ \\+ \\3\\] = \\1\\[\\2 \\+ \\3\\] - m");
        assertFalse(copied.matcher(java).find(), java);
    }
}
