package dev.gradc.runtime.linalg;

import static dev.gradc.runtime.linalg.Matrices.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LuTest {

    @ParameterizedTest
    @CsvSource({"1,1", "2,1", "5,3", "12,1", "33,140"})
    void solveUndoesTheProduct(int n, int m) {
        Random rnd = new Random(n * 17 + m);
        double[] a = Matrices.wellConditioned(rnd, n);
        double[] x = Matrices.random(rnd, n * m);
        Lu lu = Lu.factor(a, n);
        assertClose(x, lu.solve(Dense.times(a, n, n, x, m), "solve"), 1e-12);
        assertClose(x, lu.solveTransposed(Dense.transposedTimes(a, n, n, x, m), "solve"), 1e-12);
    }

    @Test
    void detOfKnownMatricesIncludingTheRowSwapSign() {
        assertEquals(-2, Lu.factor(new double[] {1, 2, 3, 4}, 2).det(), 1e-15);
        assertEquals(-1, Lu.factor(new double[] {0, 1, 1, 0}, 2).det(), 0);
        assertEquals(-24, Lu.factor(new double[] {0, 0, 2, 0, 3, 0, 4, 0, 0}, 3).det(), 0);
        assertEquals(1, Lu.factor(new double[0], 0).det(), 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {3, 8, 21})
    void detIsMultiplicativeAndLogdetIsItsLog(int n) {
        Random rnd = new Random(n);
        double[] a = Matrices.wellConditioned(rnd, n);
        double[] b = Matrices.wellConditioned(rnd, n);
        double da = Lu.factor(a, n).det();
        double db = Lu.factor(b, n).det();
        assertClose(da * db, Lu.factor(Dense.times(a, n, n, b, n), n).det(), 1e-12);
        assertClose(Math.log(Math.abs(da)), Lu.factor(a, n).logAbsDet(), 1e-13);
    }

    @Test
    void logdetOfALargeMatrixDoesNotOverflow() {
        int n = 400;
        double[] a = Lu.identity(n);
        for (int i = 0; i < n; i++) {
            a[i * n + i] = 1e3;
        }
        Lu lu = Lu.factor(a, n);
        assertEquals(Double.POSITIVE_INFINITY, lu.det());
        assertClose(n * Math.log(1e3), lu.logAbsDet(), 1e-14);
    }

    @Test
    void singularMatrixHasZeroDetAndRefusesToSolve() {
        double[] a = {1, 2, 3, 2, 4, 6, 1, 0, 1};
        Lu lu = Lu.factor(a, 3);
        assertEquals(0, lu.det(), 0);
        assertEquals(Double.NEGATIVE_INFINITY, lu.logAbsDet());
        MatrixException e = assertThrows(MatrixException.class, () -> lu.solve(new double[3], "solve"));
        assertEquals(MatrixException.Kind.SINGULAR, e.kind());
        assertEquals(2, e.index());
        assertTrue(e.getMessage().startsWith("solve: the matrix is singular: LU pivot 2 is 0"), e.getMessage());
    }

    @Test
    void zeroColumnIsSingularAtThatPivot() {
        double[] a = {1, 0, 2, 3, 0, 1, 5, 0, 4};
        assertEquals(1, assertThrows(MatrixException.class, () -> Lu.factor(a, 3).solve(new double[3], "inv")).index());
    }

    @Test
    void nanPropagatesThroughSolveAndDet() {
        double[] a = Matrices.wellConditioned(new Random(9), 4);
        a[5] = Double.NaN;
        Lu lu = Lu.factor(a, 4);
        assertTrue(Double.isNaN(lu.det()));
        double[] x = lu.solve(new double[] {1, 2, 3, 4}, "solve");
        for (double v : x) {
            assertTrue(Double.isNaN(v));
        }
    }

    @Test
    void inverseTimesTheMatrixIsTheIdentity() {
        int n = 9;
        double[] a = Matrices.wellConditioned(new Random(11), n);
        double[] inv = Lu.factor(a, n).solve(Lu.identity(n), "inv");
        assertClose(Lu.identity(n), Dense.times(inv, n, n, a, n), 1e-13);
    }

    @Test
    void adjugateOfANonsingularMatrixIsDetTimesInverseTransposed() {
        double[] a = {2, 1, 1, 3};
        assertClose(new double[] {3, -1, -1, 2}, Lu.factor(a, 2).adjugateTransposed("det"), 1e-15);
    }

    @Test
    void adjugateOfARankDeficientMatrixIsItsCofactorMatrix() {
        // rank 2; cofactor matrix computed by hand, entry (i, j) = (−1)^(i+j) · minor(i, j).
        double[] a = {1, 2, 3, 2, 4, 6, 1, 0, 1};
        double[] cofactors = {4, 4, -4, -2, -2, 2, 0, 0, 0};
        assertClose(cofactors, Lu.factor(a, 3).adjugateTransposed("det"), 1e-14);
    }
}
