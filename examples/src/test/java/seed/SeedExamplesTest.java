package seed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** The seed's numbers, from the classes the gradc Maven plugin generated at build time. */
class SeedExamplesTest {

    @Test
    void polynomialDerivativeAtTwoIsFifteen() {
        assertEquals(7.0, Polynomial.f(2.0), 0.0);
        assertEquals(15.0, Polynomial.fGrad(2.0).x(), 0.0);
        assertEquals(15.0, Polynomial.fJvp(2.0, 1.0).tangent(), 0.0);
        assertEquals(7.0, Polynomial.fGrad(2.0).value(), 0.0);
    }

    @Test
    void detachedFactorIsAConstantForTheDerivative() {
        assertEquals(8.0, Detach.detached(2.0), 0.0);
        assertEquals(8.0, Detach.attached(2.0), 0.0);
        assertEquals(4.0, Detach.detachedGrad(2.0).x(), 0.0);
        assertEquals(12.0, Detach.attachedGrad(2.0).x(), 0.0);
    }

    @Test
    void controlFlowGradientIsValueOverA() {
        double[] as = {0.48851716447341414, 1.0, 3.0, 0.001, 1e-6, 123.456, 999.0, 1e5, 1e9, -0.001, -1.0, -7.5,
            -250.0, -1e6};
        for (double a : as) {
            ControlFlow.F.Grad g = ControlFlow.fGrad(a);
            assertEquals(ControlFlow.f(a), g.value(), 0.0, "value at " + a);
            assertEquals(g.value() / a, g.a(), Math.abs(g.value() / a) * 1e-15, "df/da at " + a);
        }
    }

    @Test
    void controlFlowHonoursTheIterationLimit() {
        ControlFlow.setMaxIterations(3);
        try {
            dev.gradc.runtime.IterationLimitException e = assertThrows(
                    dev.gradc.runtime.IterationLimitException.class, () -> ControlFlow.f(1e-6));
            assertEquals("control_flow.grad:7", e.where());
        } finally {
            ControlFlow.setMaxIterations(1_000_000);
        }
        assertEquals(2048 * 0.5, ControlFlow.f(0.5), 0.0);
    }

    @Test
    void vectorSquareVjpWithOnesIsTwoX() {
        VectorSquare.Square.Vjp v = VectorSquare.squareVjp(new double[] {1, 2, 3}, new double[] {1, 1, 1});
        assertArrayEquals(new double[] {1, 4, 9}, v.value(), 0.0);
        assertArrayEquals(new double[] {2, 4, 6}, v.x(), 0.0);
    }

    @Test
    void vectorSquareJacobianIsDiagonal() {
        double[][] j = VectorSquare.squareJacobian(new double[] {1, 2, 3}).x();
        assertArrayEquals(new double[] {2, 0, 0}, j[0], 0.0);
        assertArrayEquals(new double[] {0, 4, 0}, j[1], 0.0);
        assertArrayEquals(new double[] {0, 0, 6}, j[2], 0.0);
    }

    @Test
    void vectorSquareChecksTheLength() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> VectorSquare.square(new double[] {1, 2}));
        assertEquals(true, e.getMessage().contains("'x'"), e.getMessage());
    }

    @Test
    void logSinDerivativeMatchesTheFormulaInBothModes() {
        for (double x : new double[] {0.3, 1.0, 1.3, 2.5, 7.0, -0.8, -3.0}) {
            double want = 2 / x * Math.sin(x) + Math.log(x * x) * Math.cos(x) - 1 / (x * x);
            assertEquals(want, LogSin.fGrad(x).x(), 1e-12 * Math.max(1, Math.abs(want)), "reverse at " + x);
            assertEquals(want, LogSin.fJvp(x, 1.0).tangent(), 1e-12 * Math.max(1, Math.abs(want)), "forward at " + x);
        }
    }

    @Test
    void chainRuleMatchesCentralDifferences() {
        double[] p = {0.1, 0.2, 0.3, 0.4};
        ChainRule.F.Grad g = ChainRule.fGrad(p[0], p[1], p[2], p[3]);
        double[] grad = {g.w(), g.x(), g.y(), g.z()};
        for (int i = 0; i < 4; i++) {
            double h = 1e-5;
            double[] up = p.clone();
            double[] down = p.clone();
            up[i] += h;
            down[i] -= h;
            double fd = (ChainRule.f(up[0], up[1], up[2], up[3]) - ChainRule.f(down[0], down[1], down[2], down[3]))
                    / (2 * h);
            assertEquals(fd, grad[i], 1e-6 * Math.max(1, Math.abs(fd)), "d/d" + "wxyz".charAt(i));
        }
    }
}
