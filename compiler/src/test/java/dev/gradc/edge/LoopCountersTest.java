package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.Interpreter;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.passes.GradientPass;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Loops whose adjoint does not keep their counters but steps them back (by a constant, or by an int the loop
 * does not change, up or down) and does not keep the values the body leaves unchanged: every engine's gradient
 * against central differences of the interpreter's value, the same bits in the default loop form as in the
 * store-everything reference, and
 * forward-over-reverse Hessian-vector products against central differences of the gradient.
 */
class LoopCountersTest {

    private static final int N = 9;

    /** Programs of f(x: real[N], a: real, k: int), each reading x by a counter. */
    private static final String[] PROGRAMS = {
        // stepped by an int parameter
        """
        fn f(x: real[9], a: real, k: int) -> real {
          s = 0; i = 0;
          while (i < 9) { s = s + sin(x[i] * a); i = i + k; }
          return s;
        }
        """,
        // stepped down by an int parameter, written as i - k; two counters
        """
        fn f(x: real[9], a: real, k: int) -> real {
          z = x; i = 8; j = 0;
          while (i >= k) { z[i] = z[i - k] * a + x[j]; i = i - k; j = j + 1; }
          return sum(z * z);
        }
        """,
        // k + i and a carried value the body leaves unchanged (b)
        """
        fn f(x: real[9], a: real, k: int) -> real {
          s = 0; i = 0; b = a * a;
          while (i < 9) { s = s + x[i] * b * s; i = k + i; b = b; }
          return s + b;
        }
        """,
        // a product accumulated (not a sum: kept per trip) beside a counter
        """
        fn f(x: real[9], a: real, k: int) -> real {
          p = 1; i = 0;
          for t in 0..3 { p = p * (a + x[i]); i = i + k; }
          return p;
        }
        """,
        // Horner-like steps: p times a constant, q negated and divided by one — their adjoints never read them
        """
        fn f(x: real[9], a: real, k: int) -> real {
          p = 0; q = 1; i = 0;
          while (i < 9) { p = p * 0.9 + x[i] * a; q = -q / 1.1 + p; i = i + k; }
          return p * q;
        }
        """,
    };

