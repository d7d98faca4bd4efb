package dev.gradc.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class GradientPassTest {

    private static double grad1(FunctionIr f, double x) {
        Graph g = GradientPass.gradient(f, List.of(f.params().get(0).name()), false);
        return Programs.runScalars(g, x)[1][0];
    }

    @Test
    void polynomialGradientAtTwoIsFifteen() {
        FunctionIr f = Programs.compile(Programs.example("polynomial.grad")).function("f");
        assertEquals(15.0, grad1(f, 2.0), 0.0);
    }

    @Test
    void detachedGradientIsFourAndAttachedIsTwelve() {
        var m = Programs.compile(Programs.example("detach.grad"));
        assertEquals(4.0, grad1(m.function("detached"), 2.0), 0.0);
        assertEquals(12.0, grad1(m.function("attached"), 2.0), 0.0);
    }

    @Test
    void controlFlowGradientIsValueOverInput() {
        FunctionIr f = Programs.compile(Programs.example("control_flow.grad")).function("f");
        Random r = new Random(42);
        for (int i = 0; i < 200; i++) {
            double a = r.nextGaussian() * Math.pow(10, r.nextInt(7) - 3);
            double value = Programs.value(f, a);
            assertEquals(value / a, grad1(f, a), Math.abs(value / a) * 1e-12, "a = " + a);
        }
    }

    @Test
    void logSinGradientMatchesAnalyticDerivative() {
        FunctionIr f = Programs.compile(Programs.example("log_sin.grad")).function("f");
        for (double x : new double[] {0.3, 1.0, 2.5, -1.7}) {
            double expected = 2 / x * Math.sin(x) + Math.log(x * x) * Math.cos(x) - 1 / (x * x);
            assertEquals(expected, grad1(f, x), 1e-12 * Math.max(1, Math.abs(expected)));
        }
    }

    @Test
    void chainRuleAdjointsFromAllPathsAddUp() {
        FunctionIr f = Programs.compile(Programs.example("chain_rule.grad")).function("f");
        double w = 0.1, x = 0.2, y = -0.3, z = 0.15;
        Graph g = GradientPass.gradient(f, List.of("w", "x", "y", "z"), false);
        double[][] out = Programs.runScalars(g, w, x, y, z);
        double s1 = w + x + y + z, s2 = w + x - y - z;
        double a = s1 * s1, b = s2 * s2, u = (a + b) * (a + b), v = (a - b) * (a - b);
        double fu = 2 * (u + v), fv = 2 * (u + v);
        double fa = fu * 2 * (a + b) + fv * 2 * (a - b);
        double fb = fu * 2 * (a + b) - fv * 2 * (a - b);
        double[] expected = {fa * 2 * s1 + fb * 2 * s2, fa * 2 * s1 + fb * 2 * s2,
            fa * 2 * s1 - fb * 2 * s2, fa * 2 * s1 - fb * 2 * s2};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], out[1 + i][0], 1e-12 * Math.abs(expected[i]));
        }
    }

    @Test
    void vectorSquareVjpWithOnesIsTwiceX() {
        FunctionIr f = Programs.compile(Programs.example("vector_square.grad")).function("square");
        Graph g = GradientPass.gradient(f, List.of("x"), true);
        Object[] out = Programs.run(g, new NDArray(new double[] {1, 2, 3}, new int[] {3}),
                new NDArray(new double[] {1, 1, 1}, new int[] {3}));
        assertArrayEquals(new double[] {2, 4, 6}, ((NDArray) out[1]).data(), 0.0);
    }

    @Test
    void tangentOfLogSinMatchesReverse() {
        FunctionIr f = Programs.compile(Programs.example("log_sin.grad")).function("f");
        Graph jvp = TangentPass.jvp(f, List.of("x"));
        for (double x : new double[] {0.3, 1.0, 2.5}) {
            double expected = 2 / x * Math.sin(x) + Math.log(x * x) * Math.cos(x) - 1 / (x * x);
            assertEquals(expected, Programs.runScalars(jvp, x, 1.0)[1][0], 1e-12 * Math.max(1, Math.abs(expected)));
        }
    }

    @Test
    void tangentThroughLoopAndBranchIsValueOverInput() {
        FunctionIr f = Programs.compile(Programs.example("control_flow.grad")).function("f");
        Graph jvp = TangentPass.jvp(f, List.of("a"));
        for (double a : new double[] {0.5, -0.7, 3e-3, 123.0}) {
            double value = Programs.value(f, a);
            assertEquals(value / a, Programs.runScalars(jvp, a, 1.0)[1][0], Math.abs(value / a) * 1e-12);
        }
    }

    @Test
    void nestedLoopsWithBranchesMatchFiniteDifferences() {
        FunctionIr f = Programs.compile("""
                fn f(x: real, w: real) -> real {
                  s = x;
                  i = 0;
                  while (i < 3) {
                    j = 0;
                    while (j < 2) {
                      if (s > 1) { s = s * w + sin(s); } else { s = s * s + w; }
                      j = j + 1;
                    }
                    i = i + 1;
                  }
                  return s;
                }
                """).function("f");
        Graph g = GradientPass.gradient(f, List.of("x", "w"), false);
        double x = 0.7, w = 0.9, h = 1e-6;
        double[][] out = Programs.runScalars(g, x, w);
        double dx = (Programs.value(f, x + h, w) - Programs.value(f, x - h, w)) / (2 * h);
        double dw = (Programs.value(f, x, w + h) - Programs.value(f, x, w - h)) / (2 * h);
        assertEquals(dx, out[1][0], 1e-6 * Math.max(1, Math.abs(dx)));
        assertEquals(dw, out[2][0], 1e-6 * Math.max(1, Math.abs(dw)));
    }

    @Test
    void accumulatorStartedFromAnIntLiteralBecomesARealInTheLoop() {
        FunctionIr f = Programs.compile("""
                fn f(a: real) -> real {
                  s = 0;
                  i = 0;
                  while (i < 4) { s = s + a * i; i = i + 1; }
                  return s;
                }
                """).function("f");
        assertEquals(6 * 1.5, Programs.value(f, 1.5), 0.0);
        assertEquals(6.0, grad1(f, 1.5), 0.0);
    }

    @Test
    void loopInsideABranchMatchesFiniteDifferencesOnBothSides() {
        FunctionIr f = Programs.compile("""
                fn f(x: real, w: real) -> real {
                  if (x > 0) {
                    i = 0;
                    while (i < 3) { x = x * w + sin(x); i = i + 1; }
                  } else {
                    x = x * w * w;
                  }
                  return x;
                }
                """).function("f");
        Graph g = GradientPass.gradient(f, List.of("x", "w"), false);
        for (double x : new double[] {0.7, -0.4}) {
            double w = 0.9, h = 1e-6;
            double[][] out = Programs.runScalars(g, x, w);
            double dx = (Programs.value(f, x + h, w) - Programs.value(f, x - h, w)) / (2 * h);
            double dw = (Programs.value(f, x, w + h) - Programs.value(f, x, w - h)) / (2 * h);
            assertEquals(dx, out[1][0], 1e-7 * Math.max(1, Math.abs(dx)));
            assertEquals(dw, out[2][0], 1e-7 * Math.max(1, Math.abs(dw)));
        }
    }
}
