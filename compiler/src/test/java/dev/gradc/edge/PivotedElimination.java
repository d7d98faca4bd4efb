package dev.gradc.edge;

/**
 * The determinant of a 4×4 matrix by elimination with partial pivoting, as the benchmark writes it: a pivot search,
 * rows k and p swapped in a cond (p == k at some pivots), then the elimination below the pivot; {@code n} pivots
 * (0 to 4), the product scaled by {@code y} per pivot. One text for the edge tests that reverse it in different
 * ways (rows journaled and restored, a recomputed swap read at the pivot, the elimination handed on).
 */
final class PivotedElimination {

    static final String TEXT = """
            fn f(x: real[16], y: real, n: int) -> real {
              U = reshape(x, 4, 4);
              d = 1;
              for k in 0..n {
                p = k;
                best = abs(U[k, k]);
                for i in k+1..4 { if (abs(U[i, k]) > best) { p = i; best = abs(U[i, k]); } }
                if (p != k) { row = U[k, :]; U[k, :] = U[p, :]; U[p, :] = row; d = -d; }
                d = d * U[k, k] * y;
                for i in k+1..4 { m = U[i, k] / U[k, k]; U[i, :] = U[i, :] - m * U[k, :]; }
              }
              return d;
            }
            """;

    private PivotedElimination() {
    }
}
