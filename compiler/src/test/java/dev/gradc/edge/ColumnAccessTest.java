package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.IntND;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Column reads and writes {@code x[:, j]} inside loops: strided, O(rows) per access in the value and the
 * gradient (a read's adjoint added into the column in place, a write's reverse restoring the one column from
 * the journal), never a transpose of the matrix — allocation counted, not timed; every engine's gradient, the
 * forward-mode tangent and the forward-over-reverse Hessian-vector product against central differences.
 */
class ColumnAccessTest {

    private static final int N = 6;
    private static final int[] IDX = {4, 1, 4, 0};

    private static final String[] PROGRAMS = {
        // a recurrence over columns, and a read of the column just written
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          m = reshape(x, 2, 3); z = m; s = 0;
          for j in 1..3 { z[:, j] = z[:, j - 1] * a + m[:, j]; s = s + sum(sin(z[:, j])); }
          return s + sum(z * z);
        }
        """,
        // += and *= on columns, in a branch, in a while loop counting down
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = reshape(x * a, 3, 2); j = 1; s = 0;
          while (j >= 0) {
            if (sum(z[:, j]) > 0) { z[:, j] += tanh(z[:, 1 - j]); } else { z[:, j] *= a; }
            s = s + z[1, j] * z[:, j][0];
            j = j - 1;
          }
          return s + sum(z);
        }
        """,
        // a column written with a scalar, then read in the same trip, columns of a parameter read; j toggles (kept)
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          m = reshape(x, 3, 2); z = m * m; s = 0; j = 0;
          for t in 0..4 { z[:, j] = a * s + 0.5; s = s + sum(z[:, j] * m[:, 1 - j]); j = 1 - j; }
          return s;
        }
        """,
    };

    private static double[] x() {
        return new double[] {0.4, -0.7, 0.9, 0.2, -0.3, 0.6};
    }

    private static Object[] nd(double[] x, double a) {
        return new Object[] {new NDArray(x.clone(), new int[] {N}), NDArray.scalar(a), IntND.vector(IDX.clone())};
    }

    private static Object[] run(dev.gradc.ir.Graph g, Object... args) {
        return new Interpreter(new EvalContext(Map.of()), 1_000).run(g, args);
    }

    /** Central differences of the interpreter's value: d/dx[0..N), then d/da. */
    private static double[] centralDifferences(FunctionIr f, double[] x, double a) {
        dev.gradc.ir.Graph value = Derivatives.value(f);
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

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void everyEnginesGradientAndTheTangentMatchCentralDifferences(int which) {
        String text = PROGRAMS[which];
        FunctionIr f = Programs.compile(text).function("f");
        double a = 0.8;
        double[] fd = centralDifferences(f, x(), a);
        for (var e : Engines.run(text, x(), a, IDX.clone()).entrySet()) {
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
        Object[] out = run(Derivatives.jvp(f, List.of("x", "a")), new NDArray(x(), new int[] {N}), NDArray.scalar(a),
                IntND.vector(IDX.clone()), new NDArray(dir, new int[] {N}), NDArray.scalar(0.1));
        assertEquals(want, ((NDArray) out[1]).item(), 1e-6 * Math.max(1, Math.abs(want)), "jvp in\n" + text);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void hessianVectorProductsMatchCentralDifferencesOfTheGradient(int which) {
        FunctionIr f = Programs.compile(PROGRAMS[which]).function("f");
        dev.gradc.ir.Graph grad = Derivatives.gradient(f, List.of("x", "a"));
        double a = 0.8;
        double[] v = {0.3, -0.2, 0.5, 0.1, -0.4, 0.25};
        double va = -0.3;
        double h = 1e-5;
        double[] xu = x();
        double[] xd = x();
        for (int q = 0; q < N; q++) {
            xu[q] += h * v[q];
            xd[q] -= h * v[q];
        }
        Object[] up = run(grad, nd(xu, a + h * va));
        Object[] down = run(grad, nd(xd, a - h * va));
        Object[] out = run(Derivatives.hvp(f, List.of("x", "a")), new NDArray(x(), new int[] {N}),
                NDArray.scalar(a), IntND.vector(IDX.clone()), new NDArray(v, new int[] {N}), NDArray.scalar(va));
        double[] hx = ((NDArray) out[3]).data(); // value, the gradient, then H v
        for (int q = 0; q < N; q++) {
            double want = (((NDArray) up[1]).data()[q] - ((NDArray) down[1]).data()[q]) / (2 * h);
            assertEquals(want, hx[q], 1e-5 * Math.max(1, Math.abs(want)), "H v [" + q + "] in\n" + PROGRAMS[which]);
        }
    }

    private static final CompiledModule COMPILED = CompiledModule.load(Programs.compile("""
            @grad(x)
            fn f<N>(x: real[4, N], a: real) -> real {
              z = x; s = 0;
              for j in 1..N { z[:, j] = z[:, j - 1] * a + x[:, j]; s = s + sum(z[:, j] * x[:, j]); }
              return s;
            }
            """));

    /** The bytes this thread allocates running the gradient over 4 × N inputs (after one warm-up run). */
    private static long allocated(int n) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double[] x = new double[4 * n];
        java.util.Arrays.fill(x, 0.25);
        Object[] args = {n, x, 0.5};
        COMPILED.grad("f", args);
        long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
        COMPILED.grad("f", args);
        return bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    }

    @Test
    void columnAccessInALoopAllocatesLinearly() {
        int n = 5_000;
        long once = allocated(n);
        long twice = allocated(2 * n);
        // O(rows) per trip: a few columns of 4 doubles, the kept column, the matrices' copies and adjoints once;
        // a transpose per access would be 4 N doubles per trip, 5,000 × 160 kB = 800 MB here
        assertTrue(once < 400L * 4 * n, once + " bytes for N = " + n);
        assertTrue(twice < 2.6 * once, twice + " bytes for 2N against " + once + " for N");
    }
}
