package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.emit.JavaEmitter;
import dev.gradc.engine.CompiledModule;
import dev.gradc.fuzz.Runs;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.GeneratedText;
import dev.gradc.testing.Programs;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Adjoint loops whose trips commute exactly run them in forward order ({@code passes/HandedLoops.ascends}): the
 * element loop of a trailing update ({@code passes/TrailingUpdates}) pops nothing per trip, each trip reads the
 * adjoint of its own entry [i, j] and adds into row k and column k, so its reversal visits j upward (issue 20: the
 * rows in memory order). The programs that must not — a reversed loop that pops per trip, trips that read what
 * another trip writes (a prefix recurrence) — keep the count-down form. Truth as for every
 * {@link TripsAndBudgetsTest} (each engine, central differences at 0, 1, 2 and 4 trips, every budget the default
 * budget's gradient bit for bit, at {@link PivotedElimination#SWAPPING}), the compiled gradient bit for bit the
 * interpreter's at every budget; the text checks fail on the old code (no reversed loop counted upward).
 */
class ForwardOrderAdjointsTest extends SwappingTripsAndBudgetsTest {

    private static final String ENTRIES = PivotedElimination.ENTRIES;

    /** Programs whose reversed element loops run forward. */
    static final String[] FORWARD = {
        // the determinant with partial pivoting, as the benchmark's eliminationByEntries writes it
        PivotedElimination.withElimination(ENTRIES),
        // LU without pivoting, the final array read after the loop
        PivotedElimination.LU,
        // the trips add into row k, into column k at row j (U[j, k]) and into the shared U[k, 3]
        PivotedElimination.withElimination("""
            for i in k+1..4 {
              m = U[i, k] / U[k, k];
              for j in k+1..4 { U[i, j] = U[i, j] - (m * U[k, j] - U[j, k] * U[k, 3] * 0.0625); }
            }
            """),
        // both loops short of the size
        PivotedElimination.withElimination(ENTRIES.replace("k+1..4", "k+1..3")),
        // LU without pivoting, no multiplier: the element loop reads column k and row k through a sine
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          d = 1;
          for k in 0..n {
            d = d * U[k, k];
            for i in k+1..4 {
              for j in k+1..4 { U[i, j] = U[i, j] - U[i, k] / U[k, k] * sin(U[k, j] * y); }
            }
          }
          return d + sum(U * U) * 0.01;
        }
        """,
    };

    /** Programs whose reversed inner loops must count down. */
    static final String[] BACKWARD = {
        // the element loop keeps the old entry it reads besides the write's operand: its reversal pops per trip
        PivotedElimination.READS_OLD_ENTRY,
        // a prefix recurrence: trip j reads the entry trip j - 1 wrote
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for k in 0..n {
            for j in 1..4 { U[k, j] = U[k, j - 1] * y + U[k, j]; }
          }
          return sum(U * U);
        }
        """,
        // the element loop writes column j - 1, column k at its first trip
        PivotedElimination.withElimination(ENTRIES.replace("for j in k+1..4 { U[i, j] = U[i, j] - m * U[k, j]; }",
                "for j in k+1..4 { U[i, j - 1] = U[i, j - 1] - m * U[k, j] * 0.5; }")),
    };

    @Override
    String[] programs() {
        return both(FORWARD, BACKWARD);
    }

    @Override
    long[] budgets() {
        return new long[] {60, 20, 5, 1, 0};
    }

    /** {@code program} with {@code @checkpoint(c)} on its outer loop (over k): each trip reversed from a snapshot. */
    static String checkpointed(String program, int c) {
        String outer = "  for k in 0..n {";
        assertTrue(program.contains(outer), program);
        return program.replace(outer, "  @checkpoint(" + c + ")\n" + outer);
    }

    /**
     * The programs whose element loops run forward, and the one that keeps the entries it reads
     * ({@link PivotedElimination#READS_OLD_ENTRY}), with {@code @checkpoint(1)} and {@code @checkpoint(2)} on the
     * outer loop, so that trips are reversed from snapshots at every budget: at each budget the compiled gradient is
     * the interpreter's under that budget and the gradient of the program without the annotation at the default
     * budget, bit for bit. On the code before {@code CheckpointAdjoint.rowLoops} it failed: a trip recomputed from a
     * snapshot reversed its element loops counting down (the LU at n = 1, last bits of the multiplier's sum).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void aCheckpointedOuterLoopGivesTheSameBits(int n) {
        List<String> plains = new ArrayList<>(List.of(FORWARD));
        plains.add(PivotedElimination.READS_OLD_ENTRY);
        for (String plain : plains) {
            double[] want = (double[]) CompiledModule.load(Programs.compile(plain)).grad("f", x(), y(n), n).parts()
                    .get("x");
            for (int c : new int[] {1, 2}) {
                String text = checkpointed(plain, c);
                ModuleIr m = Programs.compile(text);
                CompiledModule compiled = CompiledModule.load(m);
                // two snapshots of 17 values or more do not fit in the smaller budgets, which @checkpoint(2) asks for
                long[] budgets = c == 1 ? new long[] {Long.MAX_VALUE / 4, 60, 20, 5, 1, 0}
                        : new long[] {Long.MAX_VALUE / 4, 200, 60};
                for (long budget : budgets) {
                    compiled.setMaxKeptValues(budget);
                    double[] got = (double[]) compiled.grad("f", x(), y(n), n).parts().get("x");
                    Object[] args = {new NDArray(x().clone(), new int[] {16}), NDArray.scalar(y(n)), n};
                    double[] interpreted = Runs.interpreter(m.function("f"), java.util.Map.of(), args, 1_000, budget)
                            .derivatives().get("x").data();
                    String where = "budget " + budget + ", n = " + n + ": " + text;
                    assertArrayEquals(interpreted, got, 0, "the interpreter's, " + where);
                    assertArrayEquals(want, got, 0, where);
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 4})
    void theCompiledGradientIsTheInterpretersAtEveryBudget(int n) {
        assertCompiledIsTheInterpretersAtEveryBudget(n);
    }

    /** The reversed loops over j of generated code {@code java}: from each one's comment to its iteration-limit throw. */
    private static List<String> reversedLoops(String java) {
        List<String> out = new ArrayList<>();
        for (int at = java.indexOf("// adjoint: for j in"); at >= 0; at = java.indexOf("// adjoint: for j in", at + 1)) {
            int to = java.indexOf("throw new IterationLimitException", at);
            if (to > at) {
                out.add(java.substring(at, to));
            }
        }
        assertFalse(out.isEmpty(), java);
        return out;
    }

    /**
     * Every adjoint loop of each program that runs in forward order ({@link GeneratedText#forwardOrderLoops}, not
     * only those under an "adjoint: for j" comment): its counter j steps up and is not declared one back from an end
     * in its body, and it checks j only where it checks another index too (k's range unknown: k runs to n, or is
     * popped from a snapshot in a trip recomputed past the budget, where a split method names it t0). With the
     * outer loop bounded by the size ({@code for k in 0..4}) the journal's reversal proves every index: some
     * forward-order loop checks none. (The 4x4 programs keep every check where k runs to n, so without that variant
     * the rule that j counted up is proved in range as counted down went unchecked.)
     */
    @Test
    void theElementLoopsRunForward() {
        for (String text : FORWARD) {
            assertForwardOrderLoops(text, false);
            assertForwardOrderLoops(text.replace("for k in 0..n", "for k in 0..4"), true);
        }
    }

    /** Another index than j checked: k's, i's (as named in a split method or not). */
    private static final java.util.regex.Pattern OTHER_CHECK = java.util.regex.Pattern.compile(
            "Checks\\.index\\((?!j\\d*,)\\w+,");
    /** The counter j (j2, ... where a loop of pairs took the name: passes/JammedRows) stepped up, declared, checked. */
    private static final java.util.regex.Pattern J_UP = java.util.regex.Pattern.compile("\\b(j\\d*) = \\1 \\+ 1;");
    private static final java.util.regex.Pattern J_DECLARED = java.util.regex.Pattern.compile("int j\\d* = ");
    private static final java.util.regex.Pattern J_CHECKED = java.util.regex.Pattern.compile("Checks\\.index\\(j\\d*,");
    private static final java.util.regex.Pattern ROW_K_ADD = java.util.regex.Pattern.compile(
            "BarRows\\[k\\]\\[j\\d*\\] \\+="); // the adjoint held as rows (EntryRows)

    /** The forward-order loops of {@code java}: at least one, j stepped up, j checked only beside another index. */
    private static List<String> assertForwardOrderLoops(String java, String where) {
        List<String> forward = GeneratedText.forwardOrderLoops(java);
        assertFalse(forward.isEmpty(), "no reversed loop counts j up:\n" + where);
        for (String loop : forward) {
            assertTrue(J_UP.matcher(loop).find() && !J_DECLARED.matcher(loop).find(), loop);
            assertTrue(!J_CHECKED.matcher(loop).find() || OTHER_CHECK.matcher(loop).find(),
                    "j checked alone:\n" + loop + "\n" + where);
        }
        return forward;
    }

    private static void assertForwardOrderLoops(String text, boolean proved) {
        List<String> forward = assertForwardOrderLoops(GeneratedText.gradientOf(text), text);
        if (proved) {
            assertTrue(forward.stream().anyMatch(l -> !l.contains("Checks.index")), forward + "\n" + text);
        }
    }

    /**
     * The benchmark's eliminationByEntries: its reversed element loops count j up; the journal's reversal checks no
     * index (a trip recomputed from a snapshot, past the budget, checks k and j).
     */
    @Test
    void theBenchmarksElementLoopRunsForwardUnchecked() throws java.io.IOException {
        String java = JavaEmitter.emit(Programs.compile(SourceFile.read(
                Programs.benchmarks().resolve("bench/Determinant.grad")))).source();
        String grad = java.substring(java.indexOf("eliminationByEntriesGrad("));
        List<String> unchecked = assertForwardOrderLoops(grad, "bench/Determinant.grad").stream()
                .filter(l -> !l.contains("Checks.index")).toList();
        assertFalse(unchecked.isEmpty(), grad);
        for (String loop : unchecked) {
            assertTrue(ROW_K_ADD.matcher(loop).find(), loop);
        }
    }

    @Test
    void theOthersCountDown() {
        for (String text : BACKWARD) {
            for (String loop : reversedLoops(GeneratedText.gradientOf(text))) {
                assertFalse(loop.contains("j = j + 1;"), "counted up:\n" + loop + "\n" + text);
            }
            assertFalse(GeneratedText.reversesForward(text), text);
        }
    }
}
