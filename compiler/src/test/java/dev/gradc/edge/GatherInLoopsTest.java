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
 * Gathers inside loops, whose adjoint adds the gathered rows' adjoints into the carried adjoint of the gathered
 * array in place: allocation per trip is O(rows gathered), not O(length) (counted, not timed); every engine's
 * gradient, the forward-mode tangent and the forward-over-reverse Hessian-vector product against central
 * differences, with repeated row numbers (whose adjoints add up).
 */
class GatherInLoopsTest {

    private static final int N = 6;
    private static final int[] IDX = {4, 1, 4, 0};

    private static final String[] PROGRAMS = {
        // a gather read every trip
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          s = 0;
          for t in 0..5 { v = x[idx]; s = s + sum(sin(v * a)) * s + sum(v * v); }
          return s;
        }
        """,
        // gathered rows of a matrix (as x reshaped) in a branch, and a carried array written by element
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          m = reshape(concat(x, x * a), 6, 2); z = x; s = 0;
          for t in 0..4 {
            r = m[idx, :];
            if (s < 3) { s = s + sum(r * r) * a; } else { s = s + sum(tanh(r)); }
            z[t] = z[t + 1] * a + sum(x[idx]);
          }
          return s + sum(z * z);
        }
        """,
        // scatter_add and a gather of the loop's own carried array
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          y = x * a;
          for t in 0..3 { y = scatter_add(y, idx, tanh(y[idx])); }
          return sum(y * x);
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
            fn f<M, T>(x: real[M], idx: int[4], t: real[T]) -> real {
              s = 0;
              for k in 0..T { s = s + sum(sin(x[idx] * t[k])); }
              return s;
            }
            """));

    /** The bytes this thread allocates running the gradient over M inputs and T trips (after one warm-up run). */
    private static long allocated(int m, int trips) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double[] x = new double[m];
        double[] t = new double[trips];
        java.util.Arrays.fill(t, 0.5);
        Object[] args = {m, trips, x, new int[] {1, m - 1, 1, 7}, t};
        COMPILED.grad("f", args);
        long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
        COMPILED.grad("f", args);
        return bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
    }

    @Test
    void aGatherInALoopAllocatesItsRowsPerTripNotTheArray() {
        int m = 20_000;
        long few = allocated(m, 100);
        long many = allocated(m, 400);
        // the adjoint of x (M doubles) once, and O(rows gathered) per trip; a zero array of M doubles per trip
        // would be 300 × 160 kB = 48 MB more for the 300 more trips
        assertTrue(few < 10L * 8 * m, few + " bytes for 100 trips");
        assertTrue(many - few < 300L * 400, (many - few) + " bytes more for 300 more trips");
    }
}
