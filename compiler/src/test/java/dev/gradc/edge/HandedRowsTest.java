package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.emit.JavaEmitter;
import dev.gradc.engine.CompiledModule;
import dev.gradc.fuzz.Runs;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.GeneratedText;
import dev.gradc.testing.Programs;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A write journal's forward loop that held its matrix as rows ({@code emit/EntryRows}) hands the rows over to the
 * loop that reverses the journaled trips instead of joining them into a flat array ({@code RegionCode.handover}):
 * the reversal reads {@code URows[i][k]}, holds the adjoint as rows too ({@code ABarRows[k][j] += …}), and undoes
 * each pivot swap by exchanging two rows' arrays, of U and of its adjoint; the
 * checkpointed trips past the journal, which read the flat matrix, join the rows where they start. Programs that
 * hand over: the benchmark's determinants, the elimination of {@link EntryRowsTest#ENTRIES}, with and without
 * its swap, and with {@code @checkpoint}; the matrix read after the loop, which the gradient reads from the
 * checkpointed trips' result, a flat copy joined for them. Truth: the interpreter, bit for bit, at budgets 60/20/1/0
 * and the default; every engine and central differences ({@link TripsAndBudgetsTest}). The text checks fail on
 * the previous code, which joined the rows after the journaled trips and copied three rows per swap undone.
 */
class HandedRowsTest extends SwappingTripsAndBudgetsTest {

    /** Programs whose journal hands its rows over to its reversal. */
    static final String[] HANDED = {
        PivotedElimination.withElimination(EntryRowsTest.ENTRIES),
        PivotedElimination.withElimination(EntryRowsTest.ENTRIES)
                .replace("if (p != k) { row = U[k, :]; U[k, :] = U[p, :]; U[p, :] = row; d = -d; }", ""),
        ForwardOrderAdjointsTest.checkpointed(PivotedElimination.withElimination(EntryRowsTest.ENTRIES), 1),
    };

    /** A program whose value joins the rows after the loop: the matrix is read after it by an entry. */
    static final String[] JOINED = {
        PivotedElimination.withElimination(EntryRowsTest.ENTRIES).replace("return d;", "return d + U[3, 3] * 0.5;"),
    };

    /** The journal's rows handed over: the generated comment where the join was. */
    private static final String HANDED_OVER = "stays in its rows: handed over to the loop of";

    /** A row of rows handed over put in place of another: {@code t5Rows[t28] = t5Rows[t27];}. */
    private static final String ROW_MOVED = "\\b(\\w+Rows)\\[\\w+\\] = \\1\\[\\w+\\];";

    /** An addition into an entry of an adjoint held as rows: {@code ABarRows[k][j] += t17Bar;}. */
    private static final String ADDED_INTO_ROWS = "\\w*Bar\\w*Rows\\[[^\\]]+\\]\\[[^\\]]+\\] \\+= ";

    @Override
    String[] programs() {
        return both(HANDED, JOINED);
    }

