package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import dev.gradc.engine.TapeEngine;
import dev.gradc.fuzz.Runs;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.runtime.checkpoint.LoopTrips;
import dev.gradc.syntax.Parser;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The define-by-run tape at budgets of 0 and 1 (docs/language.md): it records each loop's first trip (a loop always
 * keeps its first state) and runs the rest as one checkpointed tape node with one snapshot, recomputing the trips
 * before each one it reverses; it never stops with the kept-state error. Over {@link KeptBudgetBoundTest}'s loops
 * (whiles on data, nested whiles, whiles in a for and a while, three levels, an inner {@code @checkpoint(3)}) at 0, 1,
 * 2 and 40 outer trips: the value and the gradient in x and y are the unbudgeted tape's (to 1e-12 relative), the
 * gradient is the central differences' of the tape's value (h = 1e-6, to 1e-6), and at 40 trips the outer loop
 * recomputes trips (it is checkpointed, not recorded whole). Budget 0 was untested; this passes on the old code (no
 * defect found); a tape that recorded every trip at budgets below 2 fails 8 of the 9 programs.
 */
class TapeAtBudgetZeroTest {

    private static final int[] TRIPS = {0, 1, 2, 40};

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8})
    void theTapeAtBudgetsZeroAndOneGivesTheUnbudgetedGradient(int program) {
        String text = KeptBudgetBoundTest.PROGRAMS[program];
        for (int n : TRIPS) {
            Runs.Result roomy = run(text, Long.MAX_VALUE, n);
            for (long budget : new long[] {0, 1}) {
                String at = "program " + program + ", n = " + n + ", budget " + budget;
                Runs.Result small;
                Map<String, long[]> trips;
                try (LoopTrips t = LoopTrips.start()) {
                    small = run(text, budget, n);
                    trips = t.byLoop();
                }
                close(roomy.value().data(), small.value().data(), at + ", value");
                close(roomy.derivatives().get("x").data(), small.derivatives().get("x").data(), at + ", d/dx");
                close(roomy.derivatives().get("y").data(), small.derivatives().get("y").data(), at + ", d/dy");
                if (n == 40) {
                    long recomputed = trips.values().stream().mapToLong(c -> c[1]).sum();
                    assertTrue(recomputed > 0, at + ": nothing recomputed, " + trips.keySet());
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8})
    void theTapeAtBudgetZeroGivesTheCentralDifferences(int program) {
        String text = KeptBudgetBoundTest.PROGRAMS[program];
        double h = 1e-6;
        for (int n : new int[] {1, 2, 40}) {
            Runs.Result r = run(text, 0, n);
            double dy = r.derivatives().get("y").item();
            double diffY = (value(text, Engines.X16, 0.7 + h, n) - value(text, Engines.X16, 0.7 - h, n)) / (2 * h);
            assertEquals(diffY, dy, 1e-6 * (1 + Math.abs(dy)), "program " + program + ", n = " + n + ", d/dy");
            double[] gx = r.derivatives().get("x").data();
            for (int i : new int[] {0, 1, 2, 3, 7}) {
                double[] up = Engines.X16.clone();
                double[] down = Engines.X16.clone();
                up[i] += h;
                down[i] -= h;
                double diff = (value(text, up, 0.7, n) - value(text, down, 0.7, n)) / (2 * h);
                assertEquals(diff, gx[i], 1e-6 * (1 + Math.abs(gx[i])), "program " + program + ", n = " + n + ", d/dx" + i);
            }
        }
    }

    private static double value(String text, double[] x, double y, int n) {
        return run(text, x, y, Long.MAX_VALUE, n).value().item();
    }

    private static Runs.Result run(String text, long budget, int n) {
        return run(text, Engines.X16, 0.7, budget, n);
    }

    private static Runs.Result run(String text, double[] x, double y, long budget, int n) {
        SourceFile source = new SourceFile("tape.grad", text);
        ModuleIr m = Programs.compile(source);
        FunctionIr f = m.function("f");
        TapeEngine tape = new TapeEngine(Parser.parse(source, new Diagnostics()), source.baseName(), 1_000_000, m, budget);
        return Runs.tape(tape, f, Map.of(), new Object[] {new NDArray(x.clone(), new int[] {16}), NDArray.scalar(y), n});
    }

    private static void close(double[] expected, double[] got, String at) {
        assertEquals(expected.length, got.length, at);
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], got[i], 1e-12 * (1 + Math.abs(expected[i])), at + "[" + i + "]");
        }
    }
}
