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
        assertEquals(6 * 2.0 + 4, Programs.runScalars(h, 2.0, 1.0)[1][0], 1e-12);
    }

    @Test
    void hessianThroughLoopAndBranchOfControlFlowIsZero() {
        FunctionIr f = Programs.compile(Programs.example("control_flow.grad")).function("f");
        Graph h = Derivatives.hvp(f, List.of("a"));
        for (double a : new double[] {0.3, -2.0, 17.0}) {
            assertEquals(0.0, Programs.runScalars(h, a, 1.0)[1][0], 0.0);
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
            assertEquals(expected, Programs.runScalars(h, a, 1.0)[1][0], 1e-6 * Math.abs(expected));
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
        assertEquals(col0[2][0], col1[1][0], 1e-12);
        double hxy = Math.cos(x * y) - x * y * Math.sin(x * y) + 3 * x * x;
        assertEquals(hxy, col0[2][0], 1e-12);
    }
}
