package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.ops.EvalContext;
import dev.gradc.engine.Interpreter;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * A loop or a branch that only reads an array (the pivot search of Gaussian elimination: a loop whose branch
 * reads a column of the matrix) is one more read of it to whoever owns the array: the row swap after it and the
 * elimination loop after that write the matrix the outer loop owns in place, with no copy per pivot. Before,
 * each pivot copied the whole matrix twice (541 KB per call at n = 32 where the matrix is 8 KB). Counted in
 * bytes allocated by this thread and in copies in the generated text, not timed; the value and gradient are
 * the interpreter's, and the gradient's rows expand the determinant by cofactors.
 */
class ReadOnlyRegionsTest {

    /** Gaussian elimination with partial pivoting (the determinant benchmark's program). */
    static final String SOURCE = """
            module regions.Elimination;
            @grad(A)
            fn det<N>(A: real[N, N]) -> real {
              U = A;
              d = 1;
              for k in 0..N {
                p = k;
                best = abs(U[k, k]);
                for i in k+1..N {
                  if (abs(U[i, k]) > best) {
                    p = i;
                    best = abs(U[i, k]);
                  }
                }
                if (p != k) {
                  row = U[k, :];
                  U[k, :] = U[p, :];
                  U[p, :] = row;
                  d = -d;
                }
                d = d * U[k, k];
                for i in k+1..N {
                  m = U[i, k] / U[k, k];
                  U[i, :] = U[i, :] - m * U[k, :];
                }
              }
              return d;
            }
            """;

    private static final ModuleIr MODULE = Programs.compile(SOURCE);
    static final CompiledModule COMPILED = CompiledModule.load(MODULE);

    static double[] matrix(int n, long seed) {
        Random r = new Random(seed);
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian() / Math.sqrt(n);
        }
        return a;
    }

    @Test
    void theValueCopiesTheMatrixOnceNotPerPivot() {
        String java = COMPILED.emitted().source();
        int start = java.indexOf("public static double det(int N, double[] A)");
        String value = java.substring(start, java.indexOf("\n    }\n", start));
        // A copied once on entry: into rows held as arrays of their own (emit/EntryRows: passes/DeadColumns makes the
        // row update the element loop right of the pivot), no clone
        assertEquals(0, value.split("\\.clone\\(\\)", -1).length - 1, "only the copy of A on entry:\n" + value);
        assertEquals(1, value.split("Rows\\.split\\(", -1).length - 1, "only the copy of A on entry:\n" + value);
        int n = 32;
        double[] a = matrix(n, 3);
        long bytes = Allocation.fewest(() -> COMPILED.value("det", n, a));
        // the matrix (8 KB), a row per swap and per pivot's elimination loop: 40 KB; a matrix per region: 541 KB
        assertTrue(bytes < 8L * n * n * 8, bytes + " bytes per call");
    }

    @Test
    void theGradientIsTheInterpretersAndExpandsByCofactors() {
        int n = 7;
        double[] a = matrix(n, 11);
        Object[] interpreted = new Interpreter(new EvalContext(Map.of("N", n), 0), 1_000_000)
                .run(Derivatives.gradient(MODULE.function("det"), List.of("A")),
                        new Object[] {new NDArray(a.clone(), new int[] {n, n})});
        double det = ((NDArray) interpreted[0]).data()[0];
        double[] bar = ((NDArray) interpreted[1]).data();
        CompiledModule.Result grad = COMPILED.grad("det", n, a);
        double[] compiledBar = (double[]) grad.parts().get("A");
        assertEquals(det, ((Number) grad.value()).doubleValue(), 1e-12 * Math.abs(det));
        assertEquals(det, ((Number) COMPILED.value("det", n, a)).doubleValue(), 1e-12 * Math.abs(det));
        for (int i = 0; i < n; i++) {
            double expansion = 0;
            for (int j = 0; j < n; j++) {
                assertEquals(bar[i * n + j], compiledBar[i * n + j], 1e-12 * Math.abs(det), "A[" + i + "," + j + "]");
                expansion += a[i * n + j] * bar[i * n + j];
            }
            assertEquals(det, expansion, 1e-10 * Math.abs(det), "row " + i + ": sum_j A[i,j] * cofactor[i,j]");
        }
    }
}
