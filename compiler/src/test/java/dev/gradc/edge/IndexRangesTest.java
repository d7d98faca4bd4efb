package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.emit.JavaEmitter;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An index the compiler proves within its dimension — a counted loop's counter, a count-down {@code while}'s,
 * the adjoint loops' mirrors of them, sums and constant multiples of such — is written {@code x[i]}, without
 * {@code Checks.index}; every other index keeps its check, so that a program indexing out of range fails with its
 * position in every engine instead of reading a neighbouring row of a matrix.
 */
class IndexRangesTest {

    /** Indices in range by the loops' bounds: literal dimensions. */
    private static final String LITERAL = """
            fn f(x: real[16], y: real, n: int) -> real {
              U = reshape(x, 4, 4);
              s = 0;
              for k in 0..4 {
                for i in k+1..4 {
                  s = s + U[i, k] * U[k, i] * y + U[3 - i, 3 - k];
                }
              }
              c = 4;
              while (c > 0) {
                s = s * 0.5 + x[c - 1] * y;
                c = c - 1;
              }
              for j in 0..8 {
                s = s + sin(x[15 - 2 * j] * y);
              }
              for r in 0..n {
                s = s * y;
              }
              return s;
            }
            """;

    /** Indices in range by the sizes: a Horner loop over samples, then a loop counting down. */
    private static final String SIZED = """
            @grad(c, y)
            fn f<N, M>(c: real[M], t: real[N], y: real) -> real {
              s = 0;
              for i in 0..N {
                p = 0;
                for j in 0..M {
                  p = p * t[i] + c[M-1-j];
                }
                r = y - p;
                s = s + r * r;
              }
              k = N;
              while (k > 0) {
                s = s + t[k - 1] * y;
                k = k - 1;
              }
              return 0.5 * s;
            }
            """;

    private static final double[] X = Engines.X16;

    /**
     * No index of the sized program is checked; nor is any of the literal one's value, nor of its gradient's
     * loops but those of its checkpointing schedule (the elimination's loop, nested, is checkpointed: a trip run
     * again from a snapshot starts at a counter popped from a stack, which the emitter knows nothing of).
     */
    @Test
    void indicesInRangeByTheirLoopsAreNotChecked() {
        String sized = JavaEmitter.emit(Programs.compile(SIZED)).source();
        assertFalse(sized.contains("Checks.index"), sized);
        String literal = JavaEmitter.emit(Programs.compile(LITERAL)).source();
        int value = literal.indexOf("public static double f(double[] x, double y, int n) {");
        assertTrue(value >= 0, literal);
        assertFalse(literal.substring(value, literal.indexOf("\n    }\n", value)).contains("Checks.index"), literal);
        java.util.List<String> lines = LITERAL.lines().toList();
        for (String read : new String[] {"x[c - 1]", "x[15 - 2 * j]"}) {
            int line = 1 + java.util.stream.IntStream.range(0, lines.size()).filter(k -> lines.get(k).contains(read))
                    .findFirst().orElseThrow();
            assertTrue(literal.contains("grad:" + line + ")"), read); // the statement is there, unchecked
            assertFalse(literal.matches("(?s).*Checks\\.index\\([^;]*\\.grad:" + line + ":.*"), read + "\n" + literal);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void theUncheckedProgramsAgreeWithCentralDifferences(int n) {
        Engines.agreeWithCentralDifferences(LITERAL, X, 0.8, n);
        Engines.agreeWithCentralDifferences(LITERAL, X, -1.3, n);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 3})
    void theSizedProgramAgreesWithCentralDifferences(int samples) {
        double[] c = {0.4, -0.7, 0.25, 1.1};
        double[] t = {0.3, -1.2, 0.8};
        double[] ts = java.util.Arrays.copyOf(t, samples);
        Map<String, Integer> sizes = Map.of("N", samples, "M", c.length);
        Map<String, Engines.Answer> all = Engines.run(sizes, SIZED, c, ts, 0.6);
        Engines.Answer compiled = all.get("compiled");
        for (var e : all.entrySet()) {
            assertArrayEquals(compiled.gradient().get("c"), e.getValue().gradient().get("c"), 1e-12, e.getKey());
            assertArrayEquals(compiled.gradient().get("y"), e.getValue().gradient().get("y"), 1e-12, e.getKey());
        }
        double h = 1e-6;
        for (int i = 0; i < c.length; i++) {
            double[] up = c.clone();
            double[] down = c.clone();
            up[i] += h;
            down[i] -= h;
            double diff = (value(sizes, up, ts, 0.6) - value(sizes, down, ts, 0.6)) / (2 * h);
            double got = compiled.gradient().get("c")[i];
            assertEquals(diff, got, 1e-6 * (1 + Math.abs(got)), "d/dc" + i + ", N = " + samples);
        }
        double diff = (value(sizes, c, ts, 0.6 + h) - value(sizes, c, ts, 0.6 - h)) / (2 * h);
        assertEquals(diff, compiled.gradient().get("y")[0], 1e-6 * (1 + Math.abs(diff)), "d/dy, N = " + samples);
    }

    private static double value(Map<String, Integer> sizes, double[] c, double[] t, double y) {
        return Engines.run(sizes, SIZED, c.clone(), t.clone(), y).get("tape").value()[0];
    }

    /**
     * A loop counting down from {@code t = max(0, 16 - (k + 1))} with a column {@code j} stepped down beside it from
     * {@code k + 1 + t}: the shape of the reversed trips of {@code for j in k+1..16}, which the gradient pass builds
     * (the trip count counted down, the counter stepped back from start plus trips). In its body the count is at
     * least 1, so {@code t} is {@code 16 - (k + 1)}, not 0, and {@code j} lies in {@code [k + 1, 15]}: read unchecked.
     */
    static final String COUNTED_DOWN = """
            fn f(x: real[16], y: real, n: int) -> real {
              s = 0;
              for k in 0..16 {
                t = max(0, 16 - (k + 1));
                c = t;
                j = k + 1 + t;
                while (c > 0) {
                  j = j - 1;
                  s = s + x[j] * y * x[k];
                  c = c - 1;
                }
              }
              return s;
            }
            """;

    /**
     * The benchmark's elimination with element writes ({@code bench/Determinant.grad}, eliminationByEntries) of a
     * 4×4 matrix, all four pivots ({@link PivotedElimination}, its bound 0..n made 0..4).
     */
    static final String ELIMINATION_BY_ENTRIES = PivotedElimination.withElimination("""
            for i in k+1..4 {
              m = U[i, k] / U[k, k];
              for j in k+1..4 { U[i, j] = U[i, j] - m * U[k, j]; }
            }
            """).replace("for k in 0..n {", "for k in 0..4 {");

    /** The value method of {@code f} in generated source {@code source}. */
    private static String valueMethod(String source, String signature) {
        int value = source.indexOf(signature);
        assertTrue(value >= 0, source);
        return source.substring(value, source.indexOf("\n    }\n", value));
    }

    @Test
    void aColumnSteppedBesideACountDownFromItsTripCountIsNotChecked() {
        String source = JavaEmitter.emit(Programs.compile(COUNTED_DOWN)).source();
        String value = valueMethod(source, "public static double f(double[] x, double y, int n) {");
        assertTrue(value.contains("Math.max(0, "), value); // the trip count is there, as max(0, ...)
        assertFalse(value.contains("Checks.index"), value);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 3})
    void theCountDownProgramAgreesWithCentralDifferences(int n) {
        Engines.sameValueAndCentralDifferences(COUNTED_DOWN, X, 0.7, n);
    }

