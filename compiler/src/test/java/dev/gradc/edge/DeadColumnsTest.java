package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.check.ModuleChecker;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.emit.JavaEmitter;
import dev.gradc.engine.CompiledModule;
import dev.gradc.fuzz.Runs;
import dev.gradc.ir.IrPrinter;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.Lowering;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.DeadColumns;
import dev.gradc.syntax.Ast;
import dev.gradc.syntax.Parser;
import dev.gradc.testing.Programs;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole-row elimination updates trimmed to the columns read again ({@code passes/DeadColumns}): the row store
 * {@code U[i, :] = U[i, :] - m * U[k, :]} of an elimination whose array nothing reads after the loop becomes the
 * element loop over columns k + 1 onwards, the graph the element-write form lowers to; the programs the proof does
 * not cover stay as written. Truth as for every {@link TripsAndBudgetsTest} (each engine, central differences,
 * every budget the default's bit for bit) at {@link PivotedElimination#SWAPPING}; the compiled gradient the
 * interpreter's at budgets 60, 20, 1 and 0; each rewritten program's generated Java the element program's up to
 * source positions and comments, its values and gradients bit for bit the element program's in the interpreter and
 * the compiled code (the tape, which walks the program as written, to 1e-12); and the
 * benchmark's two determinants at N = 1, 2, 3 and 5. The text tests fail without the pass (the row programs'
 * generated Java differs from the element programs').
 */
class DeadColumnsTest extends SwappingTripsAndBudgetsTest {

    /** The diagonal's product after the elimination (replacing {@code return d;}). */
    static final String DIAGONAL = "for i in 0..4 { d = d * U[i, i]; } return d;";

    /** Back substitution after the elimination: z solves U z = (y, y, y, y). */
    static final String BACK_SUBSTITUTION = """
            z = zeros(4);
              for r in 0..4 {
                i = 3 - r;
                t = y;
                for j in i+1..4 { t = t - U[i, j] * z[j]; }
                z[i] = t / U[i, i];
              }
              return d + sum(z * z);""";

    /** The upper triangle's sum of squares (j from i), U[1, 2] in a branch and U[0, 3]. */
    static final String UPPER = """
            s = U[0, 3];
              for i in 0..4 { for j in i..4 { s = s + U[i, j] * U[i, j] * 0.125; } }
              if (y > 0) { s = s + U[1, 2]; }
              return d + s;""";

    /** The row form of the 4×4 eliminations below pivot k, and the element form each must become. */
    private static final String[][] REWRITTEN = {
        // the benchmark's elimination with partial pivoting
        {PivotedElimination.TEXT, PivotedElimination.withElimination(PivotedElimination.ENTRIES)},
        // the same with -= (which reads the row after computing the right-hand side: so does its element form)
        {PivotedElimination.withElimination("for i in k+1..4 { m = U[i, k] / U[k, k]; U[i, :] -= m * U[k, :]; }"),
            PivotedElimination.withElimination(PivotedElimination.ENTRIES.replace("U[i, j] = U[i, j] - m * U[k, j];",
                    "U[i, j] -= m * U[k, j];"))},
        // no pivoting
        {noPivoting("U[i, :] = U[i, :] - m * U[k, :];"),
            noPivoting("for j in k+1..4 { U[i, j] = U[i, j] - m * U[k, j]; }")},
        // an update with negation, a division by a scalar and scalars from outside the row loop
        {PivotedElimination.withElimination("""
            for i in k+1..4 { m = U[i, k] / U[k, k]; U[i, :] = (U[i, :] * y - m * U[k, :]) / 2 + -U[k, :] * 0.125; }
            """),
            PivotedElimination.withElimination("""
            for i in k+1..4 {
              m = U[i, k] / U[k, k];
              for j in k+1..4 { U[i, j] = (U[i, j] * y - m * U[k, j]) / 2 + -U[k, j] * 0.125; }
            }
            """)},
        // the matrix read after the loop on and right of the diagonal only: the diagonal's product
        readAfter(DIAGONAL),
        // back substitution: U z = (y, ..., y), z[i] from U[i, j] for j from i + 1 and U[i, i]
        readAfter(BACK_SUBSTITUTION),
        // the upper triangle, j from i, and two literal entries, one in a branch
        readAfter(UPPER),
        // no pivoting, the diagonal's product
        {noPivoting("U[i, :] = U[i, :] - m * U[k, :];").replace("return d;", DIAGONAL),
            noPivoting("for j in k+1..4 { U[i, j] = U[i, j] - m * U[k, j]; }").replace("return d;", DIAGONAL)},
    };

    /** The pivoted elimination as whole rows and as entries, both reading the matrix as {@code after} does. */
    private static String[] readAfter(String after) {
        return new String[] {PivotedElimination.TEXT.replace("return d;", after),
            PivotedElimination.withElimination(PivotedElimination.ENTRIES).replace("return d;", after)};
    }

    /** Programs the proof does not cover: each stays as written. */
    private static final String[] KEPT = {
        // U read after the loop, by an elementwise product
        PivotedElimination.TEXT.replace("return d;", "return d + sum(U * U) * 0.01;"),
        // U read after the loop, by a column sum
        PivotedElimination.TEXT.replace("return d;", "return d + sum(U[:, 0]) * 0.25;"),
        // the trip reads column k - 1 (left of the pivot: a column the row stores wrote)
        PivotedElimination.TEXT.replace("d = d * U[k, k] * y;",
                "d = d * U[k, k] * y; if (k > 0) { d = d + U[3, k - 1] * 0.0625; }"),
        // the row loop's multiplier reads column 0 of row i
        PivotedElimination.TEXT.replace("m = U[i, k] / U[k, k];", "m = (U[i, k] + U[i, 0] * 0.0625) / U[k, k];"),
        // the row loop starts at k: row k is written too
        noPivoting("U[i, :] = U[i, :] - m * U[k, :] * 0.5;").replace("for i in k+1..4", "for i in k..4"),
        // the row store reads a row other than i and k
        noPivoting("U[i, :] = U[i, :] - m * U[3, :];"),
        // after the loop: the lower triangle (j from 0)
        PivotedElimination.TEXT.replace("return d;",
                "for i in 0..4 { for j in 0..4 { d = d + U[i, j] * 0.125; } } return d;"),
        // after the loop: an entry left of the diagonal, in a branch
        PivotedElimination.TEXT.replace("return d;", "if (y > 0) { d = d + U[2, 1]; } return d;"),
        // after the loop: j from i - 1
        PivotedElimination.TEXT.replace("return d;", "for i in 1..4 { for j in i-1..4 { d = d + U[i, j]; } } return d;"),
        // after the loop: a whole row
        PivotedElimination.TEXT.replace("return d;", "return d + sum(U[1, :]) * 0.5;"),
        // after the loop: a slice of a row right of the diagonal (a slice: not an entry the proof names)
        PivotedElimination.TEXT.replace("return d;", "return d + sum(U[1, 2:4]) * 0.5;"),
        // after the loop: the upper triangle by triu, a call on the whole matrix
        PivotedElimination.TEXT.replace("return d;", "return d + sum(triu(U)) * 0.5;"),
        // after the loop: the diagonal, but the trip swaps row k with row 3 - k, which may be above k: at k = 2
        // row 2's entry in column 1 (a residue) moves to row 1, on the diagonal
        PivotedElimination.TEXT.replace("if (p != k)", "p = 3 - k; if (p != k)").replace("return d;", DIAGONAL),
    };

    private static String noPivoting(String update) {
        return PivotedElimination.withoutPivoting(update, "d");
    }

    @Override
    String[] programs() {
        String[] rows = new String[REWRITTEN.length];
        for (int p = 0; p < rows.length; p++) {
            rows[p] = REWRITTEN[p][0];
        }
        return both(rows, KEPT);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void theCompiledGradientIsTheInterpretersAtEveryBudget(int n) {
        assertCompiledIsTheInterpretersAtEveryBudget(n);
    }

    @Test
    void theRowProgramsCompileToTheElementPrograms() {
        for (String[] pair : REWRITTEN) {
            assertEquals(normalised(java(pair[1])), normalised(java(pair[0])), pair[0]);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4})
    void theRowProgramsGiveTheElementProgramsBits(int n) {
        for (String[] pair : REWRITTEN) {
            Map<String, Engines.Answer> rows = Engines.run(pair[0], x(), y(n), n);
            Map<String, Engines.Answer> entries = Engines.run(pair[1], x(), y(n), n);
            for (String engine : Engines.NAMES) {
                // the tape walks each program as written, whole rows or entries: the same to rounding only
                double tolerance = engine.equals("tape") ? 1e-12 : 0;
                assertArrayEquals(entries.get(engine).value(), rows.get(engine).value(), tolerance,
                        engine + ": " + pair[0]);
                assertArrayEquals(entries.get(engine).gradient().get("x"), rows.get(engine).gradient().get("x"),
                        tolerance, engine + ": " + pair[0]);
            }
        }
    }

    @Test
    void theOthersStayAsWritten() {
        for (String[] pair : REWRITTEN) {
            FunctionIr lowered = lowered(pair[0]);
            assertNotSame(lowered.graph(), DeadColumns.apply(lowered.graph()), pair[0]);
        }
        for (String text : KEPT) { // the graph every engine and the emitter read: the lowered one
            FunctionIr lowered = lowered(text);
            assertSame(lowered.graph(), DeadColumns.apply(lowered.graph()), text);
            assertEquals(IrPrinter.print(lowered.graph()), IrPrinter.print(Programs.compile(text).function("f").graph()),
                    text);
        }
    }

    /**
     * The programs read after the loop give, trimmed, what the program as written gives: the interpreter run on the
     * graph before the pass (the whole-row update) has the same value bits, and the same gradient to rounding (the
     * multiplier's adjoint sums the row's terms in another order), at 0 to 4 trips.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4})
    void theTrimmedProgramsGiveTheUntrimmedValues(int n) {
        for (String[] pair : REWRITTEN) {
            Object[] args = {new NDArray(x().clone(), new int[] {16}), NDArray.scalar(y(n)), n};
            Runs.Result untrimmed = Runs.interpreter(lowered(pair[0]), Map.of(), args, 1_000);
            Map<String, Engines.Answer> trimmed = Engines.run(pair[0], x(), y(n), n);
            for (String engine : Engines.NAMES) {
                double tolerance = engine.equals("tape") ? 1e-12 : 0;
                assertArrayEquals(untrimmed.value().data(), trimmed.get(engine).value(), tolerance,
                        engine + ": " + pair[0]);
                assertArrayEquals(untrimmed.derivatives().get("x").data(), trimmed.get(engine).gradient().get("x"),
                        1e-12, engine + ": " + pair[0]);
            }
        }
    }

    /**
     * The documented difference (docs/language.md, Kinks and special values): with U[0, 0] = +inf the whole-row
     * update's column 0 is {@code U[i, 0] - 0 * inf}, NaN, a residue nothing reads, and the multiplier's adjoint has
     * the term {@code 0 * inf}: the program as written (the graph before the pass) has a NaN gradient; trimmed, the
     * interpreter and the compiled code give the finite gradient of the element program, bit for bit, and the value
     * is the same. The tape, which runs the program as written, has the untrimmed NaN (the element program's finite
     * gradient when written so).
     */
    @Test
    void anInfiniteTrimmedEntryLeavesTheGradientFinite() {
        double[] x = x().clone();
        x[0] = Double.POSITIVE_INFINITY;
        String rows = noPivoting("U[i, :] = U[i, :] - m * U[k, :];").replace("return d;", RECIPROCALS);
        String entries = noPivoting("for j in k+1..4 { U[i, j] = U[i, j] - m * U[k, j]; }")
                .replace("return d;", RECIPROCALS);
        Object[] args = {new NDArray(x.clone(), new int[] {16}), NDArray.scalar(0.8), 4};
        Runs.Result untrimmed = Runs.interpreter(lowered(rows), Map.of(), args, 1_000);
        double[] asWritten = untrimmed.derivatives().get("x").data();
        assertTrue(java.util.Arrays.stream(asWritten).anyMatch(Double::isNaN), java.util.Arrays.toString(asWritten));
        Map<String, Engines.Answer> trimmed = Engines.run(rows, x.clone(), 0.8, 4);
        Map<String, Engines.Answer> element = Engines.run(entries, x.clone(), 0.8, 4);
        double[] want = element.get("compiled").gradient().get("x");
        assertTrue(java.util.Arrays.stream(want).allMatch(Double::isFinite), java.util.Arrays.toString(want));
        for (String engine : Engines.NAMES) {
            double tolerance = engine.equals("tape") ? 1e-12 : 0;
            assertEquals(untrimmed.value().data()[0], trimmed.get(engine).value()[0], tolerance, engine);
            assertArrayEquals(want, element.get(engine).gradient().get("x"), tolerance, engine);
            // the tape runs the program as written, whole rows: the untrimmed NaN (docs/language.md says so)
            assertArrayEquals(engine.equals("tape") ? asWritten : want, trimmed.get(engine).gradient().get("x"),
                    tolerance, engine);
        }
        for (int e = 1; e < x.length; e++) { // each finite entry by central differences of the compiled value
            double[] up = x.clone();
            double[] down = x.clone();
            up[e] += 1e-6;
            down[e] -= 1e-6;
            CompiledModule c = CompiledModule.load(Programs.compile(rows));
            double central = ((double) c.value("f", up, 0.8, 4) - (double) c.value("f", down, 0.8, 4)) / 2e-6;
            assertEquals(central, want[e], 1e-6 * Math.max(1, Math.abs(central)), "entry " + e);
        }
    }

    /** The reciprocals of the diagonal after the elimination, times y (replacing {@code return d;}). */
    static final String RECIPROCALS = "s = 0; for i in 0..4 { s = s + y / U[i, i]; } return s;";

    /**
     * A derivative inside a program, {@code grad(f, x)(x, y, n)}, differentiates the trimmed f too: its value is f's
     * gradient bit for bit in every engine (the tape to rounding), also where a trimmed entry is infinite and the
     * untrimmed gradient NaN.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aDerivativeInsideAProgramIsTheTrimmedGradient(boolean infinite) {
        double[] x = x().clone();
        x[0] = infinite ? Double.POSITIVE_INFINITY : x[0];
        String f = noPivoting("U[i, :] = U[i, :] - m * U[k, :];").replace("return d;", RECIPROCALS);
        String text = f + """
                fn h(x: real[16], y: real, n: int) -> real[16] {
                  return grad(f, x)(x, y, n);
                }
                """;
        SourceFile source = new SourceFile("test.grad", text);
        ModuleIr m = Programs.compile(source);
        CompiledModule c = CompiledModule.load(m);
        double[] want = (double[]) c.grad("f", x.clone(), 0.8, 4).parts().get("x");
        assertTrue(java.util.Arrays.stream(want).allMatch(Double::isFinite), java.util.Arrays.toString(want));
        Object[] args = {new NDArray(x.clone(), new int[] {16}), NDArray.scalar(0.8), 4};
        assertArrayEquals(want, (double[]) c.value("h", x.clone(), 0.8, 4), 0, "compiled");
        assertArrayEquals(want, Runs.interpreter(m.function("h"), Map.of(), args, 1_000).value().data(), 0,
                "interpreter");
        assertArrayEquals(want, Runs.tape(source, m, m.function("h"), Map.of(), args, 1_000).value().data(), 1e-12,
                "tape");
    }

    /** The benchmark's two determinants: the same generated Java, and the same bits in every engine at every N. */
    @Test
    void theBenchmarksRowEliminationIsItsElementElimination() throws IOException {
        String text = Files.readString(Programs.benchmarks().resolve("bench/Determinant.grad"));
        int cut = text.indexOf("// The same elimination written");
        assertTrue(cut > 0, "the benchmark's text changed");
        String header = text.substring(0, text.indexOf("@grad(A)"));
        String rows = text.substring(0, cut);
        String entries = header + text.substring(cut).replace("eliminationByEntries", "elimination");
        assertEquals(normalised(javaOf(entries)), normalised(javaOf(rows)));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 5})
    void theBenchmarksDeterminantsAgreeBitForBit(int size) throws IOException {
        String text = Files.readString(Programs.benchmarks().resolve("bench/Determinant.grad"));
        SourceFile source = new SourceFile("Determinant.grad", text);
        ModuleIr m = Programs.compile(source);
        CompiledModule c = CompiledModule.load(m);
        double[] a = new Random(size).doubles(size * size, -1, 1).toArray();
        Map<String, Integer> sizes = Map.of("N", size);
        Object[] nd = {new NDArray(a.clone(), new int[] {size, size})};
        CompiledModule.Result want = c.grad("eliminationByEntries", size, a.clone());
        double[] wantGrad = (double[]) want.parts().get("A");
        for (String fn : new String[] {"elimination", "eliminationByEntries"}) {
            CompiledModule.Result got = c.grad(fn, size, a.clone());
            assertEquals((double) want.value(), (double) got.value(), 0, fn);
            assertArrayEquals(wantGrad, (double[]) got.parts().get("A"), 0, fn);
            Runs.Result interpreted = Runs.interpreter(m.function(fn), sizes, nd, 1_000_000);
            assertEquals((double) want.value(), interpreted.value().data()[0], 0, fn);
            assertArrayEquals(wantGrad, interpreted.derivatives().get("A").data(), 0, fn);
            Runs.Result taped = Runs.tape(source, m, m.function(fn), sizes, nd, 1_000_000);
            assertEquals((double) want.value(), taped.value().data()[0], 1e-12, fn);
            assertArrayEquals(wantGrad, taped.derivatives().get("A").data(), 1e-12, fn);
        }
        for (int e = 0; e < a.length; e++) { // d det / d a_e, by central differences of the compiled value
            double[] up = a.clone();
            double[] down = a.clone();
            up[e] += 1e-6;
            down[e] -= 1e-6;
            double central = ((double) c.value("elimination", size, up) - (double) c.value("elimination", size, down))
                    / 2e-6;
            assertEquals(central, wantGrad[e], 1e-6 * Math.max(1, Math.abs(central)), "entry " + e);
        }
    }

    /** f of the program as lowered, before {@code passes/DeadColumns}. */
    private static FunctionIr lowered(String text) {
        SourceFile source = new SourceFile("test.grad", text);
        Diagnostics d = new Diagnostics();
        Ast.Module module = Parser.parse(source, d);
        ModuleChecker.check(module, d);
        ModuleIr m = Lowering.lower(module, source, "", "Test", d);
        assertTrue(m != null && !d.hasErrors(), text);
        return m.function("f");
    }

    private static String java(String text) {
        return JavaEmitter.emit(Programs.compile(new SourceFile("test.grad", text))).source();
    }

    private static String javaOf(String text) {
        return JavaEmitter.emit(Programs.compile(new SourceFile("Determinant.grad", text))).source();
    }

    /** Java without comments, source positions and layout (names that differ only by lines, as #end60_7). */
    private static String normalised(String java) {
        return java.replaceAll("//[^\n]*", "").replaceAll("\\.grad:\\d+(:\\d+)?", ".grad:L")
                .replaceAll("(?i)end\\d+_\\d+", "endL").replaceAll("\\s+", "");
    }
}
