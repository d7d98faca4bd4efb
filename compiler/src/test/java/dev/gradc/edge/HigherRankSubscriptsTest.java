package dev.gradc.edge;

/**
 * Arrays of three and four axes read and written by leading indices, the axes after them whole ({@code X[i, :, :]},
 * {@code X[i, j]}, {@code X[i, j, k]}): each such subscript is one run of consecutive entries. The tape engine read
 * them as if the array had two axes (rows of {@code shape[1]} entries) and stopped ("a block of 2 entries read as
 * shape [2,2]"); every engine now agrees with the compiled value and with central differences, outside loops and
 * in loops of 0, 1, 2 and 4 trips, and every kept-values budget gives the same gradient.
 */
class HigherRankSubscriptsTest extends TripsAndBudgetsTest {

    private static final String[] PROGRAMS = {
        // blocks read outside a loop, and an element of three indices
        """
        fn f(x: real[16], y: real, n: int) -> real {
          X = reshape(x, 4, 2, 2);
          return sum(X[1, :, :] * X[2, :, :]) * y + X[3, 1, 0] * sum(X[0]);
        }
        """,
        // a matrix of a three-axis array updated from itself and another, in a loop (the pivoted elimination's form)
        """
        fn f(x: real[16], y: real, n: int) -> real {
          X = reshape(x, 4, 2, 2);
          for k in 0..n {
            for i in k..4 { X[i, :, :] = X[i, :, :] * y - X[k, :, :] * X[i, :, :]; }
          }
          return sum(X * X);
        }
        """,
        // rows of a four-axis array: read, added to and overwritten by index pairs
        """
        fn f(x: real[16], y: real, n: int) -> real {
          X = reshape(x, 2, 2, 2, 2);
          s = 0;
          for k in 0..n {
            for i in 0..2 {
              X[i, 1 - i] += X[1 - i, i] * y;
              X[i, i, 1] = X[1 - i, 0, i] * 0.5;
              s = s + sum(X[i, 0, :, :] * X[1 - i, 1]);
            }
          }
          return s + sum(X * X) * y;
        }
        """,
    };

    @Override
    String[] programs() {
        return PROGRAMS;
    }

    @Override
    double y(int n) {
        return 0.7 - 0.05 * n;
    }
}