    /**
     * The journaled reversal of the element-write determinant (the trips within half the kept-values budget) reads
     * the rows below the pivot and the columns right of it with counters counted down from trip counts
     * {@code max(0, 4 - (k + 1))}: none of its reads or writes of the element update or the multiplier is
     * checked (in its loop of pairs; the odd trip left after it checks the row). The trips reversed from
     * checkpoints start at counters popped from stacks: theirs are.
     */
    @Test
    void theJournaledReversalOfTheEliminationChecksNoEntry() {
        String source = JavaEmitter.emit(Programs.compile(ELIMINATION_BY_ENTRIES)).source();
        java.util.List<String> lines = ELIMINATION_BY_ENTRIES.lines().toList();
        int update = 1 + java.util.stream.IntStream.range(0, lines.size())
                .filter(k -> lines.get(k).contains("U[i, j] = U[i, j] - m * U[k, j];")).findFirst().orElse(-1);
        int multiplier = 1 + java.util.stream.IntStream.range(0, lines.size())
                .filter(k -> lines.get(k).contains("m = U[i, k] / U[k, k];")).findFirst().orElse(-1);
        assertTrue(update > 1 && multiplier > 1, ELIMINATION_BY_ENTRIES);
        // the outer loop's journaled trips, reversed at the top (a loop reversed from a checkpoint journals its row
        // loop too, k popped: those keep their checks)
        boolean unchecked = false;
        for (int at = source.indexOf("reverses the journaled trips"); at >= 0;
             at = source.indexOf("reverses the journaled trips", at + 1)) {
            String whole = source.substring(at, source.indexOf("\n    }\n", at));
            // up to the end of its first element loop: the loop of pairs (passes/JammedRows), whose counters are
            // proved; the one trip an odd count leaves after it starts from the pairs' last counter, and checks i
            int first = whole.indexOf("int j = ");
            String reversal = first < 0 ? whole : whole.substring(0, whole.indexOf("if (innerTrips", first));
            unchecked |= reversal.contains("int j = ") && java.util.stream.IntStream.of(update, multiplier).noneMatch(
                    line -> reversal.matches("(?s).*Checks\\.index\\([^;]*\\.grad:" + line + ":.*"));
        }
        assertTrue(unchecked, source);
        // the checkpointed trips' reversal keeps its checks (counters popped from stacks)
        assertTrue(source.matches("(?s).*Checks\\.index\\([^;]*\\.grad:" + update + ":.*"), source);
    }

