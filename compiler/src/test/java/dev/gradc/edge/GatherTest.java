package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Int arrays and gathers: {@code x[idx]} picks entries (repeats allowed) and its adjoint adds back at the
 * picked entries, in every engine, against hand-computed values and central differences; int arithmetic,
 * comparisons, {@code range} and {@code scatter_add}; bounds checked with the program's position.
 */
class GatherTest {

    private static void agreesWithCentralDifferences(String text, double[] x, Object... rest) {
        CompiledModule m = CompiledModule.load(Programs.compile(text));
        Object[] args = new Object[rest.length + 1];
        System.arraycopy(rest, 0, args, 1, rest.length);
        double h = 1e-6;
        double[] fd = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[k] += h;
            xm[k] -= h;
            args[0] = xp;
            double fp = (double) m.value("f", args);
            args[0] = xm;
            fd[k] = (fp - (double) m.value("f", args)) / (2 * h);
        }
        args[0] = x;
        Map<String, Engines.Answer> all = Engines.run(text, args);
        for (var e : all.entrySet()) {
            double[] g = e.getValue().gradient().get("x");
            for (int k = 0; k < x.length; k++) {
                assertEquals(fd[k], g[k], 1e-6 * Math.max(1, Math.abs(fd[k])), e.getKey() + " x[" + k + "]");
            }
            assertArrayEquals(all.get("interpreter").value(), e.getValue().value(), 1e-12, e.getKey());
        }
    }

    @Test
    void gatherOfAVectorWithRepeatsAddsTheAdjointsOfRepeatedEntries() {
        String text = "fn f(x: real[4], idx: int[3]) -> real {\n  y = x[idx];\n  return sum(y * y);\n}";
        Map<String, Engines.Answer> all = Engines.run(text, new double[] {1, 2, 3, 4}, new int[] {2, 0, 2});
        for (var e : all.entrySet()) {
            assertEquals(9 + 1 + 9, e.getValue().value()[0], 0, e.getKey());
            // d/dx of x2² + x0² + x2²: 2·x0 at 0, 4·x2 at 2
            assertArrayEquals(new double[] {2, 0, 12, 0}, e.getValue().gradient().get("x"), 0, e.getKey());
        }
    }

    @Test
    void everyGatherFormOfAMatrixHasTheGradientOfCentralDifferences() {
        String text = """
                fn f(x: real[3], idx: int[4]) -> real {
                  m = [x, x * x, sin(x)];
                  a = m[idx[0:1]];
                  return 0;
                }
                """;
        String forms = """
                fn f(x: real[3], idx: int[4]) -> real {
                  m = [x, x * x, sin(x)];
                  rows = m[idx];
                  same = m[idx, :];
                  col = m[idx, 1];
                  row = m[2, idx - 1 + 1];
                  cols = m[:, idx];
                  return sum(rows * rows) + sum(same) + sum(col * x[0]) + sum(exp(row)) + sum(cols * cols * cols);
                }
                """;
        assertTrue(text.contains("idx"));
        agreesWithCentralDifferences(forms, new double[] {0.3, -1.1, 0.8}, new int[] {1, 2, 2, 0});
    }

    @Test
    void intArithmeticComparisonsAndRangeBuildIndices() {
        String text = """
                fn g<N>(x: real[N]) -> real {
                  r = range(N);
                  rev = (N - 1) - r;
                  even = r * 2 < N;
                  y = x[rev] * where(even, 1, 0);
                  k = [0, 1] + 1;
                  return sum(y * x) + sum(x[k]) * x[k[1]];
                }
                fn f(x: real[5]) -> real { return g(x); }
                """;
        double[] x = {0.5, -1.5, 2.0, 1.0, 3.0};
        agreesWithCentralDifferences(text, x);
        Map<String, Engines.Answer> all = Engines.run(text, x);
        // rev = 4 3 2 1 0, even = r < 2.5: entries 0,1,2; y·x = x4x0 + x3x1 + x2²; k = [1, 2]
        double expected = 3.0 * 0.5 + 1.0 * -1.5 + 4.0 + (-1.5 + 2.0) * 2.0;
        all.forEach((name, a) -> assertEquals(expected, a.value()[0], 1e-12, name));
    }

    @Test
    void scatterAddAddsRowsAtTheirIndicesAndItsAdjointIsTheGather() {
        String text = """
                fn f(x: real[3], idx: int[3]) -> real {
                  s = scatter_add(zeros(4), idx, x * x);
                  t = scatter_add(s, [0, 0, 1], x);
                  return sum(t * t * [1, 2, 3, 4]);
                }
                """;
        agreesWithCentralDifferences(text, new double[] {0.7, -0.2, 1.3}, new int[] {3, 1, 3});
    }

    @Test
    void indicesComputedOnEveryTripOfALoopAreKeptForItsAdjoint() {
        String text = """
                fn f(x: real[5], idx: int[2]) -> real {
                  s = 0;
                  for i in 0..3 {
                    j = idx + i;
                    s = s + sum(x[j] * x[j]) * x[i];
                  }
                  return s;
                }
                """;
        Map<String, Engines.Answer> all = Engines.run(text, new double[] {1, 2, 3, 4, 5}, new int[] {0, 2});
        for (var e : all.entrySet()) {
            // trips: (x0² + x2²)·x0 + (x1² + x3²)·x1 + (x2² + x4²)·x2 = 10 + 40 + 102
            assertEquals(152, e.getValue().value()[0], 0, e.getKey());
            // ∂x0 = 3x0² + x2², ∂x1 = 3x1² + x3², ∂x2 = 2x2·x0 + 3x2² + x4², ∂x3 = 2x3·x1, ∂x4 = 2x4·x2
            assertArrayEquals(new double[] {12, 28, 58, 16, 30}, e.getValue().gradient().get("x"), 0, e.getKey());
        }
    }

    @Test
    void anIntArrayCarriedByAWhileAndChangedInAnIfGivesTheGradientOfCentralDifferences() {
        String text = """
                fn f(x: real[6], idx: int[2]) -> real {
                  j = idx;
                  s = 0;
                  k = 0;
                  while (k < 3) {
                    s = s + sum(x[j] * x[j]) * s + sum(x[j]);
                    j = j + 1;
                    if (s > 1) {
                      j = j - 1;
                    }
                    k = k + 1;
                  }
                  return s;
                }
                """;
        agreesWithCentralDifferences(text, new double[] {0.1, 0.2, 0.3, 0.4, 0.5, 0.6}, new int[] {0, 2});
        agreesWithCentralDifferences(text, new double[] {0.9, 0.2, 0.8, 0.4, 0.5, 0.6}, new int[] {0, 2});
    }

    @Test
    void theHessianThroughAGatherAndTheNewFunctionsIsTheAnalyticOne() {
        String text = """
                @hessian(x)
                fn f(x: real[3], idx: int[4]) -> real {
                  y = x[idx];
                  return sum(y * y * y) + lgamma(x[0] + 2) + erf(x[1]) * atan2(x[2], x[0] + 3);
                }
                """;
        double[] x = {0.5, -0.3, 0.8};
        CompiledModule m = CompiledModule.load(Programs.compile(text));
        double[][] h = (double[][]) m.hessian("f", x, new int[] {0, 2, 2, 1}).parts().get("hessian");
        // sum(y³) with x0 once, x1 once, x2 twice: 6·x_i per use on the diagonal
        double a = x[2];
        double b = x[0] + 3;
        double r2 = a * a + b * b;
        double erf = dev.gradc.runtime.SpecialFunctions.erf(x[1]);
        double derf = 2 / Math.sqrt(Math.PI) * Math.exp(-x[1] * x[1]);
        double atan2 = Math.atan2(a, b);
        double[][] truth = {
            {6 * x[0] + dev.gradc.runtime.SpecialFunctions.trigamma(x[0] + 2) + erf * 2 * a * b / (r2 * r2),
                derf * -a / r2, erf * (a * a - b * b) / (r2 * r2)},
            {derf * -a / r2, 6 * x[1] - 2 * x[1] * derf * atan2, derf * b / r2},
            {erf * (a * a - b * b) / (r2 * r2), derf * b / r2, 2 * 6 * x[2] - erf * 2 * a * b / (r2 * r2)}};
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(truth[i], h[i], 1e-12, "row " + i);
        }
    }

    @Test
    void anIntArrayGatheredByAnotherComposesTheIndices() {
        String text = """
                fn f(x: real[4], perm: int[4], idx: int[3]) -> real {
                  j = perm[idx];
                  return sum(x[j] * [1, 10, 100]);
                }
                """;
        Map<String, Engines.Answer> all = Engines.run(text, new double[] {1, 2, 3, 4}, new int[] {3, 2, 1, 0},
                new int[] {0, 0, 2});
        for (var e : all.entrySet()) {
            // j = [3, 3, 1]: x3 + 10·x3 + 100·x1
            assertEquals(4 + 40 + 200, e.getValue().value()[0], 0, e.getKey());
            assertArrayEquals(new double[] {0, 100, 0, 11}, e.getValue().gradient().get("x"), 0, e.getKey());
        }
    }

    @Test
    void anIntArrayIndexOutOfBoundsIsReportedWithThePositionInEveryEngine() {
        String text = "fn f(x: real[4], idx: int[3], k: int) -> real {\n  j = idx[k];\n  return x[j];\n}";
        for (String engine : Engines.NAMES) {
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> Engines.runOne(engine, text, new double[] {1, 2, 3, 4}, new int[] {0, 3, 1}, 3));
            assertTrue(e.getMessage().contains("edge.grad:2:") && e.getMessage().contains("index 3 is out of bounds"
                    + " for dimension 0 of length 3"), engine + ": " + e.getMessage());
        }
    }

    @Test
    void aGatherIndexOutOfBoundsIsReportedWithThePositionAndTheIndexInEveryEngine() {
        String text = "fn f(x: real[4], idx: int[3]) -> real {\n  y = x[idx];\n  return sum(y);\n}";
        for (String engine : Engines.NAMES) {
            RuntimeException e = assertThrows(RuntimeException.class,
                    () -> Engines.runOne(engine, text, new double[] {1, 2, 3, 4}, new int[] {0, 4, 1}));
            assertTrue(e.getMessage().contains("edge.grad:2:") && e.getMessage().contains("index 4 (entry 1"),
                    engine + ": " + e.getMessage());
        }
    }
}
