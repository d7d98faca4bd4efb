package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An adjoint that only a loop of no trips or an untaken branch would give contributes nothing, in every
 * engine: where a partial derivative upstream is infinite ({@code t / n} at n = 0), the derivative is the
 * tape's number, never 0·∞ = NaN. Truth: the function is constant in t along the path taken, so d/dt is 0;
 * where the loop runs, the analytic derivative.
 */
class UntakenPathsTest {

    private static void allGive(Map<String, Engines.Answer> answers, double value, double dt) {
        answers.forEach((engine, a) -> {
            assertArrayEquals(new double[] {value}, a.value(), 1e-12, engine + " value");
            assertArrayEquals(new double[] {dt}, a.gradient().get("t"), 1e-12, engine + " d/dt");
        });
    }

    private static final String LOOP = """
            fn f(t: real, n: int) -> real {
              h = t / n;
              y = 1;
              for s in 0..n { y = y * h; }
              return y;
            }
            """;

    @Test
    void anInvariantReadOnlyInALoopOfNoTripsGetsNoAdjoint() {
        allGive(Engines.run(LOOP, 0.5, 0), 1, 0);
        // (t/n)^n, d/dt = (t/n)^(n-1): the same code where the loop runs
        allGive(Engines.run(LOOP, 0.5, 2), 0.0625, 0.25);
    }

    @Test
    void aValueReadOnlyInAnUntakenBranchGetsNoAdjoint() {
        String text = """
                fn f(t: real, n: int) -> real {
                  h = log(t) / n;
                  if (n > 0) { y = h * t; } else { y = 2; }
                  return y;
                }
                """;
        allGive(Engines.run(text, 0.5, 0), 2, 0);
        // h·t = t·log(t)/n, d/dt = (log(t) + 1)/n
        allGive(Engines.run(text, 0.5, 2), 0.5 * Math.log(0.5) / 2, (Math.log(0.5) + 1) / 2);
    }

    @Test
    void nestedUntakenPathsGiveNoAdjointEither() {
        String text = """
                fn f(t: real, n: int) -> real {
                  u = t / n;
                  h = u / n;
                  y = 3;
                  for s in 0..n { if (s > 5) { y = y * h; } }
                  return y;
                }
                """;
        allGive(Engines.run(text, 0.5, 0), 3, 0);
    }
}
