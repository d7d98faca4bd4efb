package dev.gradc.edge;

/**
 * Loops over k whose trip writes whole lines of a carried array and reads line k: the programs a reversal that reads
 * line k from the final array (instead of restoring the rows a journal keeps) must tell apart. In the determinant
 * with pivoting and LU without it, trip k writes only rows below k (and swaps row k with a row p ≥ k), so row k's
 * final value is its value after trip k. In Gauss–Jordan elimination, a loop that updates row k − 1 at trip k, and
 * eliminations whose pivot row p may lie above k (p = 3 − k on the input, a pivot searched over every row), a later
 * trip writes an earlier row, whose value after its own trip only the journal has. Truth: the interpreter, the tape,
 * the compiled value method and central differences at zero, one, two and four trips, and the same gradient bit for
 * bit at every kept-values budget (down to none). With the journal's write-backs dropped ({@code passes.Journal
 * .restore} popping the kept rows and writing none back) every one of the six programs fails at two or four trips.
 */
class EarlierLinesTest extends SwappingTripsAndBudgetsTest {

    private static final String[] PROGRAMS = {
        PivotedElimination.TEXT,
        // LU without pivoting over whole rows, the multiplier stored below the diagonal after the row update
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for k in 0..n {
            for i in k+1..4 {
              m = U[i, k] / U[k, k];
              U[i, :] = U[i, :] - m * U[k, :];
              U[i, k] = m * y;
            }
          }
          return sum(U * U) + U[3, 3] * U[1, 2];
        }
        """,
        // Gauss-Jordan: every row but k eliminated, above the pivot too, then row k scaled
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for k in 0..n {
            for i in 0..4 {
              if (i != k) {
                m = U[i, k] / U[k, k];
                U[i, :] = U[i, :] - m * U[k, :];
              }
            }
            U[k, :] = U[k, :] * (y / U[k, k]);
          }
          return sum(U * U) + U[0, 3] * U[2, 1];
        }
        """,
        // elimination below the pivot, then row k - 1 (row k of the trip before) updated from row k
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for k in 0..n {
            for i in k+1..4 { m = U[i, k] / U[k, k]; U[i, :] = U[i, :] - m * U[k, :]; }
            if (k > 0) { U[k - 1, :] = U[k - 1, :] * y + U[k, :] * 0.5; }
          }
          return sum(U * U) + U[0, 3];
        }
        """,
        // a pivot row on the input that lies above k at the later trips: p = 3 - k when x[4k + 1] > 0, below k at
        // k = 1, above it at k = 2 and 3
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          d = 1;
          for k in 0..n {
            p = k;
            if (x[4 * k + 1] > 0) { p = 3 - k; }
            if (p != k) { row = U[k, :]; U[k, :] = U[p, :]; U[p, :] = row; d = -d; }
            d = d * U[k, k] * y;
            for i in k+1..4 { m = U[i, k] / U[k, k]; U[i, :] = U[i, :] - m * U[k, :]; }
          }
          return d + sum(U * U) * 0.01;
        }
        """,
        // the pivot searched over every row, the rows above k included
        PivotedElimination.TEXT.replace("for i in k+1..4 { if", "for i in 0..4 { if"),
    };

    @Override
    String[] programs() {
        return PROGRAMS;
    }
}
