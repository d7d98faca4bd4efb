package dev.gradc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.testing.Programs;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The derivative chosen at kinks and special values (docs/language.md, "Kinks and special values"). */
class KinksTest {

    private static double[][] grad(String body, double... args) {
        String params = args.length == 1 ? "x: real" : "x: real, y: real";
        FunctionIr f = Programs.compile("fn f(" + params + ") -> real { return " + body + "; }").function("f");
        Graph g = GradientPass.gradient(f, args.length == 1 ? List.of("x") : List.of("x", "y"), false);
        return Programs.runScalars(g, args);
    }

    @Test
    void absHasZeroDerivativeAtZero() {
        assertEquals(0.0, grad("abs(x)", 0.0)[1][0], 0.0);
        assertEquals(-1.0, grad("abs(x)", -2.0)[1][0], 0.0);
    }

    @Test
    void reluHasZeroDerivativeAtZero() {
        assertEquals(0.0, grad("relu(x)", 0.0)[1][0], 0.0);
        assertEquals(1.0, grad("relu(x)", 1e-300)[1][0], 0.0);
    }

    @Test
    void maxAndMinTiesSendTheAdjointToTheFirstArgument() {
        double[][] max = grad("max(x, y)", 1.5, 1.5);
        assertEquals(1.0, max[1][0], 0.0);
        assertEquals(0.0, max[2][0], 0.0);
        double[][] min = grad("min(x, y)", 1.5, 1.5);
        assertEquals(1.0, min[1][0], 0.0);
        assertEquals(0.0, min[2][0], 0.0);
    }

    @Test
    void logOfZeroIsMinusInfinityWithInfiniteSlope() {
        double[][] r = grad("log(x)", 0.0);
        assertEquals(Double.NEGATIVE_INFINITY, r[0][0]);
        assertEquals(Double.POSITIVE_INFINITY, r[1][0]);
    }

    @Test
    void sqrtOfZeroHasInfiniteSlope() {
        double[][] r = grad("sqrt(x)", 0.0);
        assertEquals(0.0, r[0][0]);
        assertEquals(Double.POSITIVE_INFINITY, r[1][0]);
    }

    @Test
    void divisionByZeroFollowsIeee() {
        double[][] r = grad("1 / x", 0.0);
        assertEquals(Double.POSITIVE_INFINITY, r[0][0]);
        assertEquals(Double.NEGATIVE_INFINITY, r[1][0]);
        assertEquals(Double.NaN, grad("x / x", 0.0)[0][0]);
    }

    @Test
    void maxvalSplitsTheAdjointAmongTiedMaxima() {
        FunctionIr f = Programs.compile("fn f(v: real[3]) -> real { return maxval(v); }").function("f");
        Object[] out = Programs.run(GradientPass.gradient(f, List.of("v"), false),
                new dev.gradc.ops.NDArray(new double[] {2, 1, 2}, new int[] {3}));
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0.5, 0, 0.5},
                ((dev.gradc.ops.NDArray) out[1]).data(), 0.0);
    }

    @Test
    void normHasZeroGradientAtZeroAndStaysNaNForNaN() {
        FunctionIr f = Programs.compile("fn f(v: real[2]) -> real { return norm(v); }").function("f");
        Graph g = GradientPass.gradient(f, List.of("v"), false);
        Object[] zero = Programs.run(g, new dev.gradc.ops.NDArray(new double[] {0, 0}, new int[] {2}));
        assertEquals(0.0, ((dev.gradc.ops.NDArray) zero[0]).item());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0, 0},
                ((dev.gradc.ops.NDArray) zero[1]).data(), 0.0);
        Object[] some = Programs.run(g, new dev.gradc.ops.NDArray(new double[] {3, 4}, new int[] {2}));
        assertEquals(5.0, ((dev.gradc.ops.NDArray) some[0]).item(), 0.0);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new double[] {0.6, 0.8},
                ((dev.gradc.ops.NDArray) some[1]).data(), 1e-15);
        Object[] nan = Programs.run(g, new dev.gradc.ops.NDArray(new double[] {Double.NaN, 1}, new int[] {2}));
        assertEquals(Double.NaN, ((dev.gradc.ops.NDArray) nan[0]).item());
    }

    @Test
    void millionIterationLoopDifferentiatesInTheDefaultHeap() {
        FunctionIr f = Programs.compile("""
                fn f(x: real) -> real {
                  s = x;
                  i = 0;
                  while (i < 1000000) { s = s * 0.999999 + 0.000001; i = i + 1; }
                  return s;
                }
                """).function("f");
        double[][] r = Programs.runScalars(GradientPass.gradient(f, List.of("x"), false), 0.5);
        assertEquals(Math.pow(0.999999, 1e6), r[1][0], 1e-9);
    }
}
