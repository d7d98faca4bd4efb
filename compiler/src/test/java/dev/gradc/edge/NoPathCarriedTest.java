package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A loop-carried value that no differentiated result depends on, on any trip, gets no adjoint in any engine:
 * when it goes NaN ({@code sqrt} of a negative number), the zero adjoint times its NaN partials must not make
 * the adjoints that do have a path NaN, as on the tape, which never reaches it. Truth: analytic derivatives
 * of what the result does depend on, and the tape.
 */
class NoPathCarriedTest {

    private static void allGive(Map<String, Engines.Answer> answers, double value, double dx, double dy) {
        answers.forEach((engine, a) -> {
            assertArrayEquals(new double[] {value}, a.value(), 1e-12, engine + " value");
            assertArrayEquals(new double[] {dx}, a.gradient().get("x"), 1e-12, engine + " d/dx");
            assertArrayEquals(new double[] {dy}, a.gradient().get("y"), 1e-12, engine + " d/dy");
        });
    }

    /** b3 = y/8 + 1.75 x whatever a does; a reads b, so b's adjoint would get 0 · NaN. */
    private static final String KEPT = """
            fn f(x: real, y: real) -> real {
              a = x;
              b = y;
              %s
              while (i < 3) {
                a = sqrt(a - 10) + b;
                b = b * 0.5 + x;
                i = i + 1;
              }
              return b;
            }
            """;

    @Test
    void aCarriedValueGoneNaNThatNoResultReadsLeavesTheGradientAlone() {
        allGive(Engines.run(KEPT.formatted("i = 0;"), 0.5, 0.3), 0.3 / 8 + 1.75 * 0.5, 1.75, 0.125);
    }

    @Test
    void soInACheckpointedLoop() {
        String text = KEPT.formatted("i = 0;").replace("  while", "  @checkpoint(1)\n  while");
        allGive(Engines.run(text, 0.5, 0.3), 0.3 / 8 + 1.75 * 0.5, 1.75, 0.125);
    }

    @Test
    void soInAnInnerLoopAndThroughABranch() {
        String text = """
                fn f(x: real, y: real) -> real {
                  a = x;
                  b = y;
                  i = 0;
                  while (i < 2) {
                    if (a > 0) { a = sqrt(a - 10) * b; } else { a = a + b; }
                    j = 0;
                    while (j < 2) {
                      b = b * 0.5 + x;
                      a = a * sqrt(b - 5);
                      j = j + 1;
                    }
                    i = i + 1;
                  }
                  return b;
                }
                """;
        // four trips of b = b/2 + x: y/16 + x (1 + 1/2 + 1/4 + 1/8)
        allGive(Engines.run(text, 0.5, 0.3), 0.3 / 16 + 1.875 * 0.5, 1.875, 1.0 / 16);
    }

    /**
     * Generated case 3823 of the long fuzz run: x goes NaN in the else branch and only x reads it
     * (M passed flat: the test engines take vectors).
     */
    @Test
    void longFuzzCase3823AgreesWithTheTape() {
        String text = """
                fn f(x: real, y: real, v: real[3], m: real[6]) -> real[3] {
                  M = reshape(m, 2, 3);
                  if (mean(softmax(v, 0)) > 0) {
                    v = v * 0.5 + tanh(v);
                  } else {
                    v = v * 0.5 + tanh(((v + v) - tanh(0.55)));
                  }
                  w0 = v;
                  i1 = 0;
                  while (i1 < 2) {
                    if (sum(x) > 0.12) { x = x * 0.5 + tanh(sqrt(1 + (x + y) * (x + y))); } else { x = x + 0.5 + tanh(sqrt(1 + (x + y) + (x + y))); }
                    i2 = 0;
                    while (i2 < 2) {
                      y = y * 0.5 + tanh(sqrt(1 + mean(w0) * mean(w0)));
                      i3 = 0;
                      while (i3 < 3) {
                        y = y * 0.5 + tanh(sum(M @ w0));
                        i3 = i3 + 1;
                      }
                      i2 = i2 + 1;
                    }
                    i1 = i1 + 1;
                  }
                  s4 = (y / (2 + y * y));
                  return (sin(tanh(y)) * w0) * (sin(0.15) / (2 + sin(0.15) * sin(0.15))) + v;
                }
                """;
        Map<String, Engines.Answer> answers = Engines.run(text, -0.7125016622343499, -0.7020138194821783,
                new double[] {-0.7963278377069098, 0.1720044367699044, -0.08409645492891271},
                new double[] {0.5945941716518384, -0.07207392316283712, -0.24455122583556754, 0.7537839355298515,
                    -0.5489983306780349, 0.28434176179820003});
        Engines.Answer tape = answers.get("tape");
        answers.forEach((engine, a) -> a.gradient().forEach((p, d) -> {
            assertFalse(Arrays.stream(d).anyMatch(Double::isNaN), engine + " d/d" + p + " " + Arrays.toString(d));
            assertArrayEquals(tape.gradient().get(p), d, 1e-12, engine + " d/d" + p);
        }));
    }
}
