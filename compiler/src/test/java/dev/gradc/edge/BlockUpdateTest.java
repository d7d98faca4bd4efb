package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.TangentPass;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Updates of part of a row, part of a column and a block of a matrix ({@code m[i, c:d] = e;},
 * {@code m[a:b, j] += e;}, {@code m[a:b, c:d] *= e;}) inside a loop and both branches of an {@code if}: the
 * value equals a plain-Java rendering of the program, the gradient in every engine equals central differences
 * of that rendering, and the tangent (forward mode) along a direction equals the gradient's inner product with it.
 */
class BlockUpdateTest {

    private static final String PROGRAM = """
            fn f(x: real[12], a: real) -> real {
              m = reshape(x, 3, 4);
              for i in 0..3 {
                m[i, 1:3] = m[i, 0:2] * a + sin(m[i, 2:4]);
                if (m[i, 0] > 0) {
                  m[0:2, 3] += m[1:3, i] * a;
                } else {
                  m[1:3, 2:4] *= [[a, 0.5], [0.3, a]];
                }
              }
              m[0:2, 0:2] -= a;
              m[2, 0:2] = a;
              return sum(m * m) + sum(m[1, 1:4]);
            }
            """;

    /** The program above in plain Java, on a row-major 3×4 matrix. */
    private static double reference(double[] x, double a) {
        double[][] m = new double[3][4];
        for (int r = 0; r < 3; r++) {
            System.arraycopy(x, 4 * r, m[r], 0, 4);
        }
        for (int i = 0; i < 3; i++) {
            double[] row = m[i].clone();
            m[i][1] = row[0] * a + Math.sin(row[2]);
            m[i][2] = row[1] * a + Math.sin(row[3]);
            if (m[i][0] > 0) {
                double c1 = m[1][i];
                double c2 = m[2][i];
                m[0][3] += c1 * a;
                m[1][3] += c2 * a;
            } else {
                m[1][2] *= a;
                m[1][3] *= 0.5;
                m[2][2] *= 0.3;
                m[2][3] *= a;
            }
        }
        for (int r = 0; r < 2; r++) {
            m[r][0] -= a;
            m[r][1] -= a;
        }
        m[2][0] = a;
        m[2][1] = a;
        double s = 0;
        for (double[] row : m) {
            for (double v : row) {
                s += v * v;
            }
        }
        return s + m[1][1] + m[1][2] + m[1][3];
    }

    private static double[] central(double[] x, double a) {
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
            g[k] = (reference(xp, ap) - reference(xm, am)) / (2 * h);
        }
        return g;
    }

    private static double[] point(int seed) {
        java.util.Random r = new java.util.Random(seed);
        double[] x = new double[12];
        for (int k = 0; k < x.length; k++) {
            x[k] = r.nextDouble() * 2 - 1;
        }
        return x;
    }

    @Test
    void valueAndGradientMatchAPlainJavaRenderingInEveryEngineThroughBothBranches() {
        for (int seed = 1; seed <= 4; seed++) {
            double[] x = point(seed);
            x[0] = seed % 2 == 0 ? 0.7 : -0.7; // row 0 takes each branch, over the seeds
            double a = 0.3 + 0.2 * seed;
            double[] fd = central(x, a);
            for (var e : Engines.run(PROGRAM, x, a).entrySet()) {
                assertEquals(reference(x, a), e.getValue().value()[0], 1e-12 * Math.abs(reference(x, a)), e.getKey());
                double[] gx = e.getValue().gradient().get("x");
                for (int k = 0; k < x.length; k++) {
                    assertEquals(fd[k], gx[k], 1e-6 * Math.max(1, Math.abs(fd[k])), e.getKey() + " x[" + k + "]");
                }
                assertEquals(fd[12], e.getValue().gradient().get("a")[0], 1e-6 * Math.max(1, Math.abs(fd[12])),
                        e.getKey() + " a");
            }
        }
    }

    @Test
    void theTangentIsTheGradientAlongTheDirection() {
        FunctionIr f = Programs.compile(PROGRAM).function("f");
        for (int seed = 1; seed <= 4; seed++) {
            double[] x = point(seed);
            double a = 0.4 + 0.1 * seed;
            double[] d = point(seed + 100);
            double da = 0.7;
            double[] fd = central(x, a);
            double expected = fd[12] * da;
            for (int k = 0; k < 12; k++) {
                expected += fd[k] * d[k];
            }
            Object[] out = Programs.run(TangentPass.jvp(f, List.of("x", "a")), new Object[] {
                new NDArray(x.clone(), new int[] {12}), NDArray.scalar(a), new NDArray(d.clone(), new int[] {12}),
                NDArray.scalar(da)});
            assertEquals(reference(x, a), ((NDArray) out[0]).item(), 1e-12 * Math.abs(reference(x, a)));
            assertEquals(expected, ((NDArray) out[1]).item(), 1e-6 * Math.max(1, Math.abs(expected)));
        }
    }

    @Test
    void theOverwrittenEntriesGetNoAdjointAndTheWrittenValueGetsTheirs() {
        String text = """
                fn f(x: real[6], a: real) -> real {
                  m = reshape(x, 2, 3);
                  m[1, 0:2] = [a, 2 * a];
                  m[0:2, 2] += a;
                  return sum(m * [1, 10, 100]);
                }
                """;
        Map<String, Engines.Answer> all = Engines.run(text, new double[] {1, 2, 3, 4, 5, 6}, 3.0);
        for (var e : all.entrySet()) {
            // m = [[1, 2, 3+a], [a, 2a, 6+a]]: 1 + 20 + 300 + 100a + a + 20a + 600 + 100a
            assertEquals(921 + 221 * 3, e.getValue().value()[0], 0, e.getKey());
            assertArrayEquals(new double[] {1, 10, 100, 0, 0, 100}, e.getValue().gradient().get("x"), 0, e.getKey());
            assertEquals(221, e.getValue().gradient().get("a")[0], 0, e.getKey());
        }
    }
}
