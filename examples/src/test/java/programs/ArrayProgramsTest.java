package programs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.function.BiFunction;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * The array programs (Runge–Kutta 4, determinant by elimination, stacked LSTM, least squares by a loop over
 * samples), from the classes the gradc Maven plugin generated: their gradients against analytic truth where
 * the mathematics gives one and against central differences, and the interpreter and the tape against the
 * generated class.
 */
class ArrayProgramsTest {

    private static final OtherEngines.Real[] NONE = {};

    @Test
    void rk4IsExactForFourComponentsAndItsGradientIsTheProductRule() {
        // y_i(t) = x_0 ... x_i t^(i+1) / (i+1)!: a polynomial of degree <= 4 for n = 4, which RK4 integrates exactly
        double[] x = {0.7, -1.3, 2.1, 0.9};
        double tf = 1.5;
        double exact = x[0] * x[1] * x[2] * x[3] * Math.pow(tf, 4) / 24;
        Rk4.Last.Grad g = Rk4.lastGrad(4, x, 10, tf);
        assertEquals(exact, g.value(), 1e-14);
        for (int j = 0; j < 4; j++) {
            assertEquals(exact / x[j], g.x()[j], 1e-14, "d/dx[" + j + "]");
        }
        OtherEngines engines = new OtherEngines("rk4.grad");
        Object[] args = {new OtherEngines.Real(x, 4), 10, new OtherEngines.Real(new double[] {tf})};
        for (OtherEngines.Answer a : new OtherEngines.Answer[] {engines.interpreter("last", Map.of("N", 4), args),
            engines.tape("last", Map.of("N", 4), args)}) {
            assertClose(g.value(), a.value(), 1e-13, "value");
            assertClose(g.x(), a.gradient().get("x"), 1e-13, "x");
        }
    }

    @Test
    void rk4WithEightComponentsMatchesCentralDifferencesAndConvergesToTheSolution() {
        double[] x = {0.9, 1.1, -0.8, 1.2, 0.95, -1.05, 1.3, 0.85};
        int n = x.length;
        int steps = 200;
        double tf = 1.2;
        Rk4.Last.Grad g = Rk4.lastGrad(n, x, steps, tf);
        double exact = Math.pow(tf, n) / 40320;
        for (double v : x) {
            exact *= v;
        }
        // fourth order: twice the steps, a sixteenth of the error
        double error = g.value() - exact;
        double halved = Rk4.last(n, x, 2 * steps, tf) - exact;
        assertEquals(16, error / halved, 1, "error ratio: " + error + " / " + halved);
        assertEquals(exact, g.value(), 1e-7 * Math.abs(exact));
        double[] fd = centralDifferences(x, p -> Rk4.last(n, p, steps, tf));
        assertClose(fd, g.x(), 1e-8, "x against central differences");
        for (int j = 0; j < n; j++) {
            assertEquals(exact / x[j], g.x()[j], 1e-7 * Math.abs(exact / x[j]), "d/dx[" + j + "] against the solution's");
        }
        OtherEngines engines = new OtherEngines("rk4.grad");
        Object[] args = {new OtherEngines.Real(x, n), steps, new OtherEngines.Real(new double[] {tf})};
        assertAgrees(g.value(), Map.of("x", g.x()), engines.interpreter("last", Map.of("N", n), args));
        assertAgrees(g.value(), Map.of("x", g.x()), engines.tape("last", Map.of("N", n), args));
    }

    @Test
    void determinantByEliminationAndItsGradientDetTimesInverseTranspose() {
        determinantAndGradient("elimination", Determinant::elimination,
                (n, a) -> {
                    Determinant.Elimination.Grad g = Determinant.eliminationGrad(n, a);
                    return new double[][] {{g.value()}, g.A()};
                });
    }

    /** The same elimination with element writes right of the pivot (the form an expert writes LU in). */
    @Test
    void determinantByElementWritesAndItsGradientDetTimesInverseTranspose() {
        determinantAndGradient("eliminationByEntries", Determinant::eliminationByEntries,
                (n, a) -> {
                    Determinant.EliminationByEntries.Grad g = Determinant.eliminationByEntriesGrad(n, a);
                    return new double[][] {{g.value()}, g.A()};
                });
    }

