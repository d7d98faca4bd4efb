package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

/**
 * Triple loop nests of element writes, as LU, Cholesky and elimination write them: the innermost loop writes one entry
 * per trip, {@code for j in k+1..N { U[i, j] = U[i, j] - m * U[k, j]; }}, with a multiplier the middle trip reads from
 * the array it writes ({@code m = U[i, k] / U[k, k]}). The middle loop hands the innermost one's journal on and the
 * outer loop the middle one's (passes.HandedLoops): the multiplier, which the reversal of the element loop needs
 * before the middle trip's reversal has the array it was read from, is kept once per middle trip
 * ({@code HandedLoops.keptInputs}); the element loop keeps only the entries it overwrites and runs forward once per
 * gradient. Before, the element loop's journal was not handed on: the reversal ran the middle loop forward again per
 * outer trip and the element loop again per middle trip (copying the array), and pushed two indices per entry.
 * Every engine agrees with central differences at 0 to 4 pivots, and every kept-values budget (down to none, every
 * trip checkpointed) gives the same gradient.
 */
public class ElementLoopInputsTest extends SwappingTripsAndBudgetsTest {

    /** Elimination without pivoting, an extern called once per element written (the multiplier kept per row). */
    private static final String COUNTED = TripCounter.WEIGHT + """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          d = 1;
          for k in 0..n {
            d = d * U[k, k];
            for i in k+1..4 {
              m = U[i, k] / U[k, k] * y;
              for j in k+1..4 { U[i, j] = U[i, j] - m * U[k, j] * weight(j); }
            }
          }
          return d + sum(U * U) * 0.01;
        }
        """;

    private static final String[] PROGRAMS = {
        COUNTED,
        // the benchmark's determinant with the entries right of the pivot written one by one: a pivot search, rows
        // swapped in a cond, then the element loop
        PivotedElimination.withElimination("""
            for i in k+1..4 {
              m = U[i, k] / U[k, k];
              for j in k+1..4 { U[i, j] = U[i, j] - m * U[k, j]; }
            }
            """),
        // LU in place (Doolittle, no pivoting): the multiplier is written below the diagonal before the element loop
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for d in 0..4 { U[d, d] = U[d, d] + 3; }
          for k in 0..n {
            for i in k+1..4 {
              m = U[i, k] / U[k, k];
              U[i, k] = m * y;
              for j in k+1..4 { U[i, j] = U[i, j] - m * U[k, j]; }
            }
          }
          return sum(U * U);
        }
        """,
        // Cholesky, right-looking: the column scaled by an element loop, then the trailing lower triangle updated by
        // element loops whose length is the row's (j <= i), the input kept read from the column just written
        """
        fn f(x: real[16], y: real, n: int) -> real {
          X = reshape(x, 4, 4);
          L = X @ transpose(X);
          for d in 0..4 { L[d, d] = L[d, d] + 2 + y; }
          for k in 0..n {
            L[k, k] = sqrt(L[k, k]);
            for i in k+1..4 { L[i, k] = L[i, k] / L[k, k]; }
            for i in k+1..4 {
              lik = L[i, k];
              for j in k+1..i+1 { L[i, j] = L[i, j] - lik * L[j, k]; }
            }
          }
          return sum(L * L) + L[3, 3];
        }
        """,
        // two levels: the row loop is the function's own, its journal keeps the multiplier (an int pivot row read
        // from an int array too) for the element loop it hands on
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          rows = [0, 2, 1, 3];
          for i in 0..n {
            r = rows[i];
            m = U[r, 0] / U[0, 0] * y;
            for j in 1..4 { U[i, j] = U[i, j] - m * U[r, j]; }
          }
          return sum(U * U);
        }
        """,
        // Gauss-Seidel sweeps: each entry written from its neighbours, two of them written by earlier trips
        """
        fn f(x: real[16], y: real, n: int) -> real {
          G = reshape(x, 4, 4);
          for s in 0..n {
            for i in 1..3 {
              w = G[i, 0] * y;
              for j in 1..3 { G[i, j] = 0.25 * (G[i-1, j] + G[i+1, j] + G[i, j-1] + G[i, j+1]) + w * 0.1; }
            }
          }
          return sum(G * G);
        }
        """,
    };

    @Override
    String[] programs() {
        return PROGRAMS;
    }

    @Override
    double y(int n) {
        return 0.8;
    }

    /**
     * The element loop writes 14 entries over n = 4 pivots: the value calls the extern 14 times, the gradient 23 (the
     * forward sweep's 14 and the element loops' adjoints, 9: two rows reversed per pass share the call at each j,
     * {@code passes/JammedRows} — at k = 0 a pair and one row, 3 + 3, at k = 1 a pair, 2, at k = 2 one row, 1; 28
     * before, one call per entry; 42 when the reversal ran the middle loop and each element loop forward again),
     * compiled and interpreted; within a budget of one value no trip keeps its journal, every trip is checkpointed and
     * run again, with the same gradient.
     */
    @Test
    void theGradientRunsTheElementLoopForwardOnce() {
        assertArrayEquals(new long[] {14, 23, 23, BUDGETED}, TripCounter.calls(COUNTED, Engines.X16, 0.8, 4, 1e-15),
                "value, compiled gradient, interpreter gradient, compiled gradient within one kept value");
    }

    /**
     * Within one kept value: the first sweep's 14; from the one snapshot, the trips before each reversed trip again
     * (k = 3: 9 + 4 + 1, k = 2: 9 + 4, k = 1: 9, k = 0: none; 36); each reversed trip's element loops forward (14)
     * and in their adjoint (9, two rows per pass as above), its row loop reversed as the journal reverses it ({@code
     * CheckpointAdjoint.rowLoops}). 114 before that, when the recomputed trip checkpointed its row and element loops
     * in turn and ran them again; 78 before two rows per pass.
     */
    private static final long BUDGETED = 14 + 36 + 14 + 9;
}
