package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.emit.JavaEmitter;
import dev.gradc.testing.Programs;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The adjoint of a swap of two lines of an array ({@code row = U[k, :]; U[k, :] = U[p, :]; U[p, :] = row}) is a swap
 * of the adjoint's lines (passes.Simplify.swappedLines), not the writes' adjoints zeroing both lines and the reads'
 * adding the saved lines back: k = p included (the swap leaves the array as it is), rows of a matrix, entries of a
 * vector, lines of a rank-3 array, the swap written either way round, in a cond and not; a swap whose saved line is
 * scaled on its way back is no swap and keeps its adjoint. Truth: the interpreter, the tape, the compiled value
 * method and central differences at zero, one, two and four trips, and the same gradient at every kept-values budget.
 */
class SwappedLineAdjointsTest extends SwappingTripsAndBudgetsTest {

    private static final String[] PROGRAMS = {
        PivotedElimination.TEXT,
        // swapped every trip, p = k at k = 0 and whenever U[k, 1] > 0
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for k in 0..n {
            p = 3 - k;
            if (U[k, 1] > 0) { p = k; }
            if (k == 0) { p = 0; }
            row = U[p, :];
            U[p, :] = U[k, :];
            U[k, :] = row;
            U[k, :] = U[k, :] * y + U[3, :] * 0.25;
          }
          return sum(U * U) + U[0, 1] * U[3, 2];
        }
        """,
        // entries of a vector swapped, then a line of a rank-3 array
        """
        fn f(x: real[16], y: real, n: int) -> real {
          v = x * y;
          T = reshape(x, 2, 2, 4);
          for k in 0..n {
            j = 15 - 3 * k;
            t = v[k];
            v[k] = v[j];
            v[j] = t;
            v[k] = v[k] * v[j];
            a = T[1, :, :];
            T[1, :, :] = T[0, :, :];
            T[0, :, :] = a;
            T[0, :, :] = T[0, :, :] * y;
          }
          return sum(v * x) + sum(T * T) + T[1, 0, 3];
        }
        """,
        // not a swap: the saved row is scaled on its way back
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for k in 0..n {
            p = 3 - k;
            row = U[k, :];
            U[k, :] = U[p, :];
            U[p, :] = row * y;
          }
          return sum(U * U) + U[1, 2];
        }
        """,
    };

    @Override
    String[] programs() {
        return PROGRAMS;
    }

    /**
     * The determinant's reversed swap moves the adjoint's rows as the forward swap moves the matrix's: one buffer,
     * two copies within the array; no row of the adjoint zeroed, none added back in a loop.
     */
    @Test
    void theDeterminantsReversedSwapIsASwap() throws java.io.IOException {
        var source = dev.gradc.diag.SourceFile.read(Programs.examples().resolve("programs/determinant.grad"));
        String java = JavaEmitter.emit(Programs.compile(source)).source();
        assertEquals(0, Pattern.compile("Arrays\\.fill\\(\\w+Bar,").matcher(java).results().count(),
                "adjoint rows zeroed:\n" + java);
        assertEquals(0, Pattern.compile("\\w+Bar\\[\\w+ \\+ i\\d*\\] \\+= \\w+Bar\\[i\\d*\\];").matcher(java).results()
                .count(), "adjoint rows added back:\n" + java);
        long copies = Pattern.compile("System\\.arraycopy\\((\\w+Bar), \\w+, \\1, \\w+, N\\);").matcher(java).results()
                .count();
        assertTrue(copies >= 2, copies + " adjoint rows copied within the adjoint:\n" + java);
    }

    /**
     * The reversed swap is written as the program's swap, and each of its statements names the line of the
     * program's swap it has the form of: the adjoint's row k saved ({@code row = U[k, :]}), row p copied into row k
     * ({@code U[k, :] = U[p, :]}, where the offset of row p is computed too), the saved row copied into row p
     * ({@code U[p, :] = row}). On the old code the saved row named the second line and the offset of row p the
     * third (the lines read 22, 21, 22 for 20, 21, 22): this test failed there. The example has the swap in each of
     * its two functions (the row updates and the element writes): a statement names the line of its function's swap.
     */
    @Test
    void theDeterminantsReversedSwapNamesTheLinesItIsWrittenAs() throws java.io.IOException {
        var source = dev.gradc.diag.SourceFile.read(Programs.examples().resolve("programs/determinant.grad"));
        String java = JavaEmitter.emit(Programs.compile(source)).source();
        java.util.List<String> text = source.text().lines().toList();
        java.util.List<Integer> saves = new java.util.ArrayList<>(); // per function, the line of its swap's first
        for (int i = 0; i + 2 < text.size(); i++) {
            if (text.get(i).equals("      row = U[k, :];") && text.get(i + 1).equals("      U[k, :] = U[p, :];")
                    && text.get(i + 2).equals("      U[p, :] = row;")) {
                saves.add(i + 1);
            }
        }
        assertTrue(!saves.isEmpty(), "the swap's lines in\n" + source.text());
        // (row saved, row p into row k, the saved row into row p): the statement and the line it is written as
        Pattern[] statements = {
            Pattern.compile("(System\\.arraycopy\\((\\w+Bar), \\w+, (?!\\2,)\\w+, 0, N\\)"
                    + "|Arrays\\.copyOfRange\\(\\w+Bar, )"),
            Pattern.compile("System\\.arraycopy\\((\\w+Bar), (\\w+), \\1, \\w+, N\\);"),
            Pattern.compile("System\\.arraycopy\\((\\w+), 0, (\\w+Bar), \\w+, \\1\\.length\\);"),
        };
        Pattern comment = Pattern.compile("// adjoint: .*\\(determinant\\.grad:(\\d+)\\)");
        for (int s = 0; s < 3; s++) {
            var m = statements[s].matcher(java);
            int found = 0;
            while (m.find()) {
                found++;
                String before = java.substring(0, m.start());
                var c = comment.matcher(before);
                int last = -1;
                while (c.find()) {
                    last = Integer.parseInt(c.group(1));
                }
                String at = before.substring(Math.max(0, before.length() - 600)) + java.substring(m.start(),
                        Math.min(java.length(), m.end() + 200));
                assertTrue(saves.contains(last - s), "the comment of\n" + at + "\nnames line " + last + ", not "
                        + s + " after one of " + saves);
                if (s == 1) {
                    // row p's offset: computed under the line that reads row p
                    var offset = Pattern.compile("int " + m.group(2) + " = .*\"determinant\\.grad:(\\d+):\\d+\"")
                            .matcher(before);
                    int where = -1;
                    while (offset.find()) {
                        where = offset.start();
                    }
                    assertTrue(where >= 0, "the offset " + m.group(2) + " in\n" + at);
                    var o = comment.matcher(before.substring(0, where));
                    int line = -1;
                    while (o.find()) {
                        line = Integer.parseInt(o.group(1));
                    }
                    assertEquals(last, line, "the comment of row p's offset " + m.group(2) + " in\n" + at);
                }
            }
            assertTrue(found >= 1, "statement " + s + " of the reversed swap in\n" + java);
        }
    }
}
