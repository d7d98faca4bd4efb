package dev.gradc.edge;

/**
 * The determinant of a 4×4 matrix by elimination with partial pivoting, as the benchmark writes it: a pivot search,
 * rows k and p swapped in a cond (p == k at some pivots), then the elimination below the pivot; {@code n} pivots
 * (0 to 4), the product scaled by {@code y} per pivot. One text for the edge tests that reverse it in different
 * ways (rows journaled and restored, a recomputed swap read at the pivot, the elimination handed on).
 */
final class PivotedElimination {

    /** The elimination below pivot k: each row below it minus a multiple of row k, as whole rows. */
    static final String ROWS = "for i in k+1..4 { m = U[i, k] / U[k, k]; U[i, :] = U[i, :] - m * U[k, :]; }";

    static final String TEXT = withElimination(ROWS);

    /**
     * What the row-form fixtures return: d plus entries of the matrix after the loop, one of them left of the
     * diagonal ({@code U[3, 0]}, a residue of the elimination), so that {@code passes/DeadColumns}, which trims the
     * update when every read after the loop is on or right of the diagonal, leaves the whole-row update as written.
     */
    static final String READ_AFTER = "d + U[3, 3] * 0.5 + U[3, 0] * 0.25";

    /**
     * {@link #TEXT} with its matrix read after the loop ({@link #READ_AFTER}): its whole-row update stays as
     * written, where {@code passes/DeadColumns} makes TEXT's the element loop of {@link #ENTRIES}; for the tests of
     * what the row form's reversal keeps and restores.
     */
    static final String ROWS_READ_AFTER = TEXT.replace("return d;", "return " + READ_AFTER + ";");

    /**
     * The example determinant ({@code programs/determinant.grad}) with the matrix of its row elimination read after
     * the loop left of the diagonal, as {@link #ROWS_READ_AFTER}: the row form as written, for the tests of its
     * generated code.
     */
    static dev.gradc.diag.SourceFile exampleRowsReadAfter() throws java.io.IOException {
        var source = dev.gradc.diag.SourceFile.read(dev.gradc.testing.Programs.examples()
                .resolve("programs/determinant.grad"));
        String text = source.text();
        int at = text.indexOf("  return d;\n");
        if (at < 0) {
            throw new IllegalStateException("programs/determinant.grad changed");
        }
        return new dev.gradc.diag.SourceFile(source.name(), text.substring(0, at)
                + "  return d + U[N - 1, N - 1] * 0.5 + U[N - 1, 0] * 0.25;\n"
                + text.substring(at + "  return d;\n".length()));
    }

    /** The element loop below pivot k, as an expert writes LU (and the benchmark's {@code eliminationByEntries}). */
    static final String ENTRIES = """
            for i in k+1..4 {
              m = U[i, k] / U[k, k];
              for j in k+1..4 { U[i, j] = U[i, j] - m * U[k, j]; }
            }
            """;

    /**
     * LU without pivoting whose element loop also reads the entry it overwrites into a sum ({@code s = s + U[i, j]
     * * y} before the write): its reversal needs the old entries, so the loop keeps them.
     */
    static final String READS_OLD_ENTRY = """
            fn f(x: real[16], y: real, n: int) -> real {
              U = reshape(x, 4, 4);
              s = 0;
              for k in 0..n {
                for i in k+1..4 {
                  m = U[i, k] / U[k, k];
                  for j in k+1..4 { s = s + U[i, j] * y; U[i, j] = U[i, j] - m * U[k, j]; }
                }
              }
              return s + U[3, 3];
            }
            """;

    /** LU without pivoting by element writes, y in the update, the final array read after the loop. */
    static final String LU = withoutPivoting("for j in k+1..4 { U[i, j] = U[i, j] + m * U[k, j] * y; }",
            "d + sum(U * U) * 0.01");

    /**
     * LU of the 4×4 matrix without pivoting: d the product of the pivots times y, {@code update} below pivot k (one or
     * more lines; m the multiplier of row i), and {@code result} returned.
     */
    static String withoutPivoting(String update, String result) {
        return """
                fn f(x: real[16], y: real, n: int) -> real {
                  U = reshape(x, 4, 4);
                  d = 1;
                  for k in 0..n {
                    d = d * U[k, k] * y;
                    for i in k+1..4 {
                      m = U[i, k] / U[k, k];
                      %s
                    }
                  }
                  return %s;
                }
                """.formatted(update, result);
    }

    /** The same program with another elimination below pivot k (one or more lines; k, U and the sizes as above). */
    static String withElimination(String elimination) {
        return """
                fn f(x: real[16], y: real, n: int) -> real {
                  U = reshape(x, 4, 4);
                  d = 1;
                  for k in 0..n {
                    p = k;
                    best = abs(U[k, k]);
                    for i in k+1..4 { if (abs(U[i, k]) > best) { p = i; best = abs(U[i, k]); } }
                    if (p != k) { row = U[k, :]; U[k, :] = U[p, :]; U[p, :] = row; d = -d; }
                    d = d * U[k, k] * y;
                    %s
                  }
                  return d;
                }
                """.formatted(elimination.strip().replace("\n", "\n    "));
    }

    /**
     * {@link Engines#X16} with its rows (as a 4×4 matrix) in reverse order: the elimination swaps rows at its
     * first two pivots. At X16 itself, nearly diagonally dominant, it swaps none (p = k at every pivot), so a test
     * of this program at X16 never reaches the swap: the tests of it run here ({@code PivotedEliminationTest}).
     */
    static final double[] SWAPPING = new double[16];

    static {
        for (int i = 0; i < 4; i++) {
            System.arraycopy(Engines.X16, 4 * (3 - i), SWAPPING, 4 * i, 4);
        }
    }

    private PivotedElimination() {
    }
}
