package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.emit.JavaEmitter;
import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Programs;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A row update whose elementwise value reads the matrix only through whole rows, {@code U[i, :] = U[i, :] - m *
 * U[k, :]}, written straight into the matrix at the row's offset (emit.LineUpdates), not into an array first and
 * then copied: the same row read and written (i = k), a scalar taken from the row being written ({@code U[i, 0]},
 * which entry 0 of the write changes), the row's sum, a shifted part of the row, a column crossing the row, writes
 * in both branches of a cond, with zero, one, two and four trips, budgets that journal all, some or none of them;
 * the caller's arrays, aliased or not, never written.
 */
class LineUpdatesTest extends SwappingTripsAndBudgetsTest {

    private static final String[] PROGRAMS = {
        PivotedElimination.TEXT,
        // every row minus a multiple of row k, row k itself included (i = k): entry j reads U[k, j] before writing it
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for k in 0..n {
            for i in 0..4 { U[i, :] = U[i, :] - 0.3 * y * U[k, :]; }
          }
          return sum(U * U);
        }
        """,
        // a scalar of the row being written, read at every entry: the old U[i, 0], though entry 0 is written first
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for k in 0..n {
            for i in 0..4 { U[i, :] = U[i, :] - 0.2 * U[i, 0] * y * U[k, :]; }
            U[k, :] = U[k, :] * (0.5 + 0.1 * U[k, 3]) + sum(U[k, :]) * 0.1;
          }
          return sum(U * U);
        }
        """,
        // the row shifted by a column, and a column crossing the row written (U[k, k] on both)
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for k in 0..n {
            U[k, 1:4] = U[k, 0:3] * y + U[k, 1:4];
            U[k, :] = U[k, :] * y + U[:, k] * 0.5;
            U[3 - k, :] = sin(U[3 - k, :]) - U[k, :] * U[3 - k, :];
          }
          return sum(U * U);
        }
        """,
        // rows written in a cond's branches, the row read decided by the matrix
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          s = 0;
          for k in 0..n {
            if (U[k, k] > 0) {
              U[k, :] = U[k, :] * y - U[3 - k, :] * U[k, :];
            } else {
              U[3 - k, :] = cos(U[3 - k, :]) + U[k, :] * y;
            }
            s = s + U[k, 0] * U[3 - k, 3];
          }
          return s + sum(U * U);
        }
        """,
    };

    @Override
    String[] programs() {
        return PROGRAMS;
    }

    /** A matrix argument's rows are written in a copy: the caller's array is the same after the call. */
    @Test
    void anArgumentsRowsAreWrittenInACopy() {
        String text = """
                fn g(A: real[3, 3], y: real) -> real {
                  A[1, :] = A[1, :] * y - A[0, :];
                  A[0, :] = A[0, :] + A[1, :];
                  return sum(A * A) + A[1, 1];
                }
                """;
        CompiledModule c = CompiledModule.load(Programs.compile(text));
        double[] a = {0.5, -1.0, 2.0, 1.5, 0.25, -0.75, 3.0, 0.1, -2.0};
        double[] before = a.clone();
        double y = 0.7;
        double[] u = a.clone();
        for (int j = 0; j < 3; j++) {
            u[3 + j] = u[3 + j] * y - u[j];
            u[j] = u[j] + u[3 + j];
        }
        double expected = u[4];
        for (double e : u) {
            expected += e * e;
        }
        assertEquals(expected, ((Number) c.value("g", a, y)).doubleValue(), 1e-12);
        assertArrayEquals(before, a, 0);
        c.grad("g", a, y);
        assertArrayEquals(before, a, 0);
    }

    /** Two arguments that are one array: the rows of each are written in copies, as with two arrays. */
    @Test
    void aliasedArgumentsGiveWhatTwoArraysGive() {
        String text = """
                fn h(x: real[16], z: real[16], y: real) -> real {
                  U = reshape(x, 4, 4);
                  V = reshape(z, 4, 4);
                  for k in 0..4 {
                    U[k, :] = U[k, :] - y * V[3 - k, :];
                    V[k, :] = V[k, :] * U[k, :];
                  }
                  return sum(U * V) + x[0] * z[5];
                }
                """;
        Engines.aliasesGiveWhatTwoArraysGive(text, 0.6);
    }

    /**
     * The determinant's elimination writes each row straight into the matrix, reading the rows it subtracts from
     * the matrix itself, in the value and in every forward pass of the gradient; no row is computed into an array
     * of its own first.
     */
    @Test
    void theDeterminantsEliminationWritesItsRowsInPlace() throws java.io.IOException {
        var source = PivotedElimination.exampleRowsReadAfter(); // as written, not trimmed to the element loop
        String java = JavaEmitter.emit(Programs.compile(source)).source();
        String at = "\\[\\w+ \\+ \\w+\\]";
        Pattern inPlace = Pattern.compile("(\\w+)" + at + " = \\1" + at + " - m\\w* \\* \\1" + at + ";");
        Pattern buffered = Pattern.compile("\\w+\\[\\w+\\] = \\w+" + at + " - m\\w* \\* \\w+" + at + ";");
        long rows = inPlace.matcher(java).results().count();
        assertTrue(rows >= 4, rows + " rows written in place:\n" + java);
        assertFalse(buffered.matcher(java).find(), java);
    }
}