    /**
     * The element-write determinant of a matrix whose elimination swaps rows and of one whose does not: compiled
     * gradients are the interpreter's bit for bit at every kept-values budget (the journaled trips, checkpointed
     * ones, none kept), every engine's value the compiled value's, and the central differences of the value.
     */
    @Test
    void theEliminationByEntriesAgreesAtEveryBudget() {
        for (double[] a : new double[][] {PivotedElimination.SWAPPING, X}) {
            double[] want = Engines.runOne("interpreter", ELIMINATION_BY_ENTRIES, a.clone(), 0.9, 0).gradient().get("x");
            dev.gradc.engine.CompiledModule c = dev.gradc.engine.CompiledModule.load(
                    Programs.compile(ELIMINATION_BY_ENTRIES));
            for (long budget : new long[] {1L << 20, 60, 20, 1, 0}) {
                c.setMaxKeptValues(budget);
                assertArrayEquals(want, (double[]) c.grad("f", a.clone(), 0.9, 0).parts().get("x"), 0,
                        "budget " + budget);
            }
            Engines.sameValueAndCentralDifferences(ELIMINATION_BY_ENTRIES, a, 0.9, 0);
        }
    }

    /**
     * Programs whose index may leave its dimension, each with the place every engine must report: a counter
     * shifted below 0, a column one past the matrix's (which unchecked would read the next row), a loop's final
     * counter read after it, a multiple past the end, an int argument, and a loop whose start does not fit an
     * int (Java's wrapped counter is not the one the bounds describe).
     */
    private static final String[][] OUT_OF_RANGE = {
        {"fn f(x: real[16], y: real, n: int) -> real {\n  s = 0;\n  for i in 1..4 {\n    s = s + x[i - 2] * y;\n"
            + "  }\n  return s;\n}", "edge.grad:4:", "index -1 is out of bounds for dimension 0 of length 16"},
        {"fn f(x: real[16], y: real, n: int) -> real {\n  U = reshape(x, 4, 4);\n  s = 0;\n  for j in 0..4 {\n"
            + "    s = s + U[1, j + 1] * y;\n  }\n  return s;\n}", "edge.grad:5:",
            "index 4 is out of bounds for dimension 1 of length 4"},
        {"fn f(x: real[16], y: real, n: int) -> real {\n  s = 0;\n  i = 0;\n  while (i < 16) {\n"
            + "    s = s + x[i] * y;\n    i = i + 1;\n  }\n  return s + x[i];\n}", "edge.grad:8:",
            "index 16 is out of bounds for dimension 0 of length 16"},
        {"fn f(x: real[16], y: real, n: int) -> real {\n  s = 0;\n  for i in 0..16 {\n    s = s + x[2 * i] * y;\n"
            + "  }\n  return s;\n}", "edge.grad:4:", "index 16 is out of bounds for dimension 0 of length 16"},
        {"fn f(x: real[16], y: real, n: int) -> real {\n  return x[n] * y;\n}", "edge.grad:2:",
            "index 20 is out of bounds for dimension 0 of length 16"},
        // counted down from max(0, x) but the column starts one past: j - 1 reaches 16 at k = 0
        {COUNTED_DOWN.replace("j = k + 1 + t;", "j = k + 2 + t;"), "edge.grad:9:",
            "index 16 is out of bounds for dimension 0 of length 16"},
        // counted down to -1: the body runs at count 0 too, where max(0, x) may be 0 and x negative (k = 15: x = -1,
        // the column starts at k + 2 = 17 and reads 16)
        {COUNTED_DOWN.replace("(k + 1))", "(k + 2))").replace("j = k + 1 + t;", "j = k + 2 + t;")
            .replace("while (c > 0)", "while (c > -1)"), "edge.grad:9:",
            "index 16 is out of bounds for dimension 0 of length 16"},
    };

    @Test
    void indicesThatMayLeaveTheirDimensionAreCheckedInEveryEngine() {
        for (String[] p : OUT_OF_RANGE) {
            String text = p[0];
            assertTrue(JavaEmitter.emit(Programs.compile(text)).source().contains("Checks.index"), text);
            for (String engine : Engines.NAMES) {
                RuntimeException e = assertThrows(RuntimeException.class,
                        () -> Engines.runOne(engine, text, X.clone(), 0.5, 20));
                String message = String.valueOf(e.getMessage());
                assertTrue(message.contains(p[1]) && message.contains(p[2]), engine + ": " + message + "\n" + text);
            }
        }
    }

    /** A start that does not fit an int: the bounds say nothing of Java's wrapped counter, which is checked. */
    @Test
    void aLoopWhoseBoundsMayNotFitAnIntKeepsItsChecks() {
        String text = """
                fn f<N>(x: real[N], y: real) -> real {
                  s = 0;
                  for i in N + 2147483647..N {
                    s = s + x[i - 2147483647 - N] * y;
                  }
                  return s;
                }
                """;
        String source = JavaEmitter.emit(Programs.compile(text)).source();
        assertTrue(source.contains("Checks.index"), source);
    }
}
