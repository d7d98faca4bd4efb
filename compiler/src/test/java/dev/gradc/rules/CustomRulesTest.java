package dev.gradc.rules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.ScalarProgram;
import org.junit.jupiter.api.Test;

/** @vjp_rule and @jvp_rule: every engine uses the rule, not the body's automatic derivative. */
class CustomRulesTest {

    private static final String CLIP = """
            fn clip(x: real) -> real { return x; }
            @vjp_rule(clip, x)
            fn clip_vjp(x: real, y: real, ybar: real) -> real { return max(min(ybar, 1), -1); }
            fn loss(w: real) -> real { return 5 * clip(3 * w * w); }
            """;

    @Test
    void clippedGradientInEveryEngine() {
        ScalarProgram p = new ScalarProgram("rules.grad", CLIP);
        double w = 2;
        assertEquals(60, p.value("loss", w), 1e-12);
        // the seed 5 reaching clip is clipped to 1: the gradient is 6w, not the automatic 30w
        double[] want = {6 * w};
        assertArrayEquals(want, p.interpreterGradient("loss", w), 1e-12);
        assertArrayEquals(want, p.compiledGradient("loss", w), 1e-12);
        assertArrayEquals(want, p.tapeGradient("loss", w), 1e-12);
    }

    private static final String COS_RULE = """
            fn f(x: real) -> real { return x; }
            @vjp_rule(f, x)
            fn f_vjp(x: real, y: real, ybar: real) -> real { return ybar * cos(x); }
            @jvp_rule(f, x)
            fn f_jvp(x: real, y: real, dx: real) -> real { return dx * cos(x); }
            @grad @jvp @hessian
            fn g(x: real) -> real { return 2 * f(x * x); }
            """;

    @Test
    void secondDerivativeIsTheRulesDerivative() {
        ScalarProgram p = new ScalarProgram("rules.grad", COS_RULE);
        for (double x : new double[] {0.3, -1.1, 2}) {
            double grad = 2 * Math.cos(x * x) * 2 * x;
            assertArrayEquals(new double[] {grad}, p.interpreterGradient("g", x), 1e-12);
            assertArrayEquals(new double[] {grad}, p.compiledGradient("g", x), 1e-12);
            assertArrayEquals(new double[] {grad}, p.tapeGradient("g", x), 1e-12);
            CompiledModule c = CompiledModule.load(p.module);
            assertEquals(grad, (Double) c.jvp("g", x, 1.0).parts().get("tangent"), 1e-12);
            double hessian = 4 * Math.cos(x * x) - 8 * x * x * Math.sin(x * x);
            double[] h = flat(c.hessian("g", x).parts().get("hessian"));
            assertEquals(hessian, h[0], 1e-10);
        }
    }

    private static final String IN_A_LOOP = """
            fn f(x: real) -> real { return x; }
            @vjp_rule(f, x)
            fn f_vjp(x: real, y: real, ybar: real) -> real { return ybar * cos(x); }
            fn g(x: real) -> real {
              s = 0.5;
              i = 0;
              while (i < 4) {
                s = s + f(x * s);
                i = i + 1;
              }
              return s;
            }
            """;

    @Test
    void aRuleInsideALoopInEveryEngine() {
        ScalarProgram p = new ScalarProgram("rules.grad", IN_A_LOOP);
        double x = 0.3;
        // forward mode by hand with f' = cos (the rule), not 1 (the body)
        double s = 0.5;
        double ds = 0;
        for (int i = 0; i < 4; i++) {
            double u = x * s;
            ds = ds + Math.cos(u) * (s + x * ds);
            s = s + u;
        }
        assertEquals(s, p.value("g", x), 1e-15);
        double[] want = {ds};
        assertArrayEquals(want, p.interpreterGradient("g", x), 1e-14);
        assertArrayEquals(want, p.compiledGradient("g", x), 1e-14);
        assertArrayEquals(want, p.tapeGradient("g", x), 1e-14);
    }

    private static final String HYPOT = """
            extern fn hypot(a: real, b: real) -> real = "java.lang.Math.hypot";
            @vjp_rule(hypot, a)
            fn hypot_va(a: real, b: real, y: real, ybar: real) -> real { return ybar * a / y; }
            @vjp_rule(hypot, b)
            fn hypot_vb(a: real, b: real, y: real, ybar: real) -> real { return ybar * b / y; }
            @jvp_rule(hypot, a)
            fn hypot_ja(a: real, b: real, y: real, da: real) -> real { return da * a / y; }
            @jvp_rule(hypot, b)
            fn hypot_jb(a: real, b: real, y: real, db: real) -> real { return db * b / y; }
            @grad @hessian
            fn r(u: real, v: real) -> real { return hypot(u, 2 * v) * u; }
            """;

    @Test
    void externWithRulesInEveryEngine() {
        ScalarProgram p = new ScalarProgram("rules.grad", HYPOT);
        double u = 1.5;
        double v = -0.7;
        double h = Math.hypot(u, 2 * v);
        assertEquals(h * u, p.value("r", u, v), 1e-12);
        double[] want = {h + u * u / h, u * 4 * v / h};
        assertArrayEquals(want, p.interpreterGradient("r", u, v), 1e-12);
        assertArrayEquals(want, p.compiledGradient("r", u, v), 1e-12);
        assertArrayEquals(want, p.tapeGradient("r", u, v), 1e-12);
        // the Hessian (through the rules' own derivatives) against central differences of the gradient
        CompiledModule c = CompiledModule.load(p.module);
        double[] hess = flat(c.hessian("r", u, v).parts().get("hessian"));
        double e = 1e-5;
        double[] gu = c.grad("r", u + e, v).parts().values().stream().mapToDouble(o -> (Double) o).toArray();
        double[] gd = c.grad("r", u - e, v).parts().values().stream().mapToDouble(o -> (Double) o).toArray();
        assertEquals((gu[0] - gd[0]) / (2 * e), hess[0], 1e-6);
        assertEquals((gu[1] - gd[1]) / (2 * e), hess[1], 1e-6);
    }

    static double[] flat(Object o) {
        if (o instanceof double[][] m) {
            return java.util.Arrays.stream(m).flatMapToDouble(java.util.Arrays::stream).toArray();
        }
        return o instanceof Double d ? new double[] {d} : (double[]) o;
    }
}
