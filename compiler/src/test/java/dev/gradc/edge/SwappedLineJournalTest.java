package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.emit.JavaEmitter;
import dev.gradc.testing.Programs;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A loop that keeps a write journal of a carried array and swaps two of its lines ({@code row = U[k, :]; U[k, :] =
 * U[p, :]; U[p, :] = row}, passes.Journal.swapOf) keeps only the swap's indices, not the two lines it overwrites: its
 * reversal swaps the same two lines back. Rows of a matrix in a cond and not, k = p at some trips, columns whose index
 * is read from an int array the loop changes, entries of an int permutation, entries of a vector swapped in an inner
 * loop (a bubble pass); and writes that look like a swap but are none (a rotation of three rows, overlapping slices,
 * a second line read after the first write), which keep their lines. Truth: the interpreter, the tape, the compiled
 * value method and central differences at zero, one, two and four trips, and the same gradient bit for bit at every
 * kept-values budget (down to none), at {@link PivotedElimination#SWAPPING}, whose elimination swaps rows at its
 * first two pivots (the other programs swap at some trips and not others). With the swap not undone (the array
 * after the swap taken as the array before it) the first four programs fail at one, two and four trips;
 * with any two line writes of one op taken for a swap (the lines' reads not checked) the last fails at two and
 * four; the generated-text check of the determinant fails on the journal that kept both rows.
 */
class SwappedLineJournalTest extends SwappingTripsAndBudgetsTest {

    private static final String[] PROGRAMS = {
        PivotedElimination.TEXT,
        // the pivot swapped every trip outside a cond (k = p leaves U as it is), an int permutation swapped with it
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          perm = range(4);
          d = 0;
          for k in 0..n {
            p = k;
            best = abs(U[k, k]);
            for i in k+1..4 { if (abs(U[i, k]) > best) { p = i; best = abs(U[i, k]); } }
            row = U[k, :];
            U[k, :] = U[p, :];
            U[p, :] = row;
            t = perm[k];
            perm[k] = perm[p];
            perm[p] = t;
            d = d + U[k, k] * y + x[perm[k]] * x[perm[3 - k]];
            for i in k+1..4 { m = U[i, k] / U[k, k]; U[i, :] = U[i, :] - m * U[k, :]; }
          }
          return d + sum(U * U) * 0.1;
        }
        """,
        // columns swapped in a cond, one index read from an int array that a later trip changes
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          perm = [2, 0, 3, 1];
          for k in 0..n {
            q = perm[k];
            if (U[0, k] < U[1, q]) { c = U[:, k]; U[:, k] = U[:, q]; U[:, q] = c; }
            t = perm[0];
            perm[0] = perm[3];
            perm[3] = t;
            U[:, 1] = U[:, 1] * y + U[:, 2] * 0.5;
          }
          return sum(U * U) + U[2, 3] * U[0, 1];
        }
        """,
        // entries of a vector swapped in an inner loop (a bubble pass), then one entry rewritten
        """
        fn f(x: real[16], y: real, n: int) -> real {
          v = x * y;
          for t in 0..n {
            for i in 0..15 {
              if (v[i] > v[i + 1]) { s = v[i]; v[i] = v[i + 1]; v[i + 1] = s; }
            }
            v[0] = v[0] * y + v[15] * 0.5;
          }
          return sum(v * x) + v[15] * v[0];
        }
        """,
        // no swaps: three rows rotated when q != p, overlapping slices, the second line read after the first write
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          v = x * y;
          for k in 0..n {
            p = 3 - k;
            q = 3;
            if (U[k, 0] > 0) { q = k; }
            row = U[k, :];
            U[k, :] = U[p, :];
            U[q, :] = row;
            a = v[k:k+2];
            v[k:k+2] = v[k+1:k+3];
            v[k+1:k+3] = a;
            U[0, :] = U[p, :];
            U[p, :] = U[0, :];
            U[1, :] = sin(U[1, :]) * y + U[2, :] * U[3, :];
            v[15] = v[15] * v[k + 1] + v[k + 2] * v[k];
          }
          return sum(U * U) + U[3, 1] + sum(v * x);
        }
        """,
    };

    @Override
    String[] programs() {
        return PROGRAMS;
    }

    /** A row pushed onto a journal: a row variable, or N (or 4) entries out of a matrix. */
    private static final Pattern ROW_PUSHED = Pattern.compile("\\.pushAll\\((row\\w*|\\w+, \\w+, (N|4))\\)");

    /**
     * The determinant's journaled forward loop pushes no row for its swap, only the two indices (k and p, in the
     * cond), and its reversal swaps rows k and p of the matrix back: one buffer, two copies within the array.
     */
    @Test
    void theDeterminantsSwapKeepsItsIndicesNotItsRows() throws java.io.IOException {
        var source = dev.gradc.diag.SourceFile.read(Programs.examples().resolve("programs/determinant.grad"));
        String java = JavaEmitter.emit(Programs.compile(source)).source();
        assertEquals(0, ROW_PUSHED.matcher(java).results().count(), "rows pushed:\n" + java);
        long copies = Pattern.compile("System\\.arraycopy\\((\\w+), \\w+, \\1, \\w+, N\\);").matcher(java).results()
                .filter(m -> !m.group(1).endsWith("Bar")).count();
        assertTrue(copies >= 4, copies + " rows copied within the matrix (forward and reversed swaps):\n" + java);
    }

    /**
     * What is not a swap keeps the rows it overwrites, in the allocating and the workspace form: the rotation's two
     * (the saved row and the row q, which it writes last) and the second-line-read-late's two (rows 0 and p).
     */
    @Test
    void whatIsNoSwapKeepsItsRows() {
        String java = JavaEmitter.emit(Programs.compile(PROGRAMS[4])).source();
        assertEquals(8, ROW_PUSHED.matcher(java).results().count(), java);
    }
}
