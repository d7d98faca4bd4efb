package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.ValueStack;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kept-values budget of a journaled loop whose inner loop is handed on (passes.HandedLoops) and whose inner
 * trip count is not a literal: a size ({@code for l in 0..L}), an outer-dependent range ({@code for i in k+1..L},
 * {@code for l in t..t+3}), an int computed before the loop ({@code for l in 0..m}, also in a branch). The inner loop keeps, per outer trip, the entries it overwrites per inner
 * trip and the values it replaces whole ({@code input = h}) at the start of every inner trip and after it: the
 * budget must count them per inner trip, not as a guess of two copies (which let the journal outgrow the stacks'
 * own limit at budget 150). At budgets from below one journaled trip to past all of them, the most values the
 * interpreter's stacks hold at once ({@link ValueStack#peak}: the same IR, so the same count, as the compiled code)
 * stays within the budget of each loop, the journal within half of it; the gradient is the same as the other
 * engines' and central differences, and bit for bit the same at every budget.
 */
class HandedKeptBudgetTest {

    private static final int L = 24;
    private static final int TRIPS = 6;
    private static final double[] W = {0.3, -0.2, 0.5, 0.1, -0.4, 0.25, 0.6, -0.15};

    /**
     * A journaled loop over t whose inner loop over {@code l} (its range the first argument, after the lines of the
     * second) writes one entry of {@code z} and replaces {@code input} whole; the outer counter is named by the
     * third.
     */
    private static final String HANDED = """
        fn f<L>(x: real[L], w: real[8], y: real, n: int) -> real {
          z = x;
          loss = 0;
          %2$sfor %3$s in 0..n {
            input = w * (y + 0.25 * %3$s);
            for l in %1$s {
              h = tanh(input * z[l] + w * y);
              z[l] = sum(h) * 0.25;
              input = h;
            }
            loss = loss + sum(input * w);
          }
          return loss + sum(z * z) * 0.1;
        }
        """;

    /** Programs {@code f<L>(x: real[L], w: real[8], y: real, n: int)}: an element write and a vector kept whole. */
    private static final String[] PROGRAMS = {
        // the inner trip count a size
        HANDED.formatted("0..L", "", "t"),
        // the inner range starts after the outer counter (as an elimination's rows below the pivot)
        HANDED.formatted("k+1..L", "", "k"),
        // the inner trip count an int computed from the arguments before the loop
        HANDED.formatted("0..m", "m = n * 4;\n  ", "t"),
        // the inner range moves with the outer counter: its count, 3, is the difference of two bounds that vary
        HANDED.formatted("t..t+3", "", "t"),
        // an inner loop in a branch, not handed on: it keeps per inner trip the entry it overwrites (and its index),
        // m of them, where the guess counted the array's 2
        """
        fn f<L>(x: real[L], w: real[8], y: real, n: int) -> real {
          z = w[0:2] + x[0];
          loss = 0;
          m = n * 10;
          for t in 0..n {
            if (y > 0) { for l in 0..m { z[0] = z[0] * 0.9 + w[2] * y; } }
            loss = loss + z[0] * z[1] + sum(z) * 0.1;
          }
          return loss;
        }
        """,
    };

    private static double[] x() {
        double[] x = new double[L];
        for (int i = 0; i < L; i++) {
            x[i] = 0.4 + 0.3 * Math.sin(1.7 * i);
        }
        return x;
    }

