package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;

/**
 * The inputs the edge tests give {@link PivotedElimination}: at {@link PivotedElimination#SWAPPING} its pivot search
 * picks another row at its first two pivots, so those tests reach the swap and its reversal; at
 * {@link Engines#X16} it picks none (why the tests do not run it there). Truth: partial pivoting by hand, and the
 * determinant by cofactor expansion (the program's value at four pivots and y = 1, the swaps' signs included).
 */
class PivotedEliminationTest {

    /** The row each pivot picks, by hand: the largest |U[i, k]| for i ≥ k, the first of equals. */
    private static int[] pivots(double[] x) {
        double[][] u = new double[4][4];
        for (int i = 0; i < 4; i++) {
            System.arraycopy(x, 4 * i, u[i], 0, 4);
        }
        int[] picked = new int[4];
        for (int k = 0; k < 4; k++) {
            int p = k;
            for (int i = k + 1; i < 4; i++) {
                p = Math.abs(u[i][k]) > Math.abs(u[p][k]) ? i : p;
            }
            double[] row = u[k];
            u[k] = u[p];
            u[p] = row;
            for (int i = k + 1; i < 4; i++) {
                double m = u[i][k] / u[k][k];
                for (int j = 0; j < 4; j++) {
                    u[i][j] -= m * u[k][j];
                }
            }
            picked[k] = p;
        }
        return picked;
    }

    private static double cofactorDeterminant(double[] x, int n, boolean[] usedColumns, int row) {
        if (row == n) {
            return 1;
        }
        double sum = 0;
        int sign = 1;
        for (int c = 0; c < n; c++) {
            if (!usedColumns[c]) {
                usedColumns[c] = true;
                sum += sign * x[row * n + c] * cofactorDeterminant(x, n, usedColumns, row + 1);
                usedColumns[c] = false;
                sign = -sign;
            }
        }
        return sum;
    }

    @Test
    void theSwappingInputSwapsAtTheFirstTwoPivotsAndX16AtNone() {
        assertArrayEquals(new int[] {0, 1, 2, 3}, pivots(Engines.X16));
        int[] p = pivots(PivotedElimination.SWAPPING);
        for (int k = 0; k < 2; k++) {
            org.junit.jupiter.api.Assertions.assertNotEquals(k, p[k], "pivot " + k);
        }
    }

    @Test
    void theProgramIsTheDeterminantAtBothInputs() {
        CompiledModule c = CompiledModule.load(Programs.compile(PivotedElimination.TEXT));
        for (double[] x : new double[][] {Engines.X16, PivotedElimination.SWAPPING}) {
            double want = cofactorDeterminant(x, 4, new boolean[4], 0);
            assertEquals(want, (double) c.value("f", x.clone(), 1.0, 4), 1e-12);
        }
        // reversing four rows is an even permutation: the same determinant
        assertEquals(cofactorDeterminant(Engines.X16, 4, new boolean[4], 0),
                cofactorDeterminant(PivotedElimination.SWAPPING, 4, new boolean[4], 0), 1e-12);
    }
}
