package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.emit.JavaEmitter;
import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Programs;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A line of an array copied into a line, {@code U[k, :] = U[p, :]}, is one {@code System.arraycopy} from where the
 * source line lies (emit.LineUpdates.copiesLine), with no buffer between: right when the two lines are one (k = p,
 * arraycopy copies as through a buffer), into another matrix, into the copy of an argument (the caller's array
 * unchanged), in a cond; a source line written between its read and the copy keeps its buffer. Truth: the
 * interpreter, the tape, the compiled value method and central differences, at zero, one, two and four trips, and
 * the same gradient at every kept-values budget.
 */
class LineCopiesTest extends SwappingTripsAndBudgetsTest {

    private static final String[] PROGRAMS = {
        PivotedElimination.TEXT,
        // row p copied over row k, p = k whenever U[k, 0] <= 0 (the copy of a line onto itself: k = 3 at n = 4)
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for k in 0..n {
            p = k;
            if (U[k, 0] > 0) { p = 3 - k; }
            U[k, :] = U[p, :];
            U[p, :] = U[p, :] * y + U[3, :] * 0.5;
          }
          return sum(U * U);
        }
        """,
        // a row of U copied into V, and back, unconditionally; p = k at k = 1 and 2 when n > 1
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          V = U * y;
          for k in 0..n {
            p = 3 - k;
            if (k > 0) { p = k; }
            V[k, :] = U[p, :];
            U[p, :] = V[3 - k, :];
            V[3 - k, :] = V[3 - k, :] * U[k, :];
          }
          return sum(U * V) + sum(V);
        }
        """,
        // the source row written between its read and the copy: the copy must take the old row
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for k in 0..n {
            p = 3 - k;
            r = U[p, :];
            U[p, :] = U[p, :] * y;
            U[k, :] = r;
          }
          return sum(U * U) * y;
        }
        """,
    };

    @Override
    String[] programs() {
        return PROGRAMS;
    }

    /** A row of a matrix argument copied over another: written into a copy, the caller's array the same after. */
    @Test
    void anArgumentsRowIsCopiedIntoACopy() {
        String text = """
                fn g(A: real[3, 3], y: real, p: int) -> real {
                  A[0, :] = A[p, :];
                  A[2, :] = A[2, :] * y;
                  return sum(A * A) + A[0, 1];
                }
                """;
        CompiledModule c = CompiledModule.load(Programs.compile(text));
        double[] a = {0.5, -1.0, 2.0, 1.5, 0.25, -0.75, 3.0, 0.1, -2.0};
        double[] before = a.clone();
        for (int p = 0; p < 3; p++) {
            double[] u = a.clone();
            System.arraycopy(a, 3 * p, u, 0, 3);
            for (int j = 0; j < 3; j++) {
                u[6 + j] *= 0.7;
            }
            double expected = u[1];
            for (double e : u) {
                expected += e * e;
            }
            assertEquals(expected, ((Number) c.value("g", a, 0.7, p)).doubleValue(), 1e-12, "p = " + p);
            assertArrayEquals(before, a, 0);
            c.grad("g", a, 0.7, p);
            assertArrayEquals(before, a, 0);
        }
    }

    /**
     * The determinant's pivot swap copies row p over row k straight from the matrix, in the value and in every
     * forward pass of the gradient; only the old row k (written over before row p takes it) has a buffer of the
     * forward values, in the reversal too, where it undoes the swap (a temporary, named as a forward value).
     */
    @Test
    void theDeterminantsSwapCopiesRowPWithinTheMatrix() throws java.io.IOException {
        var source = dev.gradc.diag.SourceFile.read(Programs.examples().resolve("programs/determinant.grad"));
        String java = JavaEmitter.emit(Programs.compile(source)).source();
        long copies = Pattern.compile("System\\.arraycopy\\((U\\d*), \\w+, (U\\d*), \\w+, N\\);").matcher(java).results()
                .count();
        assertTrue(copies >= 4, copies + " rows copied within the matrix:\n" + java);
        Pattern buffer = Pattern.compile("double\\[\\] (\\w+) = \\w+Buffer;");
        buffer.matcher(java).results().filter(m -> !m.group(1).endsWith("Bar")) // the adjoints' buffers are not copies
                .forEach(m -> assertTrue(m.group(1).startsWith("row") || savesARow(java, m.group(1)),
                        m.group() + "\n" + java));
    }

    /**
     * Whether temporary t is the old row the reversal saves as it undoes the swap (a buffer of forward values, named
     * as one): filled with a row of the matrix and copied back into it.
     */
    private static boolean savesARow(String java, String t) {
        return t.matches("t\\d+")
                && Pattern.compile("System\\.arraycopy\\((\\w+), \\w+, " + t + ", 0, N\\);").matcher(java).find()
                && Pattern.compile("System\\.arraycopy\\(" + t + ", 0, \\w+, \\w+, " + t + "\\.length\\);").matcher(java)
                        .find();
    }
}
