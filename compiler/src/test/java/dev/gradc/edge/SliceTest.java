package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Slices with static length and dynamic start, read in loops: every engine against central differences. */
class SliceTest {

    /** A moving window of 3 read in a loop, first differences, and a tail. */
    private static final String WINDOWS = """
            fn f(x: real[6]) -> real {
              s = 0;
              for i in 0..4 {
                w = x[i:i+3];
                s = s + sum(w * w) * x[i];
              }
              d = x[1:] - x[:5];
              return s + sum(d * d) + sum(sin(x[2:]));
            }
            """;

    @Test
    void windowsDifferencesAndTailsHaveTheCentralDifferenceGradientEverywhere() {
        double[] x = {0.3, -1.2, 0.7, 2.0, -0.4, 1.1};
        CompiledModule m = CompiledModule.load(Programs.compile(WINDOWS));
        double h = 1e-6;
        double[] fd = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[k] += h;
            xm[k] -= h;
            fd[k] = ((double) m.value("f", (Object) xp) - (double) m.value("f", (Object) xm)) / (2 * h);
        }
        Map<String, Engines.Answer> all = Engines.run(WINDOWS, (Object) x);
        for (var e : all.entrySet()) {
            assertArrayEquals(fd, e.getValue().gradient().get("x"), 1e-6, e.getKey());
            assertEquals(all.get("interpreter").value()[0], e.getValue().value()[0], 1e-12, e.getKey());
        }
    }
}
