package dev.gradc.runtime.linalg;

import static dev.gradc.runtime.linalg.Matrices.assertClose;
import static dev.gradc.runtime.linalg.Matrices.inner;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The identities and the adjoint relations of every kernel over random sizes (so the four-row blocks, their
 * remainders and the split-row forms all run) and random well-conditioned or positive definite matrices.
 */
class LinalgPropertiesTest {

    @Property(tries = 40)
    void solveUndoesTheProductAndLogdetMatchesCholesky(@ForAll @IntRange(min = 1, max = 60) int n,
            @ForAll @IntRange(min = 1, max = 9) int m, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] a = Matrices.wellConditioned(rnd, n);
        double[] x = Matrices.random(rnd, n * m);
        assertClose(x, Lu.factor(a, n).solve(Dense.times(a, n, n, x, m), "solve"), 1e-10);
        double[] s = Matrices.spd(rnd, n);
        double[] l = Cholesky.factor(s, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.log(l[i * n + i]);
        }
        assertClose(Lu.factor(s, n).logAbsDet(), 2 * sum, 1e-11);
        assertClose(s, Dense.timesTransposed(l, n, l, n, n), 1e-11);
    }

    @Property(tries = 30)
    void choleskyForwardAndReverseAreAdjoint(@ForAll @IntRange(min = 1, max = 130) int n, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] l = Cholesky.factor(Matrices.spd(rnd, n), n);
        double[] dA = Matrices.random(rnd, n * n);
        double[] lBar = Matrices.random(rnd, n * n);
        assertClose(inner(lBar, Dense.lower(Cholesky.jvp(l, dA, n), n)), inner(Cholesky.vjp(l, lBar, n), dA), 1e-9);
    }

    @Property(tries = 30)
    void solveInvDetAndLogdetRulesAreAdjoint(@ForAll @IntRange(min = 1, max = 40) int n,
            @ForAll @IntRange(min = 1, max = 5) int m, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] a = Matrices.wellConditioned(rnd, n);
        Lu lu = Lu.factor(a, n);
        double[] c = lu.solve(Matrices.random(rnd, n * m), "solve");
        double[] cBar = Matrices.random(rnd, n * m);
        double[] dA = Matrices.random(rnd, n * n);
        double[] dB = Matrices.random(rnd, n * m);
        double[] bBar = LuRules.solveVjpB(lu, cBar);
        assertClose(inner(cBar, LuRules.solveJvp(lu, c, dA, dB)),
                inner(LuRules.solveVjpA(bBar, c, n), dA) + inner(bBar, dB), 1e-9);
        double[] y = lu.solve(Lu.identity(n), "inv");
        double[] yBar = Matrices.random(rnd, n * n);
        assertClose(inner(yBar, LuRules.invJvp(y, dA, n)), inner(LuRules.invVjp(y, yBar, n), dA), 1e-9);
        assertClose(LuRules.logdetJvp(lu, dA), inner(LuRules.logdetVjp(lu, 1), dA), 1e-9);
        assertClose(LuRules.detJvp(lu, dA), inner(LuRules.detVjp(lu, 1), dA), 1e-9);
    }

    @Property(tries = 30)
    void triangularRulesAreAdjoint(@ForAll @IntRange(min = 1, max = 40) int n,
            @ForAll @IntRange(min = 1, max = 140) int m, @ForAll boolean transposed, @ForAll long seed) {
        Random rnd = new Random(seed);
        double[] l = Matrices.lowerTriangular(rnd, n);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                l[i * n + j] /= n;   // diagonally dominant: random triangular matrices are badly conditioned
            }
        }
        double[] b = Matrices.random(rnd, n * m);
        double[] x = transposed ? Triangular.solveLowerTransposed(l, n, b) : Triangular.solveLower(l, n, b);
        double[] xBar = Matrices.random(rnd, n * m);
        double[] dL = Matrices.random(rnd, n * n);
        double[] dB = Matrices.random(rnd, n * m);
        double[] bBar = Triangular.vjpB(l, n, xBar, transposed);
        assertClose(inner(xBar, Triangular.jvp(l, n, x, dL, dB, transposed)),
                inner(Triangular.vjpL(x, bBar, n, transposed), dL) + inner(bBar, dB), 1e-8);
    }
}
