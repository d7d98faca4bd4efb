package dev.gradc.runtime.linalg;

import static dev.gradc.runtime.linalg.Matrices.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class CholeskyTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 8, 9, 13, 40})
    void factorTimesItsTransposeIsTheMatrix(int n) {
        double[] a = Matrices.spd(new Random(n), n);
        double[] l = Cholesky.factor(a, n);
        assertClose(a, Dense.timesTransposed(l, n, l, n, n), 1e-12);
        for (int i = 0; i < n; i++) {
            assertTrue(l[i * n + i] > 0, "positive diagonal");
            for (int j = i + 1; j < n; j++) {
                assertEquals(0, l[i * n + j], "zero above the diagonal");
            }
        }
    }

    @Test
    void factorOfAKnownMatrix() {
        double[] a = {4, 12, -16, 12, 37, -43, -16, -43, 98};
        assertClose(new double[] {2, 0, 0, 6, 1, 0, -8, 5, 3}, Cholesky.factor(a, 3), 1e-15);
    }

    @Test
    void nonSymmetricInputIsFactoredThroughItsSymmetricPart() {
        double[] a = Matrices.spd(new Random(3), 6);
        double[] skewed = a.clone();
        skewed[1 * 6 + 4] += 0.3;
        skewed[4 * 6 + 1] -= 0.3;
        assertClose(Cholesky.factor(a, 6), Cholesky.factor(skewed, 6), 1e-14);
    }

    @Test
    void notPositiveDefiniteNamesThePivot() {
        double[] a = {4, 2, 0, 2, 1, 0, 0, 0, 1};
        MatrixException e = assertThrows(MatrixException.class, () -> Cholesky.factor(a, 3));
        assertEquals(MatrixException.Kind.NOT_POSITIVE_DEFINITE, e.kind());
        assertEquals(1, e.index());
        assertTrue(e.getMessage().contains("pivot 1"), e.getMessage());
        assertTrue(e.at("gp.grad:3:9").getMessage().startsWith("gp.grad:3:9: cholesky: "));
    }

    @Test
    void negativeDefiniteFailsInAFourRowBlock() {
        double[] a = Matrices.spd(new Random(5), 12);
        a[9 * 12 + 9] = -50;
        assertEquals(9, assertThrows(MatrixException.class, () -> Cholesky.factor(a, 12)).index());
    }

    @Test
    void nanPropagatesInsteadOfFailing() {
        double[] a = Matrices.spd(new Random(6), 7);
        a[2 * 7 + 1] = Double.NaN;
        double[] l = Cholesky.factor(a, 7);
        assertEquals(0, Double.compare(l[0], Math.sqrt(a[0])), "rows before the NaN are untouched");
        assertTrue(Double.isNaN(l[2 * 7 + 1]) && Double.isNaN(l[6 * 7 + 6]));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 9})
    void reverseDerivativeMatchesCentralDifferences(int n) {
        Random rnd = new Random(10 + n);
        double[] a = Matrices.spd(rnd, n);
        double[] w = Matrices.random(rnd, n * n);
        double[] expected = Matrices.gradient(x -> Matrices.inner(w, Cholesky.factor(x, n)), a);
        assertClose(expected, Cholesky.vjp(Cholesky.factor(a, n), w, n), 1e-7);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 11})
    void forwardDerivativeMatchesCentralDifferences(int n) {
        Random rnd = new Random(20 + n);
        double[] a = Matrices.spd(rnd, n);
        double[] dA = Matrices.random(rnd, n * n);
        double[] expected = Matrices.directional(x -> Cholesky.factor(x, n), a, dA);
        assertClose(expected, Cholesky.jvp(Cholesky.factor(a, n), dA, n), 1e-7);
    }

    @ParameterizedTest
    @ValueSource(ints = {4, 17, 64, 133})
    void forwardAndReverseAreAdjoint(int n) {
        Random rnd = new Random(30 + n);
        double[] l = Cholesky.factor(Matrices.spd(rnd, n), n);
        double[] dA = Matrices.random(rnd, n * n);
        double[] lBar = Matrices.random(rnd, n * n);
        double lhs = Matrices.inner(lBar, Dense.lower(Cholesky.jvp(l, dA, n), n));
        double rhs = Matrices.inner(Cholesky.vjp(l, lBar, n), dA);
        assertClose(lhs, rhs, 1e-10);
    }

    @ParameterizedTest
    @ValueSource(ints = {6, 45, 49, 70})
    void reverseAlgorithmAgreesWithTheSymbolicFormula(int n) {
        // Murray (2016): Ā = sym(L⁻ᵀ Φ(Lᵀ L̄) L⁻¹), computed here by products and triangular solves.
        Random rnd = new Random(40 + n);
        double[] l = Cholesky.factor(Matrices.spd(rnd, n), n);
        double[] lBar = Dense.lower(Matrices.random(rnd, n * n), n);
        double[] p = Dense.transposedTimes(l, n, n, lBar, n);
        for (int i = 0; i < n; i++) {
            p[i * n + i] *= 0.5;
            java.util.Arrays.fill(p, i * n + i + 1, i * n + n, 0);
        }
        double[] y = Triangular.solveLowerTransposed(l, n, p);
        double[] s = Dense.transpose(Triangular.solveLowerTransposed(l, n, Dense.transpose(y, n, n)), n, n);
        assertClose(Dense.symmetricPart(s, n), Cholesky.vjp(l, lBar, n), 1e-11);
    }

    @Test
    void logdetIsTwiceTheSumOfTheLogDiagonal() {
        int n = 10;
        double[] a = Matrices.spd(new Random(50), n);
        double[] l = Cholesky.factor(a, n);
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.log(l[i * n + i]);
        }
        assertClose(Lu.factor(a, n).logAbsDet(), 2 * s, 1e-13);
    }
}
