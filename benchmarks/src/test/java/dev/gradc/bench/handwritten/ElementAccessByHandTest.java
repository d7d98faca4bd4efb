package dev.gradc.bench.handwritten;

import static dev.gradc.bench.handwritten.Agreement.assertClose;

import dev.gradc.bench.CentralDifferences;
import org.junit.jupiter.api.Test;

/** The hand-written element-access gradients against central differences and the analytic truth. */
class ElementAccessByHandTest {

    private static double[] inputs(int m) {
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = 0.5 + 0.4 * Math.sin(i);
        }
        return x;
    }

    @Test
    void squaresGradientIsTwiceX() {
        double[] x = inputs(50);
        var g = ElementAccessByHand.squaresGrad(x);
        double[] want = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            want[i] = 2 * x[i];
        }
        assertClose(want, g.x(), "d/dx");
        assertClose(ElementAccessByHand.squares(x), g.value(), "value");
        assertClose(CentralDifferences.gradient(() -> ElementAccessByHand.squares(x), x), g.x(), "central differences");
    }

    @Test
    void recurrenceGradientMatchesCentralDifferences() {
        double[] p = inputs(41);
        double[] x = java.util.Arrays.copyOf(p, 40);
        p[40] = 0.9;
        var g = ElementAccessByHand.recurrenceGrad(x, 0.9);
        double[] fd = CentralDifferences.gradient(
                () -> ElementAccessByHand.recurrence(java.util.Arrays.copyOf(p, 40), p[40]), p);
        assertClose(java.util.Arrays.copyOf(fd, 40), g.x(), "d/dx");
        assertClose(fd[40], g.a(), "d/da");
        assertClose(ElementAccessByHand.recurrence(x, 0.9), g.value(), "value");
        // analytic: d/dx[M-1] = 1, d/dx[M-2] = 1 + a
        assertClose(1.0, g.x()[39], "last");
        assertClose(1.9, g.x()[38], "next to last");
    }
}
