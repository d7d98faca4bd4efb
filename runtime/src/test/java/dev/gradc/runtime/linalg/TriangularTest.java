package dev.gradc.runtime.linalg;

import static dev.gradc.runtime.linalg.Matrices.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TriangularTest {

    @ParameterizedTest
    @CsvSource({"1,1", "5,1", "7,3", "9,300", "30,129"})
    void everySolveUndoesItsProduct(int n, int m) {
        Random rnd = new Random(n * 31 + m);
        double[] l = Matrices.lowerTriangular(rnd, n);
        double[] u = Dense.transpose(Matrices.lowerTriangular(rnd, n), n, n);
        double[] x = Matrices.random(rnd, n * m);
        assertClose(x, Triangular.solveLower(l, n, Dense.times(l, n, n, x, m)), 1e-12);
        assertClose(x, Triangular.solveLowerTransposed(l, n, Dense.transposedTimes(l, n, n, x, m)), 1e-12);
        assertClose(x, Triangular.solveUpper(u, n, Dense.times(u, n, n, x, m)), 1e-12);
        assertClose(x, Triangular.solveUpperTransposed(u, n, Dense.transposedTimes(u, n, n, x, m)), 1e-12);
    }

    @Test
    void theOtherTriangleIsIgnored() {
        Random rnd = new Random(2);
        double[] l = Matrices.lowerTriangular(rnd, 6);
        double[] full = l.clone();
        full[1] = 99;
        full[4 * 6 + 5] = Double.NaN;
        double[] b = Matrices.random(rnd, 12);
        assertClose(Triangular.solveLower(l, 6, b), Triangular.solveLower(full, 6, b), 0);
        assertClose(Triangular.solveLowerTransposed(l, 6, b), Triangular.solveLowerTransposed(full, 6, b), 0);
    }

    @Test
    void zeroDiagonalIsSingularAndNamesTheRow() {
        double[] l = Matrices.lowerTriangular(new Random(3), 5);
        l[3 * 5 + 3] = 0;
        MatrixException e = assertThrows(MatrixException.class, () -> Triangular.solveLower(l, 5, new double[5]));
        assertEquals(MatrixException.Kind.SINGULAR, e.kind());
        assertEquals(3, e.index());
        assertEquals("trisolve: the matrix is singular: diagonal entry 3 is 0", e.getMessage());
    }

    @Test
    void nanInTheRightHandSideStaysInItsColumn() {
        double[] l = Matrices.lowerTriangular(new Random(4), 4);
        double[] b = Matrices.random(new Random(5), 8);
        b[2] = Double.NaN;
        double[] x = Triangular.solveLower(l, 4, b);
        for (int i = 0; i < 4; i++) {
            assertEquals(i >= 1, Double.isNaN(x[i * 2]), "column 0, row " + i);
            assertEquals(false, Double.isNaN(x[i * 2 + 1]), "column 1, row " + i);
        }
    }

    @ParameterizedTest
    @CsvSource({"4,1,false", "4,1,true", "6,3,false", "6,3,true"})
    void derivativesMatchCentralDifferences(int n, int m, boolean transposed) {
        Random rnd = new Random(n + m + (transposed ? 100 : 0));
        double[] l = Matrices.lowerTriangular(rnd, n);
        double[] b = Matrices.random(rnd, n * m);
        double[] w = Matrices.random(rnd, n * m);
        java.util.function.BiFunction<double[], double[], double[]> f = (ll, bb) ->
                transposed ? Triangular.solveLowerTransposed(ll, n, bb) : Triangular.solveLower(ll, n, bb);
        double[] x = f.apply(l, b);
        double[] bBar = Triangular.vjpB(l, n, w, transposed);
        double[] lBar = Triangular.vjpL(x, bBar, n, transposed);
        assertClose(Matrices.gradient(bb -> Matrices.inner(w, f.apply(l, bb)), b), bBar, 1e-7);
        assertClose(Dense.lower(Matrices.gradient(ll -> Matrices.inner(w, f.apply(ll, b)), l), n), lBar, 1e-7);
        double[] dL = Matrices.random(rnd, n * n);
        double[] dB = Matrices.random(rnd, n * m);
        double[] jvp = Triangular.jvp(l, n, x, dL, dB, transposed);
        assertClose(Matrices.directional(ll -> f.apply(ll, b), l, dL),
                Matrices.axpy(-1, Triangular.jvp(l, n, x, null, dB, transposed), jvp), 1e-7);
        assertClose(Matrices.inner(w, jvp), Matrices.inner(lBar, dL) + Matrices.inner(bBar, dB), 1e-10);
    }
}
