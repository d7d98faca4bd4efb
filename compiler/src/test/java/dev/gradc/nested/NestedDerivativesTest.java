package dev.gradc.nested;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.testing.ScalarProgram;
import org.junit.jupiter.api.Test;

/**
 * Derivatives used inside programs, composed: against closed forms, nested central differences and each
 * other, in the interpreter, the tape and the compiled class.
 */
class NestedDerivativesTest {

    private static final String POLY = """
            fn p(x: real) -> real { return x ^ 4 + 3 * x ^ 3 - 2 * x; }
            fn dp(x: real) -> real { return grad(p, x)(x); }
            fn d2p(x: real) -> real { return grad(dp, x)(x); }
            fn hp(x: real) -> real { return hessian(p, x)(x)[0, 0]; }
            fn vp(x: real) -> real { return hvp(p, x)(x, 1); }
            """;

    /** Every engine's gradient of fn at args, each asserted equal to {@code expected} within tol. */
    private static void allEngines(ScalarProgram n, String fn, double[] expected, double tol, double... args) {
        assertArrayEquals(expected, n.interpreterGradient(fn, args), tol, "interpreter");
        assertArrayEquals(expected, n.tapeGradient(fn, args), tol, "tape");
        assertArrayEquals(expected, n.compiledGradient(fn, args), tol, "compiled");
    }

    @Test
    void noPerturbationConfusion() {
        ScalarProgram n = new ScalarProgram("nested.grad", """
                fn g(x: real, y: real) -> real { return x + y; }
                fn f(x: real) -> real { return x * grad(g, y)(x, x); }
                """);
        for (double x : new double[] {-3, 0, 0.5, 2}) {
            assertEquals(x, n.value("f", x), 0);
            allEngines(n, "f", new double[] {1}, 0, x);
        }
    }

    @Test
    void thirdDerivativesOfAPolynomialAreExact() {
        ScalarProgram n = new ScalarProgram("nested.grad", POLY);
        for (double x : new double[] {-2, 0.5, 3}) {
            assertEquals(4 * x * x * x + 9 * x * x - 2, n.value("dp", x), 1e-12);
            assertEquals(12 * x * x + 18 * x, n.value("d2p", x), 1e-12);
            allEngines(n, "d2p", new double[] {24 * x + 18}, 1e-12, x);
        }
    }

    @Test
    void derivativeOfGradEqualsHessianAndHvp() {
        ScalarProgram n = new ScalarProgram("nested.grad", POLY);
        for (double x : new double[] {-1.5, 0.25, 2}) {
            double h = n.interpreterGradient("dp", x)[0];
            assertEquals(h, n.value("hp", x), 1e-12);
            assertEquals(h, n.value("vp", x), 1e-12);
            allEngines(n, "hp", new double[] {24 * x + 18}, 1e-12, x);
            allEngines(n, "vp", new double[] {24 * x + 18}, 1e-12, x);
        }
    }

    private static final String LOOPS = """
            fn s(a: real, b: real) -> real {
              z = a;
              i = 0;
              while (z * z < 40 && i < 50) { z = z * 1.3 + sin(b * z); i = i + 1; }
              if (z > 0) { r = z * b; } else { r = z * z; }
              return r;
            }
            fn fr(a: real, b: real) -> real { return grad(s, a)(a, b); }
            fn ff(a: real, b: real) -> real { return jvp(s, a)(a, b, 1); }
            fn fh(a: real, b: real) -> real { return hvp(s, a)(a, b, 1); }
            fn frr(a: real, b: real) -> real { return grad(fr, a)(a, b); }
            fn third(a: real, b: real) -> real { return jvp(frr, a)(a, b, 1) + hvp(ff, b)(a, b, 1); }
            """;

    /** Central differences of a function of two scalars, ∂/∂a and ∂/∂b, Richardson-extrapolated from h and h/2. */
    private static double[] central(java.util.function.DoubleBinaryOperator f, double a, double b, double h) {
        double[] out = new double[2];
        for (int k = 0; k < 2; k++) {
            double[] d = new double[2];
            for (int s = 0; s < 2; s++) {
                double e = h / (1 << s);
                d[s] = k == 0 ? (f.applyAsDouble(a + e, b) - f.applyAsDouble(a - e, b)) / (2 * e)
                        : (f.applyAsDouble(a, b + e) - f.applyAsDouble(a, b - e)) / (2 * e);
            }
            out[k] = (4 * d[1] - d[0]) / 3;
        }
        return out;
    }

    /**
     * Differences of third derivatives through a loop of up to 50 trips (whose higher derivatives are large)
     * are good to about 1e-5 relative even extrapolated; allow 1e-4.
     */
    private static double tol(double expected) {
        return 1e-4 * Math.max(1, Math.abs(expected));
    }

    @Test
    void everyCompositionToDepthThreeThroughWhileAndIfAgreesWithNestedCentralDifferences() {
        ScalarProgram n = new ScalarProgram("nested.grad", LOOPS);
        double h = 1e-3;
        for (double[] at : new double[][] {{0.7, 0.4}, {1.1, -0.3}, {-0.9, 0.8}}) {
            double a = at[0];
            double b = at[1];
            // the inner derivatives against differences of the value
            double[] ds = central((x, y) -> n.value("s", x, y), a, b, h);
            assertEquals(ds[0], n.value("fr", a, b), 1e-6);
            assertEquals(ds[0], n.value("ff", a, b), 1e-6);
            // second derivatives: reverse over reverse, reverse over forward, against differences of the first
            double[] dfr = central((x, y) -> n.value("fr", x, y), a, b, h);
            allEngines(n, "fr", dfr, tol(Math.max(Math.abs(dfr[0]), Math.abs(dfr[1]))), a, b);
            allEngines(n, "ff", dfr, tol(Math.max(Math.abs(dfr[0]), Math.abs(dfr[1]))), a, b);
            assertEquals(dfr[0], n.value("fh", a, b), tol(dfr[0]), "forward over reverse");
            // third derivatives: forward over reverse over reverse, and forward over reverse over forward
            double[] dfh = central((x, y) -> n.value("fh", x, y), a, b, h);
            double[] dffb = central((x, y) -> n.interpreterGradient("ff", x, y)[1], a, b, h);
            assertEquals(dfh[0], n.interpreterGradient("frr", a, b)[0], tol(dfh[0]), "reverse over reverse over reverse");
            assertEquals(dfh[0] + dffb[1], n.value("third", a, b), tol(dfh[0] + dffb[1]));
            allEngines(n, "fh", dfh, tol(Math.max(Math.abs(dfh[0]), Math.abs(dfh[1]))), a, b);
        }
    }
}
