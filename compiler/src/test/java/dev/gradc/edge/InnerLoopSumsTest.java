package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A loop inside a loop that reads an array the outer loop does not change: the inner adjoint loop adds its
 * trips into the outer adjoint loop's sum for that array (given to it as where its sum starts), not into a
 * fresh array of zeros per outer trip added back afterwards. Every engine's gradient against central
 * differences of the interpreter's value, in every form the inner loop's adjoint takes (keeping nothing,
 * checkpointed, journaled, of no trips on some outer trips, with the array also read after the inner loop);
 * and the compiled least-squares gradient allocates nothing per outer trip (bytes allocated by this thread).
 */
class InnerLoopSumsTest {

    /** Programs of f(c: real[4], t: real[6], k: int). */
    private static final String[] PROGRAMS = {
        // least squares by Horner's rule: the inner loop keeps nothing
        """
        fn f(c: real[4], t: real[6], k: int) -> real {
          s = 0;
          for i in 0..6 {
            p = 0;
            for j in 0..4 { p = p * t[i] + c[3 - j]; }
            s = s + (1 - p) * (1 - p);
          }
          return s;
        }
        """,
        // c also read after the inner loop in the same trip: the inner sum starts at that read's adjoint
        """
        fn f(c: real[4], t: real[6], k: int) -> real {
          s = 0;
          for i in 0..6 {
            p = 0;
            for j in 0..4 { p = p * t[i] + sin(c[j] * p); }
            s = s + p * c[1] + c[0] * t[i];
          }
          return s;
        }
        """,
        // inner loops of no trips on the first outer trips (i <= k), then of i - k
        """
        fn f(c: real[4], t: real[6], k: int) -> real {
          s = 0;
          for i in 0..6 {
            p = t[i];
            for j in k..i { p = tanh(p * c[j - k] + c[3 - j + k]); }
            s = s + p * p;
          }
          return s;
        }
        """,
        // a checkpointed inner loop
        """
        fn f(c: real[4], t: real[6], k: int) -> real {
          s = 0;
          for i in 0..6 {
            p = t[i];
            @checkpoint(2)
            for j in 0..4 { p = tanh(p * c[j] + c[3 - j] * t[i]); }
            s = s + p * p;
          }
          return s;
        }
        """,
        // an inner loop writing entries of a carried array (a journal), reading the invariant c whole too
        """
        fn f(c: real[4], t: real[6], k: int) -> real {
          s = 0;
          for i in 0..6 {
            z = c * t[i];
            for j in 1..4 { z[j] = sin(z[j - 1]) * c[j] + sum(c * z); }
            s = s + sum(z * z);
          }
          return s;
        }
        """,
    };

    private static final double[] C = {0.4, -0.3, 0.25, 0.6};
    private static final double[] T = {0.1, -0.5, 0.7, 0.3, -0.2, 0.9};

    private static double value(FunctionIr f, double[] c, double[] t, int k) {
        Object[] out = new Interpreter(new EvalContext(Map.of()), 1_000).run(Derivatives.value(f),
                new Object[] {new NDArray(c.clone(), new int[] {4}), new NDArray(t.clone(), new int[] {6}), k});
        return ((NDArray) out[0]).item();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void gradientsInEveryEngineMatchCentralDifferences(int which) {
        String text = PROGRAMS[which];
        FunctionIr f = Programs.compile(text).function("f");
        for (int k : new int[] {1, 3}) {
            double h = 1e-6;
            double[] fc = new double[4];
            double[] ft = new double[6];
            for (int q = 0; q < 10; q++) {
                double[] cu = C.clone();
                double[] cd = C.clone();
                double[] tu = T.clone();
                double[] td = T.clone();
                double[] up = q < 4 ? cu : tu;
                double[] down = q < 4 ? cd : td;
                up[q < 4 ? q : q - 4] += h;
                down[q < 4 ? q : q - 4] -= h;
                double d = (value(f, cu, tu, k) - value(f, cd, td, k)) / (2 * h);
                if (q < 4) {
                    fc[q] = d;
                } else {
                    ft[q - 4] = d;
                }
            }
            for (var e : Engines.run(text, C.clone(), T.clone(), k).entrySet()) {
                assertClose(fc, e.getValue().gradient().get("c"), e.getKey() + " d/dc, k = " + k + ", in\n" + text);
                assertClose(ft, e.getValue().gradient().get("t"), e.getKey() + " d/dt, k = " + k + ", in\n" + text);
            }
        }
    }

    private static void assertClose(double[] want, double[] got, String what) {
        for (int q = 0; q < want.length; q++) {
            assertEquals(want[q], got[q], 1e-6 * (1 + Math.abs(want[q])), what + " [" + q + "]");
        }
    }

    private static final String LEAST_SQUARES = """
            module inner.Sums;
            @grad(c)
            fn residuals<N, M>(c: real[M], t: real[N], y: real[N]) -> real {
              s = 0;
              for i in 0..N {
                p = 0;
                for j in 0..M { p = p * t[i] + c[M-1-j]; }
                r = y[i] - p;
                s = s + r * r;
              }
              return 0.5 * s;
            }
            """;

    /** The bytes this thread allocates for one least-squares gradient over n samples (after a warm-up call). */
    private static long allocated(CompiledModule m, int n) {
        double[] t = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = Math.sin(i);
            y[i] = Math.cos(i);
        }
        Object[] args = {n, 8, new double[] {1, 2, 3, 4, 5, 6, 7, 8}, t, y};
        return Allocation.warm(() -> m.grad("residuals", args));
    }

    /**
     * Per sample the gradient keeps only what spares its reversal the inner loop: the Horner sum (8 bytes, on a
     * stack that grows by doubling; the inner trip count and counter are computed again from the loop's bounds).
     * An array of 8 doubles per sample (the inner loop's sum from zero) was 80 bytes a sample.
     */
    @Test
    void theLeastSquaresGradientAllocatesOnlyItsKeptValuesPerSample() {
        CompiledModule m = CompiledModule.load(Programs.compile(LEAST_SQUARES));
        long few = allocated(m, 1_000);
        long many = allocated(m, 5_000);
        assertTrue(many - few < 4_000 * 32, many + " bytes for 5,000 samples against " + few + " for 1,000");
        assertTrue(few < 1_000 * 32, few + " bytes for 1,000 samples");
    }
}
