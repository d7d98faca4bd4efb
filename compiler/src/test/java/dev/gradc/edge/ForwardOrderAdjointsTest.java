package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.emit.JavaEmitter;
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

    @Test
    void theElementLoopsRunForward() {
        for (String text : FORWARD) {
            List<String> loops = reversedLoops(GeneratedText.gradientOf(text));
            List<String> forward = loops.stream().filter(l -> l.contains("j = j + 1;")).toList();
            assertFalse(forward.isEmpty(), "no reversed loop counts j up:\n" + loops + "\n" + text);
            assertTrue(GeneratedText.reversesForward(text), text);
            for (String loop : forward) {
                assertTrue(loop.contains("int j = t"), loop);
                // where the region's indices are proved (k unchecked), j is too, counted up as down
                assertTrue(loop.contains("Checks.index(k,") || !loop.contains("Checks.index(j,"), loop);
            }
        }
    }

    /** The benchmark's eliminationByEntries: its reversed element loops count j up with no index checked. */
    @Test
    void theBenchmarksElementLoopRunsForwardUnchecked() throws java.io.IOException {
        String java = JavaEmitter.emit(Programs.compile(SourceFile.read(
                Programs.benchmarks().resolve("bench/Determinant.grad")))).source();
        String grad = java.substring(java.indexOf("eliminationByEntriesGrad("));
        List<String> forward = reversedLoops(grad).stream().filter(l -> l.contains("j = j + 1;")).toList();
        assertFalse(forward.isEmpty(), grad);
        for (String loop : forward) {
            assertFalse(loop.contains("Checks.index"), "an index checked:\n" + loop);
            assertTrue(loop.contains("Bar[k * N + j] +="), loop);
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