    /**
     * |x|² for the solution of A x = b by LU with partial pivoting and back substitution (lu_solve.grad, whose
     * whole-row update the compiler computes right of the pivot only): the value against a Gauss–Jordan inverse,
     * the gradients against −2 (A⁻ᵀx) xᵀ and 2 A⁻ᵀx, central differences, the other engines.
     */
    @Test
    void luSolveNormAndItsGradientAgainstTheInverse() {
        Random random = new Random(11);
        for (int n : new int[] {1, 2, 4, 6}) {
            double[] a = gaussian(random, n * n, 1);
            double[] b = gaussian(random, n, 1);
            if (n > 1) {
                a[0] = 0; // the first pivot must come from another row
            }
            double[] inverse = Truth.inverse(a, n);
            double[] x = new double[n];
            double norm = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    x[i] += inverse[i * n + j] * b[j];
                }
                norm += x[i] * x[i];
            }
            double[] w = new double[n]; // A⁻ᵀx
            for (int i = 0; i < n; i++) {
                for (int r = 0; r < n; r++) {
                    w[i] += inverse[r * n + i] * x[r];
                }
            }
            double[] expectedA = new double[n * n];
            double[] expectedB = new double[n];
            for (int i = 0; i < n; i++) {
                expectedB[i] = 2 * w[i];
                for (int j = 0; j < n; j++) {
                    expectedA[i * n + j] = -2 * w[i] * x[j];
                }
            }
            LuSolve.SolveNorm.Grad g = LuSolve.solveNormGrad(n, a, b);
            assertClose(norm, g.value(), 1e-11, "|x|^2 at n = " + n);
            assertClose(expectedA, g.A(), 1e-10, "-2 A^-T x x^T at n = " + n);
            assertClose(expectedB, g.b(), 1e-10, "2 A^-T x at n = " + n);
            assertClose(centralDifferences(a, p -> LuSolve.solveNorm(n, p, b)), g.A(), 1e-7, "A, central differences");
            assertClose(centralDifferences(b, p -> LuSolve.solveNorm(n, a, p)), g.b(), 1e-7, "b, central differences");
            OtherEngines engines = new OtherEngines("lu_solve.grad");
            Object[] args = {new OtherEngines.Real(a, n, n), new OtherEngines.Real(b, n)};
            Map<String, double[]> gradient = Map.of("A", g.A(), "b", g.b());
            assertAgrees(g.value(), gradient, engines.interpreter("solveNorm", Map.of("N", n), args));
            assertAgrees(g.value(), gradient, engines.tape("solveNorm", Map.of("N", n), args));
        }
    }

    /** Function fn of determinant.grad: its value against cofactor expansion, its gradient against det(A)·A⁻ᵀ. */
    private static void determinantAndGradient(String fn, BiFunction<Integer, double[], Double> value,
                                               BiFunction<Integer, double[], double[][]> grad) {
        Random random = new Random(5);
        for (int n : new int[] {1, 2, 5, 7}) {
            double[] a = new double[n * n];
            for (int i = 0; i < a.length; i++) {
                a[i] = random.nextGaussian();
            }
            if (n > 1) {
                a[0] = 0;  // the first pivot must come from another row
            }
            double[][] g = grad.apply(n, a);
            double det = Truth.detByCofactors(a, n);
            assertEquals(det, g[0][0], 1e-12 * Math.max(1, Math.abs(det)), fn + ": det at n = " + n);
            double[] inverse = Truth.inverse(a, n);
            double[] expected = new double[n * n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    expected[i * n + j] = det * inverse[j * n + i];
                }
            }
            assertClose(expected, g[1], 1e-11, fn + ": det(A) A^-T at n = " + n);
            assertClose(centralDifferences(a, p -> value.apply(n, p)), g[1], 1e-8, fn + ": central differences");
            OtherEngines engines = new OtherEngines("determinant.grad");
            OtherEngines.Real arg = new OtherEngines.Real(a, n, n);
            assertAgrees(g[0][0], Map.of("A", g[1]), engines.interpreter(fn, Map.of("N", n), arg));
            assertAgrees(g[0][0], Map.of("A", g[1]), engines.tape(fn, Map.of("N", n), arg));
        }
    }

    @Test
    void stackedLstmGradientMatchesCentralDifferencesInEveryEngine() {
        int layers = 2;
        int h = 3;
        int steps = 6;
        int gates = 4 * h * layers;
        Random random = new Random(17);
        double[] wx = gaussian(random, gates * h, 0.6);
        double[] wh = gaussian(random, gates * h, 0.6);
        double[] b = gaussian(random, gates, 0.3);
        double[] state0 = gaussian(random, 2 * layers * h, 0.5);
        double[] xs = gaussian(random, steps * h, 1);
        Lstm.Loss.Grad g = Lstm.lossGrad(gates, layers, h, steps, wx, wh, b, state0, xs);
        assertClose(centralDifferences(wx, p -> Lstm.loss(gates, layers, h, steps, p, wh, b, state0, xs)), g.Wx(), 1e-8, "Wx");
        assertClose(centralDifferences(wh, p -> Lstm.loss(gates, layers, h, steps, wx, p, b, state0, xs)), g.Wh(), 1e-8, "Wh");
        assertClose(centralDifferences(b, p -> Lstm.loss(gates, layers, h, steps, wx, wh, p, state0, xs)), g.b(), 1e-8, "b");
        OtherEngines engines = new OtherEngines("lstm.grad");
        Map<String, Integer> sizes = Map.of("G", gates, "L", layers, "H", h, "T", steps);
        Object[] args = {new OtherEngines.Real(wx, gates, h), new OtherEngines.Real(wh, gates, h),
            new OtherEngines.Real(b, gates), new OtherEngines.Real(state0, 2 * layers, h),
            new OtherEngines.Real(xs, steps, h)};
        Map<String, double[]> compiled = Map.of("Wx", g.Wx(), "Wh", g.Wh(), "b", g.b());
        assertAgrees(g.value(), compiled, engines.interpreter("loss", sizes, args));
        assertAgrees(g.value(), compiled, engines.tape("loss", sizes, args));
        assertTrue(g.value() > 0.1, "a loss worth differentiating: " + g.value());
    }

    @Test
    void leastSquaresGradientIsTheNormalEquationsResidualAndVanishesAtTheFit() {
        int n = 40;
        int m = 4;
        Random random = new Random(23);
        double[] t = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = -1 + 2.0 * i / (n - 1);
            y[i] = Math.signum(t[i]) + 0.1 * random.nextGaussian();
        }
        double[] c = {0.3, -0.2, 0.5, 0.1};
        LeastSquares.Residuals.Grad g = LeastSquares.residualsGrad(n, m, c, t, y);
        double[] vandermonde = Truth.vandermonde(t, m);
        assertClose(Truth.normalResidual(vandermonde, c, y), g.c(), 1e-12, "V^T (V c - y)");
        assertClose(centralDifferences(c, p -> LeastSquares.residuals(n, m, p, t, y)), g.c(), 1e-8, "central differences");
        double[] fit = Truth.leastSquares(vandermonde, y, m);
        double[] atFit = LeastSquares.residualsGrad(n, m, fit, t, y).c();
        for (double d : atFit) {
            assertEquals(0, d, 1e-11, "the gradient at the least-squares solution");
        }
        OtherEngines engines = new OtherEngines("least_squares.grad");
        Map<String, Integer> sizes = Map.of("N", n, "M", m);
        Object[] args = {new OtherEngines.Real(c, m), new OtherEngines.Real(t, n), new OtherEngines.Real(y, n)};
        assertAgrees(g.value(), Map.of("c", g.c()), engines.interpreter("residuals", sizes, args));
        assertAgrees(g.value(), Map.of("c", g.c()), engines.tape("residuals", sizes, args));
    }

    private static double[] gaussian(Random random, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = scale * random.nextGaussian();
        }
        return v;
    }

    /** Central differences of f at x, step 1e-6. */
    static double[] centralDifferences(double[] x, ToDoubleFunction<double[]> f) {
        double[] g = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double[] up = x.clone();
            double[] down = x.clone();
            up[i] += 1e-6;
            down[i] -= 1e-6;
            g[i] = (f.applyAsDouble(up) - f.applyAsDouble(down)) / 2e-6;
        }
        return g;
    }

    /** Another engine's value and gradient equal the generated class's (each compared parameter). */
    private static void assertAgrees(double value, Map<String, double[]> gradient, OtherEngines.Answer other) {
        assertClose(value, other.value(), 1e-12, "value");
        gradient.forEach((name, g) -> assertClose(g, other.gradient().get(name), 1e-12, name));
    }

    private static void assertClose(double expected, double actual, double tolerance, String what) {
        assertEquals(expected, actual, tolerance * Math.max(1, Math.abs(expected)), what);
    }

    /** Entrywise, relative to the largest entry of {@code expected} (at least 1). */
    static void assertClose(double[] expected, double[] actual, double tolerance, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 1;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], tolerance * scale, what + " at " + i);
        }
    }
}
