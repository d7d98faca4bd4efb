package dev.gradc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.testing.Programs;
import java.util.List;
import org.junit.jupiter.api.Test;

class HessianTest {

    @Test
    void hessianOfPolynomialIsSixXPlusFour() {
        FunctionIr f = Programs.compile(Programs.example("polynomial.grad")).function("f");
        Graph h = Derivatives.hvp(f, List.of("x"));
        double[][] out = Programs.runScalars(h, 2.0, 1.0);
        assertEquals(15.0, out[1][0], 0.0);
        assertEquals(6 * 2.0 + 4, out[2][0], 1e-12);
    }

    @Test
    void hessianThroughLoopAndBranchOfControlFlowIsZero() {
        FunctionIr f = Programs.compile(Programs.example("control_flow.grad")).function("f");
        Graph h = Derivatives.hvp(f, List.of("a"));
        for (double a : new double[] {0.3, -2.0, 17.0}) {
            assertEquals(0.0, Programs.runScalars(h, a, 1.0)[2][0], 0.0);
        }
    }

    @Test
    void newtonSquareRootInAWhileLoopHasSecondDerivativeOfSqrt() {
        FunctionIr f = Programs.compile("""
                fn root(a: real) -> real {
                  r = a;
                  while (abs(r * r - a) > 1e-14 * a) {
                    r = 0.5 * (r + a / r);
                  }
                  return r;
                }
                """).function("root");
        Graph h = Derivatives.hvp(f, List.of("a"));
        for (double a : new double[] {2.0, 9.0, 0.25}) {
            double expected = -0.25 * Math.pow(a, -1.5);
            assertEquals(expected, Programs.runScalars(h, a, 1.0)[2][0], 1e-6 * Math.abs(expected));
            assertEquals(expected, Programs.runScalars(Derivatives.hvpReverseOverForward(f, List.of("a")), a, 1.0)[1][0],
                    1e-6 * Math.abs(expected));
        }
    }

    @Test
    void mixedSecondDerivativesAreSymmetric() {
        FunctionIr f = Programs.compile("fn f(x: real, y: real) -> real { return sin(x * y) + x^3 * y; }")
                .function("f");
        Graph h = Derivatives.hvp(f, List.of("x", "y"));
        double x = 0.7, y = -1.3;
        double[][] col0 = Programs.runScalars(h, x, y, 1.0, 0.0);
        double[][] col1 = Programs.runScalars(h, x, y, 0.0, 1.0);
        assertEquals(col0[4][0], col1[3][0], 1e-12);
        double hxy = Math.cos(x * y) - x * y * Math.sin(x * y) + 3 * x * x;
        assertEquals(hxy, col0[4][0], 1e-12);
    }

    @net.jqwik.api.Property(tries = 100, seed = "20261125")
    void forwardOverReverseEqualsReverseOverForwardOnRandomPrograms(@net.jqwik.api.ForAll long seed) {
        FunctionIr f = Programs.compile(dev.gradc.testing.RandomPrograms.generate(seed)).function("f");
        List<String> wrt = List.of("x", "y", "v", "M");
        Object[] in = GradientPropertyTest.inputs(seed);
        Object[] dir = GradientPropertyTest.inputs(seed + 1);
        Object[] args = new Object[8];
        System.arraycopy(in, 0, args, 0, 4);
        System.arraycopy(dir, 0, args, 4, 4);
        Object[] fr = Programs.run(Verifier.verify(Derivatives.hvp(f, wrt)), args);
        Object[] rf = Programs.run(Derivatives.hvpReverseOverForward(f, wrt), args);
        for (int p = 0; p < 4; p++) {
            double[] a = ((dev.gradc.ops.NDArray) fr[5 + p]).data();
            double[] b = ((dev.gradc.ops.NDArray) rf[1 + p]).data();
            for (int k = 0; k < a.length; k++) {
                assertEquals(b[k], a[k], 1e-9 * Math.max(1, Math.abs(b[k])), "param " + p);
            }
        }
    }
}