    @Override
    long[] budgets() {
        return new long[] {60, 20, 1, 0};
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void theCompiledGradientIsTheInterpretersAtEveryBudget(int n) {
        assertCompiledIsTheInterpretersAtEveryBudget(n);
    }

    @Test
    void theJournalHandsItsRowsToItsReversal() {
        for (String text : HANDED) {
            if (text.contains("@checkpoint")) {
                continue; // checkpointed whole: no journal
            }
            String grad = GeneratedText.gradientOf(text);
            assertEquals(1, GeneratedText.count(grad, HANDED_OVER), grad);
            // U's one join left is the checkpointed trips', into a flat array of their own
            assertEquals(0, GeneratedText.count(grad, "\\bU\\d* = Rows\\.join\\("), grad);
            assertEquals(1, GeneratedText.count(grad, "double\\[\\] U\\w*Joined = Rows\\.join\\("), grad);
        }
        // the reversal undoes the swap by exchanging the rows' arrays of U and of its adjoint (the forward sweep's
        // swap is the third)
        String swapped = GeneratedText.gradientOf(HANDED[0]);
        assertEquals(3, GeneratedText.count(swapped, ROW_MOVED), swapped);
    }

    /** The reversal holds the adjoint as rows too: its element loop adds into them, joined once at the end. */
    @Test
    void theReversalAddsIntoTheAdjointsRows() {
        for (String text : HANDED) {
            if (text.contains("@checkpoint")) {
                continue;
            }
            String grad = GeneratedText.gradientOf(text);
            assertTrue(GeneratedText.count(grad, ADDED_INTO_ROWS) > 0, grad);
            assertEquals(1, GeneratedText.count(grad, "\\w*Bar\\w* = Rows\\.join\\("), grad);
        }
    }

    /**
     * The matrix read after the loop: the value joins the rows where the loop ends; the gradient reads it from the
     * checkpointed trips' result, which starts from the rows joined for them (and is that copy when they run none),
     * while the journal still hands its rows to its reversal.
     */
    @Test
    void aMatrixReadAfterTheLoopIsReadFromAJoinedCopy() {
        String java = JavaEmitter.emit(Programs.compile(JOINED[0])).source();
        String value = java.substring(java.indexOf(" f("), java.indexOf(" fGrad("));
        assertEquals(1, GeneratedText.count(value, "U\\w* = Rows\\.join\\("), value);
        String grad = GeneratedText.gradientOf(JOINED[0]);
        assertEquals(1, GeneratedText.count(grad, HANDED_OVER), grad);
        assertEquals(1, GeneratedText.count(grad, "double\\[\\] U\\w*Joined = Rows\\.join\\("), grad);
    }

    /** The benchmark's determinants' gradient methods (and their workspace twins): the reversal reads rows. */
    @Test
    void theBenchmarksReversalReadsTheRows() throws IOException {
        String java = JavaEmitter.emit(Programs.compile(new SourceFile("Determinant.grad", benchmark()))).source();
        assertEquals(4, GeneratedText.count(java, HANDED_OVER), java);
        for (String reversal : new String[] {"eliminationGradPart2(", "eliminationGradPart2_1(",
                "eliminationByEntriesGradPart2(", "eliminationByEntriesGradPart2_1("}) {
            int from = java.indexOf("private static void " + reversal);
            assertTrue(from > 0, reversal);
            String code = java.substring(from, java.indexOf("\n    }\n", from));
            assertEquals(1, GeneratedText.count(code, "double\\[\\]\\[\\] \\w+Rows = \\(double\\[\\]\\[\\]\\) objects"),
                    code);
            assertTrue(GeneratedText.count(code, "\\w+Rows\\[i\\]\\[k\\]") > 0, code);
            // U's and its adjoint's swaps undone by exchanging rows; the adjoint's rows added into
            assertEquals(2, GeneratedText.count(code, ROW_MOVED), code);
            assertTrue(GeneratedText.count(code, ADDED_INTO_ROWS) > 0, code);
        }
    }

    /**
     * The benchmark's two determinants, compiled, bit for bit the interpreter's at every budget, at sizes 1..9 and
     * 32, on a matrix that pivots (random) and one that does not (diagonally dominant).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8, 9, 32})
    void theBenchmarksGradientsAreTheInterpretersAtEveryBudget(int size) throws IOException {
        ModuleIr m = Programs.compile(new SourceFile("Determinant.grad", benchmark()));
        CompiledModule c = CompiledModule.load(m);
        Random random = new Random(size);
        double[] pivots = random.doubles(size * size, -1, 1).toArray();
        double[] dominant = random.doubles(size * size, -1, 1).toArray();
        for (int i = 0; i < size; i++) {
            dominant[i * size + i] += 2 * size;
        }
        for (double[] a : new double[][] {pivots, dominant}) {
            for (String fn : new String[] {"elimination", "eliminationByEntries"}) {
                for (long budget : new long[] {Long.MAX_VALUE / 4, 60, 20, 1, 0}) {
                    c.setMaxKeptValues(budget);
                    Object[] nd = {new NDArray(a.clone(), new int[] {size, size})};
                    Runs.Result interpreted = Runs.interpreter(m.function(fn), Map.of("N", size), nd, 1_000_000,
                            budget);
                    CompiledModule.Result got = c.grad(fn, size, a.clone());
                    String where = fn + ", budget " + budget + ", N = " + size;
                    assertEquals(interpreted.value().data()[0], (double) got.value(), 0, where);
                    assertArrayEquals(interpreted.derivatives().get("A").data(), (double[]) got.parts().get("A"), 0,
                            where);
                }
            }
        }
    }

    private static String benchmark() throws IOException {
        return Files.readString(Programs.benchmarks().resolve("bench/Determinant.grad"));
    }
}
