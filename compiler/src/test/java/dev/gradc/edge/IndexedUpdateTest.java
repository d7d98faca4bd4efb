package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Indexed updates ({@code x[i] = e;}, {@code +=}, {@code x += e;}) inside loops: values and gradients agree in
 * every engine and with central differences; updates are values (nothing aliased, nothing non-finite leaks).
 */
class IndexedUpdateTest {

    /** The recurrence z[0] = a·x[0], z[i] = z[i-1]·a + x[i], then Σ (z+1)². */
    private static final String RECURRENCE = """
            fn f(x: real[5], a: real) -> real {
              z = x;
              z[0] = a * x[0];
              for i in 1..5 {
                z[i] = z[i - 1] * a + x[i];
              }
              z += 1;
              return sum(z * z);
            }
            """;

    private static double[] centralDifferences(String text, double[] x, double a) {
        CompiledModule m = CompiledModule.load(Programs.compile(text));
        double h = 1e-6;
        double[] g = new double[x.length + 1];
        for (int k = 0; k <= x.length; k++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            double ap = a;
            double am = a;
            if (k < x.length) {
                xp[k] += h;
                xm[k] -= h;
            } else {
                ap += h;
                am -= h;
            }
            g[k] = ((double) m.value("f", xp, ap) - (double) m.value("f", xm, am)) / (2 * h);
        }
        return g;
    }

    @Test
    void recurrenceWrittenByIndexedUpdatesHasTheSameGradientEverywhere() {
        double[] x = {0.3, -1.2, 0.7, 2.0, -0.4};
        double a = 0.8;
        double[] fd = centralDifferences(RECURRENCE, x, a);
        Map<String, Engines.Answer> all = Engines.run(RECURRENCE, x, a);
        for (var e : all.entrySet()) {
            double[] gx = e.getValue().gradient().get("x");
            double ga = e.getValue().gradient().get("a")[0];
            for (int k = 0; k < x.length; k++) {
                assertEquals(fd[k], gx[k], 1e-6 * Math.max(1, Math.abs(fd[k])), e.getKey() + " x[" + k + "]");
            }
            assertEquals(fd[x.length], ga, 1e-6 * Math.max(1, Math.abs(ga)), e.getKey() + " a");
            assertArrayEquals(all.get("interpreter").value(), e.getValue().value(), 1e-12, e.getKey());
        }
    }

    @Test
    void anUpdateLeavesTheArrayItWasCopiedFromAlone() {
        String text = "fn f(x: real[3]) -> real {\n  y = x;\n  y[0] = 100;\n  y[2] += 10;\n"
                + "  return sum(x) * 1000 + sum(y);\n}";
        Map<String, Engines.Answer> all = Engines.run(text, new double[] {1, 2, 3});
        for (var e : all.entrySet()) {
            assertEquals(6 * 1000 + 100 + 2 + 13, e.getValue().value()[0], 0, e.getKey());
            assertArrayEquals(new double[] {1000, 1001, 1001}, e.getValue().gradient().get("x"), 0, e.getKey());
        }
    }

    @Test
    void overwritingAnInfiniteEntryLeavesNoNanInTheValue() {
        String text = "fn f(x: real[3]) -> real {\n  y = x / 0;\n  y[1] = 5;\n  return y[1] * 2;\n}";
        Map<String, Engines.Answer> all = Engines.run(text, new double[] {1, 2, 3});
        for (var e : all.entrySet()) {
            assertEquals(10, e.getValue().value()[0], 0, e.getKey());
        }
    }

    @Test
    void aWholeArrayCompoundAssignmentScalesEveryEntry() {
        String text = "fn f(x: real[3], c: real) -> real {\n  y = x;\n  y *= c;\n  y -= 1;\n  return sum(y * y);\n}";
        Map<String, Engines.Answer> all = Engines.run(text, new double[] {1, 2, 3}, 2.0);
        for (var e : all.entrySet()) {
            // y = 2x - 1 = [1, 3, 5]; ∂/∂x = 2·2y = [4, 12, 20]; ∂/∂c = Σ 2y·x = 2 + 12 + 30
            assertEquals(35, e.getValue().value()[0], 0, e.getKey());
            assertArrayEquals(new double[] {4, 12, 20}, e.getValue().gradient().get("x"), 0, e.getKey());
            assertEquals(44, e.getValue().gradient().get("c")[0], 0, e.getKey());
        }
    }
}