    /**
     * Each loop keeps within the budget: the outer loop its journal and its snapshots, and while a checkpointed trip
     * is reversed, the inner loop (run again) what it keeps of its own trips; so at most twice the budget at once.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void whatTheGradientKeepsStaysWithinTheBudgetOfEachLoop(int program) {
        Graph grad = gradient(program);
        for (long budget : new long[] {150, 300, 600, 1_000, 2_000, 4_000}) {
            long peak = peak(grad, budget);
            assertTrue(peak <= 2 * budget, "program " + program + ", budget " + budget + ": " + peak + " values");
        }
    }

    /**
     * At a budget where the gradient journals every trip (what it keeps at its peak is what it keeps without a
     * budget: no snapshot, no trip reversed again), the journal is all it keeps, within half the budget.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void aLoopThatJournalsAllItsTripsKeepsWithinHalfTheBudget(int program) {
        Graph grad = gradient(program);
        long all = peak(grad, Long.MAX_VALUE);
        int journaledAll = 0;
        for (long budget : new long[] {1_000, 2_000, 4_000, 8_000}) {
            long peak = peak(grad, budget);
            if (peak == all) {
                journaledAll++;
                assertTrue(peak <= budget / 2, "program " + program + ", budget " + budget + ": " + peak + " values");
            }
        }
        assertTrue(journaledAll > 0, "some budget journals every trip");
        assertTrue(all > 6 * 8 * 4, "the journal of every trip: " + all + " values");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void theGradientAgreesWithTheOtherEnginesAndCentralDifferencesAtEveryBudget(int program) {
        String text = PROGRAMS[program];
        for (int n : new int[] {0, 1, 2, 3}) {
            Map<String, Engines.Answer> answers = Engines.run(Map.of("L", L), text, x(), W.clone(), 0.7, n);
            Engines.Answer compiled = answers.get("compiled");
            for (Map.Entry<String, Engines.Answer> a : answers.entrySet()) {
                for (String p : new String[] {"x", "w", "y"}) {
                    assertArrayEquals(compiled.gradient().get(p), a.getValue().gradient().get(p), 1e-12,
                            a.getKey() + ", " + p + ", n = " + n);
                }
            }
            CompiledModule c = CompiledModule.load(Programs.compile(text));
            double h = 1e-6;
            double dy = compiled.gradient().get("y")[0];
            double diff = (value(c, x(), W, 0.7 + h, n) - value(c, x(), W, 0.7 - h, n)) / (2 * h);
            assertEquals(diff, dy, 1e-6 * (1 + Math.abs(dy)), "d/dy, n = " + n);
            for (int i = 0; i < L; i += 5) {
                double[] up = x();
                double[] down = x();
                up[i] += h;
                down[i] -= h;
                double got = compiled.gradient().get("x")[i];
                double dxi = (value(c, up, W, 0.7, n) - value(c, down, W, 0.7, n)) / (2 * h);
                assertEquals(dxi, got, 1e-6 * (1 + Math.abs(got)), "d/dx" + i + ", n = " + n);
            }
            double[] roomy = (double[]) c.grad("f", L, x(), W.clone(), 0.7, n).parts().get("x");
            for (long budget : new long[] {0, 40, 150, 600, 2_000}) {
                c.setMaxKeptValues(budget);
                assertArrayEquals(roomy, (double[]) c.grad("f", L, x(), W.clone(), 0.7, n).parts().get("x"), 0,
                        "budget " + budget + ", n = " + n);
            }
        }
    }

    private static double value(CompiledModule c, double[] x, double[] w, double y, int n) {
        return ((Number) c.value("f", L, x.clone(), w.clone(), y, n)).doubleValue();
    }

    private static Graph gradient(int program) {
        FunctionIr f = Programs.compile(PROGRAMS[program]).function("f");
        return Derivatives.gradient(f, f.realParams());
    }

    /** The most values the interpreter's stacks hold at once running the gradient for {@link #TRIPS} outer trips. */
    private static long peak(Graph grad, long budget) {
        ValueStack.resetPeak();
        Object[] args = {new NDArray(x(), new int[] {L}), new NDArray(W.clone(), new int[] {8}), NDArray.scalar(0.7),
            TRIPS};
        new Interpreter(new EvalContext(Map.of("L", L), budget), 1_000_000).run(grad, args);
        return ValueStack.peak();
    }
}
