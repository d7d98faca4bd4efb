package dev.gradc.runtime.linalg;

import static dev.gradc.runtime.linalg.Matrices.assertClose;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LuRulesTest {

    @ParameterizedTest
    @CsvSource({"1,1", "4,1", "5,3"})
    void solveDerivativesMatchCentralDifferencesAndAreAdjoint(int n, int m) {
        Random rnd = new Random(n * 5 + m);
        double[] a = Matrices.wellConditioned(rnd, n);
        double[] b = Matrices.random(rnd, n * m);
        double[] w = Matrices.random(rnd, n * m);
        Lu lu = Lu.factor(a, n);
        double[] c = lu.solve(b, "solve");
        double[] bBar = LuRules.solveVjpB(lu, w);
        double[] aBar = LuRules.solveVjpA(bBar, c, n);
        assertClose(Matrices.gradient(x -> Matrices.inner(w, Lu.factor(x, n).solve(b, "solve")), a), aBar, 1e-7);
        assertClose(Matrices.gradient(x -> Matrices.inner(w, lu.solve(x, "solve")), b), bBar, 1e-7);
        double[] dA = Matrices.random(rnd, n * n);
        double[] dB = Matrices.random(rnd, n * m);
        double[] dC = LuRules.solveJvp(lu, c, dA, dB);
        assertClose(Matrices.directional(x -> Lu.factor(x, n).solve(b, "solve"), a, dA),
                Matrices.axpy(-1, LuRules.solveJvp(lu, c, null, dB), dC), 1e-7);
        assertClose(Matrices.inner(w, dC), Matrices.inner(aBar, dA) + Matrices.inner(bBar, dB), 1e-10);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 6})
    void invDerivativesMatchCentralDifferencesAndAreAdjoint(int n) {
        Random rnd = new Random(60 + n);
        double[] a = Matrices.wellConditioned(rnd, n);
        double[] w = Matrices.random(rnd, n * n);
        double[] y = inv(a, n);
        double[] aBar = LuRules.invVjp(y, w, n);
        assertClose(Matrices.gradient(x -> Matrices.inner(w, inv(x, n)), a), aBar, 1e-7);
        double[] dA = Matrices.random(rnd, n * n);
        double[] dY = LuRules.invJvp(y, dA, n);
        assertClose(Matrices.directional(x -> inv(x, n), a, dA), dY, 1e-7);
        assertClose(Matrices.inner(w, dY), Matrices.inner(aBar, dA), 1e-10);
    }

    private static double[] inv(double[] a, int n) {
        return Lu.factor(a, n).solve(Lu.identity(n), "inv");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 5, 8})
    void detAndLogdetDerivativesMatchCentralDifferences(int n) {
        Random rnd = new Random(70 + n);
        double[] a = Matrices.wellConditioned(rnd, n);
        Lu lu = Lu.factor(a, n);
        assertClose(Matrices.gradient(x -> Lu.factor(x, n).det(), a), LuRules.detVjp(lu, 1), 1e-6);
        assertClose(Matrices.gradient(x -> Lu.factor(x, n).logAbsDet(), a), LuRules.logdetVjp(lu, 1), 1e-7);
        double[] dA = Matrices.random(rnd, n * n);
        assertClose(Matrices.inner(LuRules.detVjp(lu, 1.5), dA), 1.5 * LuRules.detJvp(lu, dA), 1e-12);
        assertClose(Matrices.inner(LuRules.logdetVjp(lu, -2), dA), -2 * LuRules.logdetJvp(lu, dA), 1e-12);
        assertClose(Matrices.directional(x -> new double[] {Lu.factor(x, n).logAbsDet()}, a, dA)[0],
                LuRules.logdetJvp(lu, dA), 1e-7);
    }

    @Test
    void detGradientAtASingularMatrixMatchesCentralDifferences() {
        // det is a polynomial, so central differences are exact up to rounding even where det = 0.
        int n = 5;
        Random rnd = new Random(80);
        double[] a = Matrices.wellConditioned(rnd, n);
        for (int j = 0; j < n; j++) {
            a[3 * n + j] = 0.5 * a[j] - 2 * a[n + j];
        }
        Lu lu = Lu.factor(a, n);
        assertClose(Matrices.gradient(x -> Lu.factor(x, n).det(), a), LuRules.detVjp(lu, 1), 1e-6);
    }
}