    private static double[] x() {
        double[] x = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = 0.3 + 0.1 * i;
        }
        return x;
    }

    private static Object[] args(double[] x, double a, int k) {
        return new Object[] {new NDArray(x.clone(), new int[] {N}), NDArray.scalar(a), k};
    }

    private static Object[] run(dev.gradc.ir.Graph g, Object... args) {
        return new Interpreter(new EvalContext(Map.of()), 1_000).run(g, args);
    }

    private static double value(FunctionIr f, double[] x, double a, int k) {
        return ((NDArray) run(Derivatives.value(f), args(x, a, k))[0]).item();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void gradientsInEveryEngineMatchCentralDifferences(int which) {
        String text = PROGRAMS[which];
        FunctionIr f = Programs.compile(text).function("f");
        double a = 0.7;
        for (int k : new int[] {1, 2, 3}) {
            double[] x = x();
            double[] fd = new double[N + 1];
            double h = 1e-6;
            for (int q = 0; q <= N; q++) {
                double[] xu = x.clone();
                double[] xd = x.clone();
                double au = a;
                double ad = a;
                if (q < N) {
                    xu[q] += h;
                    xd[q] -= h;
                } else {
                    au += h;
                    ad -= h;
                }
                fd[q] = (value(f, xu, au, k) - value(f, xd, ad, k)) / (2 * h);
            }
            for (var e : Engines.run(text, x, a, k).entrySet()) {
                double[] gx = e.getValue().gradient().get("x");
                for (int q = 0; q < N; q++) {
                    assertEquals(fd[q], gx[q], 1e-6, e.getKey() + " d/dx[" + q + "], k = " + k + ", in\n" + text);
                }
                assertEquals(fd[N], e.getValue().gradient().get("a")[0], 1e-6, e.getKey() + " d/da, k = " + k);
            }
            // the default form (no snapshots: the loop keeps nothing or only its journal) has the same bits as
            // the store-everything reference
            Object[] kept = run(Derivatives.gradient(f, List.of("x", "a"), GradientPass.Loops.REVERSE_KEEP_ALL),
                    args(x, a, k));
            Object[] stepped = run(Derivatives.gradient(f, List.of("x", "a"), GradientPass.Loops.REVERSE),
                    args(x, a, k));
            assertEquals(java.util.Arrays.toString(((NDArray) kept[1]).data()),
                    java.util.Arrays.toString(((NDArray) stepped[1]).data()));
            assertEquals(((NDArray) kept[2]).item(), ((NDArray) stepped[2]).item());
        }
    }

    /**
     * A carried scalar that the body only adds, subtracts, negates, or multiplies or divides by what does not
     * vary (Horner's {@code p = p * t + c}) is kept by nobody: the loop's gradient keeps nothing per trip, so it
     * is neither checkpointed nor given a stack; one multiplied by a varied value (the product) is kept.
     */
    @Test
    void aScalarScaledByWhatDoesNotVaryIsNotKept() {
        assertEquals(0, keeping(PROGRAMS[4]), "pushes in the gradient of\n" + PROGRAMS[4]);
        assertTrue(keeping(PROGRAMS[3]) > 0, "the product p * (a + x[i]) is kept per trip");
    }

    /** Pushes and checkpoint schedules anywhere in f's gradient graph (regions included). */
    private static int keeping(String text) {
        FunctionIr f = Programs.compile(text).function("f");
        return keeping(Derivatives.gradient(f, List.of("x", "a"), GradientPass.Loops.REVERSE));
    }

    private static int keeping(dev.gradc.ir.Graph g) {
        int count = 0;
        for (dev.gradc.ir.Node n : g.nodes()) {
            Object op = n.op();
            count += op instanceof dev.gradc.ops.Push || op instanceof dev.gradc.ops.CheckpointAdvance ? 1 : 0;
            if (op instanceof dev.gradc.ops.While w) {
                count += keeping(w.condition()) + keeping(w.body());
            } else if (op instanceof dev.gradc.ops.Cond c) {
                count += keeping(c.then()) + keeping(c.otherwise());
            }
        }
        return count;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void hessianVectorProductsMatchCentralDifferencesOfTheGradient(int which) {
        FunctionIr f = Programs.compile(PROGRAMS[which]).function("f");
        dev.gradc.ir.Graph grad = Derivatives.gradient(f, List.of("x", "a"));
        dev.gradc.ir.Graph hvp = Derivatives.hvp(f, List.of("x", "a"));
        double a = 0.7;
        int k = 2;
        double[] x = x();
        double[] v = new double[N];
        for (int q = 0; q < N; q++) {
            v[q] = Math.cos(q);
        }
        double va = 0.5;
        double h = 1e-5;
        double[] xu = x.clone();
        double[] xd = x.clone();
        for (int q = 0; q < N; q++) {
            xu[q] += h * v[q];
            xd[q] -= h * v[q];
        }
        Object[] up = run(grad, args(xu, a + h * va, k));
        Object[] down = run(grad, args(xd, a - h * va, k));
        Object[] out = run(hvp, new NDArray(x.clone(), new int[] {N}), NDArray.scalar(a), k,
                new NDArray(v, new int[] {N}), NDArray.scalar(va));
        double[] hx = ((NDArray) out[3]).data(); // value, the gradient, then H v
        for (int q = 0; q < N; q++) {
            double want = (((NDArray) up[1]).data()[q] - ((NDArray) down[1]).data()[q]) / (2 * h);
            assertEquals(want, hx[q], 1e-5, "H v [" + q + "] in\n" + PROGRAMS[which]);
        }
        double wantA = (((NDArray) up[2]).item() - ((NDArray) down[2]).item()) / (2 * h);
        assertEquals(wantA, ((NDArray) out[4]).item(), 1e-5, "H v [a] in\n" + PROGRAMS[which]);
    }
}
