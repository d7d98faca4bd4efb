package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.engine.Interpreter;
import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.IntND;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;

/**
 * Derivative checks shared by the loop tests whose programs are {@code fn f(x: real[6], a: real, idx: int[4])}:
 * every engine's gradient and the forward-mode tangent, and the forward-over-reverse Hessian-vector product,
 * against central differences of the interpreter.
 */
final class LoopProgramChecks {

    static final int N = 6;
    static final int[] IDX = {4, 1, 4, 0};
    private static final double A = 0.8;

    private LoopProgramChecks() {
    }

    private static double[] x() {
        return new double[] {0.4, -0.7, 0.9, 0.2, -0.3, 0.6};
    }

    private static Object[] nd(double[] x, double a) {
        return new Object[] {new NDArray(x.clone(), new int[] {N}), NDArray.scalar(a), IntND.vector(IDX.clone())};
    }

    private static Object[] run(Graph g, Object... args) {
        return new Interpreter(new EvalContext(Map.of()), 1_000).run(g, args);
    }

    /** Central differences of the interpreter's value: d/dx[0..N), then d/da. */
    private static double[] centralDifferences(FunctionIr f, double[] x, double a) {
        Graph value = Derivatives.value(f);
        double[] fd = new double[N + 1];
        double h = 1e-6;
        for (int q = 0; q <= N; q++) {
            double[] xu = x.clone();
            double[] xd = x.clone();
            double au = q == N ? a + h : a;
            double ad = q == N ? a - h : a;
            if (q < N) {
                xu[q] += h;
                xd[q] -= h;
            }
            fd[q] = (((NDArray) run(value, nd(xu, au))[0]).item() - ((NDArray) run(value, nd(xd, ad))[0]).item())
                    / (2 * h);
        }
        return fd;
    }

    /** Every engine's gradient and the interpreter's tangent in one direction against central differences. */
    static void gradientsAndTangentMatchCentralDifferences(String text) {
        FunctionIr f = Programs.compile(text).function("f");
        double[] fd = centralDifferences(f, x(), A);
        for (var e : Engines.run(text, x(), A, IDX.clone()).entrySet()) {
            double[] gx = e.getValue().gradient().get("x");
            for (int q = 0; q < N; q++) {
                assertEquals(fd[q], gx[q], 1e-6 * Math.max(1, Math.abs(fd[q])), e.getKey() + " d/dx[" + q + "] in\n" + text);
            }
            assertEquals(fd[N], e.getValue().gradient().get("a")[0], 1e-6 * Math.max(1, Math.abs(fd[N])), e.getKey() + " d/da");
        }
        double[] dir = {0.3, -0.2, 0.5, 0.1, -0.4, 0.25};
        double want = 0.1 * fd[N];
        for (int q = 0; q < N; q++) {
            want += dir[q] * fd[q];
        }
        Object[] out = run(Derivatives.jvp(f, List.of("x", "a")), new NDArray(x(), new int[] {N}), NDArray.scalar(A),
                IntND.vector(IDX.clone()), new NDArray(dir, new int[] {N}), NDArray.scalar(0.1));
        assertEquals(want, ((NDArray) out[1]).item(), 1e-6 * Math.max(1, Math.abs(want)), "jvp in\n" + text);
    }

    /** The Hessian-vector product against central differences of the gradient along the same direction. */
    static void hessianVectorProductMatchesDifferencesOfTheGradient(String text) {
        FunctionIr f = Programs.compile(text).function("f");
        Graph grad = Derivatives.gradient(f, List.of("x", "a"));
        double[] v = {0.3, -0.2, 0.5, 0.1, -0.4, 0.25};
        double va = -0.3;
        double h = 1e-5;
        double[] xu = x();
        double[] xd = x();
        for (int q = 0; q < N; q++) {
            xu[q] += h * v[q];
            xd[q] -= h * v[q];
        }
        Object[] up = run(grad, nd(xu, A + h * va));
        Object[] down = run(grad, nd(xd, A - h * va));
        Object[] out = run(Derivatives.hvp(f, List.of("x", "a")), new NDArray(x(), new int[] {N}),
                NDArray.scalar(A), IntND.vector(IDX.clone()), new NDArray(v, new int[] {N}), NDArray.scalar(va));
        double[] hx = ((NDArray) out[3]).data(); // value, the gradient, then H v
        for (int q = 0; q < N; q++) {
            double want = (((NDArray) up[1]).data()[q] - ((NDArray) down[1]).data()[q]) / (2 * h);
            assertEquals(want, hx[q], 1e-5 * Math.max(1, Math.abs(want)), "H v [" + q + "] in\n" + text);
        }
    }
}
