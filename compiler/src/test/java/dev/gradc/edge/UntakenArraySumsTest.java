package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An array whose adjoint only untaken branches of two or more conds give contributes nothing, in every engine:
 * the adjoint cond of the later cond starts from the array's adjoint so far, and the branch that only passes
 * that sum on does not read the array, so the sum keeps its path (the untaken branches') and stays off the
 * infinite partial of {@code sqrt} at 0 upstream. Truth: along the path taken the function does not read the
 * array, so its derivative is zero and d/dt is the analytic one (the tape's number).
 */
class UntakenArraySumsTest {

    private static void allGive(Map<String, Engines.Answer> answers, double value, String name, double d,
                                String array, int entries) {
        answers.forEach((engine, a) -> {
            assertArrayEquals(new double[] {value}, a.value(), 1e-12, engine + " value");
            assertArrayEquals(new double[] {d}, a.gradient().get(name), 1e-12, engine + " d/d" + name);
            assertArrayEquals(new double[entries], a.gradient().get(array), 0, engine + " d/d" + array);
        });
    }

    @Test
    void aVectorReadOnlyInTwoUntakenBranchesGetsNoAdjoint() {
        // fuzz case 69909: y > 0 both times, so v = 0.5·v + 0.5·y = 0.45 and d/dy = 0.5
        String text = """
                fn f(y: real, v: real, m: real[2]) -> real {
                  m = m + sqrt(0 * y * y);
                  if (y > 0) { y = y * 0.5; } else { v = v * 0.5 + m[0]; }
                  if (y > 0) { v = v * 0.5 + y; } else { y = y * 0.5 + sum(m); }
                  return v;
                }
                """;
        allGive(Engines.run(text, 0.7, 0.2, new double[] {1, 2}), 0.45, "y", 0.5, "m", 2);
    }

    @Test
    void aMatrixReadOnlyInThreeUntakenBranchesGetsNoAdjoint() {
        // y = t/2 + t/4 + t/8 on the path taken: d/dt = 7/8
        String text = """
                fn f(t: real, m: real[4]) -> real {
                  a = reshape(m, 2, 2) + sqrt(0 * t * t);
                  y = t * 0.5;
                  if (t > 0) { y = y + t * 0.25; } else { y = y + sum(a); }
                  if (t > 0) { y = y + t * 0.125; } else { y = y * a[0, 1]; }
                  if (t < 0) { y = y - sum(a * a); } else { y = y * 1; }
                  return y;
                }
                """;
        allGive(Engines.run(text, 0.8, new double[] {1, 2, 3, 4}), 0.7, "t", 0.875, "m", 4);
    }

    @Test
    void condsInsideALoopReadingAVectorOnlyWhenUntakenGiveNoAdjoint() {
        // y(k+1) = 0.5·y(k) + 0.25·t from y(0) = t: two trips give 0.4375 at t = 0.7, d/dt = 0.625
        String text = """
                fn f(t: real, m: real[3], n: int) -> real {
                  a = m + sqrt(0 * t * t);
                  y = t;
                  for s in 0..n {
                    if (y > 0) { y = y * 0.5; } else { y = y + a[0]; }
                    if (y > 0) { y = y + 0.25 * t; } else { y = y + sum(a); }
                  }
                  return y;
                }
                """;
        allGive(Engines.run(text, 0.7, new double[] {1, 2, 3}, 2), 0.4375, "t", 0.625, "m", 3);
    }
}
