package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * An elementwise row added into a row of an array ({@code add_at(x̄, e, k)}: the adjoint of a read {@code x[k, :]}
 * used in {@code e}) is computed inside the loop that adds it, one pass and no buffer, when e reads no slice and
 * nothing of the array it is added into; otherwise it keeps its own loop, as before. The elimination's row
 * update {@code U[i, :] = U[i, :] - m * U[k, :]} reverses in three passes over the row, not four. Values and
 * gradients are the interpreter's and central differences', including rows added into the array e reads.
 */
class RowAddFusionTest {

    private static final String SOURCE = """
            module loops.RowAdds;
            @grad(A)
            fn update<N>(A: real[N, N], c: real) -> real {
              U = A;
              for k in 0..N-1 {
                for i in k+1..N {
                  m = U[i, k] * c;
                  U[i, :] = U[i, :] - m * U[k, :];
                }
              }
              return sum(U * U);
            }
            @grad(A, w)
            fn self<N>(A: real[N, N], w: real[N]) -> real {
              X = A;
              s = 0;
              for i in 1..N {
                X[i, :] = sin(X[i - 1, :]) * w + X[i, :];
                s = s + sum(X[i, :] * X[0, :]);
              }
              return s;
            }
            """;

    private static final ModuleIr MODULE = Programs.compile(SOURCE);
    private static final CompiledModule COMPILED = CompiledModule.load(MODULE);

    private static int count(String source, String regex) {
        Matcher m = Pattern.compile(regex).matcher(source);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static double[] normal(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = 0.5 * r.nextGaussian();
        }
        return x;
    }

    @Test
    void theRowUpdatesAdjointAddsTheScaledRowAsItComputesIt() {
        String update = SOURCE.substring(0, SOURCE.indexOf("@grad(A, w)"));
        String source = JavaEmitter.emit(Programs.compile(update)).source();
        // the adjoint's add into the pivot row: UBar[o + j] -= (reached ? ) t * m ..., no buffer filled before it (the
        // row adjoint is an element local of the loop the dot shares, its negation folded into -=, SharedLoopsTest)
        assertTrue(count(source, "\\[t\\d+ \\+ j\\] [+-]= [^;]* \\* ") >= 1, source);
        assertEquals(0, count(source, "\\+= t\\d+Bar\\[i\\d*\\];"), "a row of its own added in a loop of its own\n" + source);
    }

    @Test
    void gradientsAreTheInterpretersAndCentralDifferences() {
        int n = 5;
        double[] a = normal(n * n, 11);
        double[] w = normal(n, 12);
        for (String fn : List.of("update", "self")) {
            Object[] args = fn.equals("update") ? new Object[] {n, a, 0.7} : new Object[] {n, a, w};
            Object[] iargs = fn.equals("update")
                    ? new Object[] {new NDArray(a.clone(), new int[] {n, n}), NDArray.scalar(0.7)}
                    : new Object[] {new NDArray(a.clone(), new int[] {n, n}), new NDArray(w.clone(), new int[] {n})};
            List<String> wrt = fn.equals("update") ? List.of("A") : List.of("A", "w");
            Object[] interpreted = new Interpreter(new EvalContext(Map.of("N", n), 0), 1_000_000)
                    .run(Derivatives.gradient(MODULE.function(fn), wrt), iargs);
            double[] bar = ((NDArray) interpreted[1]).data();
            double[] compiled = (double[]) COMPILED.grad(fn, args).parts().get("A");
            double h = 1e-6;
            for (int q = 0; q < n * n; q++) {
                assertEquals(bar[q], compiled[q], 1e-12 * (1 + Math.abs(bar[q])), fn + ": A[" + q + "]");
                double[] up = a.clone();
                double[] down = a.clone();
                up[q] += h;
                down[q] -= h;
                Object[] upArgs = args.clone();
                Object[] downArgs = args.clone();
                upArgs[1] = up;
                downArgs[1] = down;
                double central = (((Number) COMPILED.value(fn, upArgs)).doubleValue()
                        - ((Number) COMPILED.value(fn, downArgs)).doubleValue()) / (2 * h);
                assertEquals(central, compiled[q], 1e-6 * (1 + Math.abs(central)), fn + ": A[" + q + "]");
            }
        }
    }
}
