package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An outer loop that writes rows of an array it carries in place keeps those writes as a journal (passes.Journal);
 * when its trip ends in an inner loop writing rows of that array (Gaussian elimination's {@code for i in k+1..N
 * { U[i, :] = U[i, :] - m * U[k, :]; }}), the inner loop's own journal is handed on through the outer loop
 * (passes.HandedLoops): the outer forward trip runs the inner loop once, pushing the rows it overwrites, and the
 * outer adjoint trip reverses the inner loop from them first — writing each row back as it goes — instead of
 * writing the rows back, running the inner loop forward again with a journal of its own, and reversing that.
 * Counted by an extern called once per inner trip ({@link TripCounter#weight}), whose value the inner adjoint reads: the
 * gradient calls it twice per inner trip (the forward trip, the inner adjoint), not three times, in generated
 * code and in the interpreter; under a kept-values budget too small for the journal the later trips are
 * checkpointed and run again, with the same gradient. Every engine agrees with central differences on the
 * shapes: an inner trip count that depends on the outer counter, pivoting (a cond swapping rows before the
 * inner loop), a cond in the inner loop, an inner loop writing the row the outer trip reads (i == k), three
 * levels, zero-trip inner and outer loops.
 */
public class HandedInnerLoopsTest {

    private static final String EXTERN = TripCounter.WEIGHT;

    /** Elimination without pivoting over the first n columns; the last column's inner loop runs no trip. */
    private static final String ELIMINATION = EXTERN + """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          d = 1;
          for k in 0..n {
            d = d * U[k, k];
            for i in k+1..4 {
              m = U[i, k] / U[k, k] * weight(i);
              U[i, :] = U[i, :] - m * y * U[k, :];
            }
          }
          return d + sum(U * U) * 0.01;
        }
        """;

    private static final String[] PROGRAMS = {
        ELIMINATION,
        // the determinant's shape: a pivot search, rows swapped in a cond, then the elimination
        PivotedElimination.TEXT,
        // a cond in the inner loop
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for k in 0..n {
            for i in k+1..4 {
              if (U[i, k] > 0) { U[i, :] = U[i, :] * y - U[k, :] * 0.5; } else { U[i, :] = U[i, :] + U[k, :] * y; }
            }
          }
          return sum(U * U);
        }
        """,
        // the inner loop's first trip writes the row the later trips read (i == k)
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for k in 0..n {
            for i in k..4 { U[i, :] = U[i, :] * y + sin(U[k, :]) * 0.25; }
          }
          return sum(U * U);
        }
        """,
        // three levels: the middle loop's journal is handed on, and the innermost loop's through it
        EXTERN + """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for k in 0..n {
            for i in k..4 {
              for j in 0..4 { U[i, j] = U[i, j] * y + U[k, j] * 0.1 * weight(j); }
            }
          }
          return sum(U * U);
        }
        """,
    };

    private static final double[] X = PivotedElimination.SWAPPING; // the elimination swaps rows here

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4})
    void everyEngineAgreesWithCentralDifferences(int n) {
        for (String text : PROGRAMS) {
            Engines.agreeWithCentralDifferences(text, X, 0.8, n);
        }
    }

    /**
     * The elimination's inner loop runs 6 trips over n = 4 columns: the value calls the extern 6 times, the
     * gradient 12 (18 when the reversal ran each inner loop forward again), compiled and interpreted; within a
     * budget of one value no trip keeps its journal, every trip is checkpointed and run again, with the same
     * gradient.
     */
    @Test
    void theGradientRunsAnInnerLoopForwardOncePerOuterTrip() {
        assertArrayEquals(new long[] {6, 12, 12, BUDGETED}, TripCounter.calls(ELIMINATION, X, 0.8, 4, 1e-15),
                "value, compiled gradient, interpreter gradient, compiled gradient within one kept value");
    }

    private static final long BUDGETED = 36;
}
