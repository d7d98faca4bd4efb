package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A row update {@code U[i, :] = U[i, :] - m * U[k, :]} reads its rows where they lie in U (no copy of each row
 * before the elementwise loop) and computes the new row into one buffer the loop reuses: the compiled value of
 * a loop of such updates allocates the loop's copy of the matrix and nothing per trip. A row read that a write
 * of the same matrix follows before it is used keeps its copy. Truth: the interpreter (the same operations in
 * the same order, so the same bits) and central differences of a plain-Java rendering for the gradient.
 */
class RowUpdateViewsTest {

    private static final String PROGRAM = """
            @grad(A, a)
            fn rows<N>(A: real[N, N], a: real) -> real {
              U = A;
              for i in 1..N { U[i, :] = U[i, :] - a * U[i - 1, :]; }
              return sum(U * U);
            }
            @grad(A)
            fn elimination<N>(A: real[N, N]) -> real {
              U = A;
              for k in 0..N-1 {
                for i in k+1..N {
                  m = U[i, k] / U[k, k];
                  U[i, :] = U[i, :] - m * U[k, :];
                }
              }
              return sum(U * U);
            }
            @grad(A, a)
            fn writtenBetween<N>(A: real[N, N], a: real) -> real {
              U = A;
              for i in 1..N {
                r = U[i - 1, :];
                U[i - 1, :] = U[i, :] * a;
                U[i, :] = r + U[i, :];
              }
              return sum(U * U);
            }
            """;

    private static final CompiledModule COMPILED = CompiledModule.load(Programs.compile(PROGRAM));

    /** A well-conditioned n×n matrix (diagonally dominant, so elimination without pivoting is stable). */
    private static double[] matrix(int n) {
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i * n + j] = (i == j ? n : 0) + 0.3 * Math.sin(1.7 * i + 0.9 * j + 0.2);
            }
        }
        return a;
    }

    /** The program's functions in plain Java, on a row-major n×n matrix. */
    private static double reference(String fn, double[] a0, double a) {
        int n = (int) Math.round(Math.sqrt(a0.length));
        double[] u = a0.clone();
        if (fn.equals("rows")) {
            for (int i = 1; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    u[i * n + j] -= a * u[(i - 1) * n + j];
                }
            }
        } else if (fn.equals("elimination")) {
            for (int k = 0; k < n - 1; k++) {
                for (int i = k + 1; i < n; i++) {
                    double m = u[i * n + k] / u[k * n + k];
                    for (int j = 0; j < n; j++) {
                        u[i * n + j] -= m * u[k * n + j];
                    }
                }
            }
        } else {
            for (int i = 1; i < n; i++) {
                double[] r = java.util.Arrays.copyOfRange(u, (i - 1) * n, i * n);
                for (int j = 0; j < n; j++) {
                    u[(i - 1) * n + j] = u[i * n + j] * a;
                    u[i * n + j] += r[j];
                }
            }
        }
        double s = 0;
        for (double v : u) {
            s += v * v;
        }
        return s;
    }

    private static Object[] args(String fn, int n, double[] a) {
        return fn.equals("elimination") ? new Object[] {n, a} : new Object[] {n, a, 0.7};
    }

    @Test
    void valuesEqualTheInterpreterAndGradientsCentralDifferences() {
        int n = 6;
        double[] a = matrix(n);
        for (String fn : List.of("rows", "elimination", "writtenBetween")) {
            CompiledModule.Result r = COMPILED.grad(fn, args(fn, n, a));
            Object[] nd = fn.equals("elimination") ? new Object[] {new NDArray(a.clone(), new int[] {n, n})}
                    : new Object[] {new NDArray(a.clone(), new int[] {n, n}), NDArray.scalar(0.7)};
            Object[] interpreted = new Interpreter(new EvalContext(Map.of("N", n), 0), 1_000_000)
                    .run(Derivatives.value(Programs.compile(PROGRAM).function(fn)), nd);
            double value = ((NDArray) interpreted[0]).data()[0];
            assertEquals(value, (double) r.value(), 0, fn + ": the interpreter's bits");
            assertEquals(reference(fn, a, 0.7), value, 1e-9 * Math.abs(value), fn + ": plain Java");
            double[] g = (double[]) r.parts().get("A");
            double h = 1e-6;
            for (int k = 0; k < a.length; k++) {
                double[] plus = a.clone();
                double[] minus = a.clone();
                plus[k] += h;
                minus[k] -= h;
                double central = (reference(fn, plus, 0.7) - reference(fn, minus, 0.7)) / (2 * h);
                assertEquals(central, g[k], 1e-6 * Math.max(1, Math.abs(central)), fn + ": dA[" + k + "]");
            }
        }
    }

    /** The bytes this thread allocates for one call of the compiled value of fn at size n, after a warm-up call. */
    private static long valueBytes(String fn, int n) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Object[] args = args(fn, n, matrix(n));
        COMPILED.value(fn, args);
        long fewest = Long.MAX_VALUE;
        for (int r = 0; r < 3; r++) {
            long before = bean.getThreadAllocatedBytes(Thread.currentThread().getId());
            COMPILED.value(fn, args);
            fewest = Math.min(fewest, bean.getThreadAllocatedBytes(Thread.currentThread().getId()) - before);
        }
        return fewest;
    }

    @Test
    void aLoopOfRowUpdatesAllocatesItsCopyOfTheMatrixAndNoRowPerTrip() {
        int n = 200;
        long bytes = valueBytes("rows", n);
        // the loop's own copy of U (8 n² bytes) and one row buffer; a copy of each of the two rows read and a
        // new row per trip would add 3 × 8 n bytes a trip, 24 n² in all
        long matrix = 8L * n * n;
        assertTrue(bytes < matrix + 8_000, bytes + " bytes for n = " + n + " (the matrix is " + matrix + ")");
    }
}
