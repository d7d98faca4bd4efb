package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.ModuleIr;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A journaled loop whose trips push onto a stack through a counted inner loop, the inner trip count moving with
 * the outer counter (emit.StackReservations, emit.InnerPushes): the forward loop reserves the sum of the inner
 * trips before it starts, and the stack is never copied to grow. Inner counts falling (an elimination's
 * {@code for i in k+1..4}, reaching zero and below), constant, rising from below zero (counting down to 0 from
 * {@code k - 1}), bounded by an input, and after a push of the outer body's own; zero to five outer trips;
 * budgets that journal every trip, some or none: every engine agrees with central differences, and every
 * budget gives the same gradient.
 */
class InnerLoopReservationsTest {

    private static final String[] PROGRAMS = {
        // elimination: the inner count falls 3, 2, 1, 0, then below (for i in k+1..4 at k = 4)
        """
        fn f(x: real[25], y: real, n: int) -> real {
          U = reshape(x, 5, 5);
          d = 1;
          for k in 0..n {
            d = d * (U[k, k] + y);
            for i in k+1..4 { m = U[i, k] / (U[k, k] + 2); U[i, :] = U[i, :] - m * U[k, :] * y; }
          }
          return d + sum(U);
        }
        """,
        // constant inner count, and a row pushed by the outer body itself before the inner loop
        """
        fn f(x: real[25], y: real, n: int) -> real {
          U = reshape(x, 5, 5);
          s = 0;
          for k in 0..n {
            U[k, :] = sin(U[k, :] * y);
            for i in 0..3 { U[i + 1, :] = U[i + 1, :] * 0.5 + U[i, :] * y; }
            s = s + U[3, k];
          }
          return s;
        }
        """,
        // counting down from k - 1 to 0: the inner count rises -1, 0, 1, 2, ...; the outer loop counts down too
        """
        fn f(x: real[25], y: real, n: int) -> real {
          U = reshape(x, 5, 5);
          k = n;
          while (k > 0) {
            i = k - 1;
            while (i > 0) { U[i, :] = U[i, :] * y + U[i - 1, :] * 0.25; i = i - 1; }
            U[0, :] = cos(U[0, :]) + y;
            k = k - 1;
          }
          return sum(U * U);
        }
        """,
        // an inner loop bounded by the input n (from k, so n - k, n - k - 1, ...)
        """
        fn f(x: real[25], y: real, n: int) -> real {
          U = reshape(x, 5, 5);
          for k in 0..n {
            for i in k..n { U[i, :] = U[i, :] * y + U[k, :] * 0.5; }
          }
          return sum(U) + U[1, 2] * U[2, 1];
        }
        """,
    };

    private static final double[] X = {0.9, -0.3, 0.45, 0.2, 0.35, 1.1, -0.6, 0.15, -0.25, 0.5, 0.8, -0.4, 0.3,
        0.05, -0.7, 1.2, 0.6, -0.1, 0.25, 0.7, -0.45, 0.4, 0.1, -0.8, 0.55};

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5})
    void everyEngineAgreesWithCentralDifferences(int n) {
        for (String text : PROGRAMS) {
            Engines.agreeWithCentralDifferences(text, X, 0.8, n);
        }
    }

    /** Each program's forward loop reserves its inner loop's pushes: the path these tests are about is taken. */
    @Test
    void everyProgramReservesItsInnerLoopsPushes() {
        for (String text : PROGRAMS) {
            String source = dev.gradc.emit.JavaEmitter.emit(Programs.compile(text)).source();
            assertTrue(source.contains("TripSums.series("), source);
        }
    }

    /**
     * Budgets that keep every trip's journal, the first few or none (the rest checkpointed): the reservation
     * stays within the budget and the gradient is the same.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5})
    void everyBudgetGivesTheSameGradient(int n) {
        for (String text : PROGRAMS) {
            Engines.sameGradientAtBudgets(text, X, 0.8, n, 400, 150, 60, 20, 0);
        }
    }

    /**
     * The elimination at N = 48 keeps N·N(N−1)/2 doubles of journal (its rows before they were updated): the
     * gradient allocates that much once, not a stack grown by copying to twice as much.
     */
    @Test
    void theJournalOfAnEliminationIsAllocatedOnce() {
        ModuleIr m = Programs.compile("""
                fn f<N>(A: real[N, N]) -> real {
                  U = A;
                  d = 1;
                  for k in 0..N {
                    d = d * U[k, k];
                    for i in k+1..N { m = U[i, k] / U[k, k]; U[i, :] = U[i, :] - m * U[k, :]; }
                  }
                  return d;
                }
                """);
        CompiledModule c = CompiledModule.load(m);
        int n = 48;
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i * n + j] = i == j ? 2 + 0.01 * i : 0.1 / (1 + i + 2 * j);
            }
        }
        double value = (double) c.value("f", n, a);
        assertEquals(value, (double) c.grad("f", n, a).value(), 1e-12 * Math.abs(value));
        long journal = 8L * n * n * (n - 1) / 2;
        long matrix = 8L * n * n;
        long bytes = Allocation.fewest(() -> c.grad("f", n, a));
        // the journal, and a few matrices (U, its adjoint, the result) and rows; a stack grown by doubling
        // allocates the journal about twice
        assertTrue(bytes < journal + 8 * matrix, bytes + " bytes, the journal " + journal);
    }
}
