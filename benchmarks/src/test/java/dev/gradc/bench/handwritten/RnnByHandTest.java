package dev.gradc.bench.handwritten;

import static dev.gradc.bench.handwritten.Agreement.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.bench.CentralDifferences;
import dev.gradc.bench.Inputs;
import dev.gradc.bench.RnnData;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class RnnByHandTest {

    private static final int N = RnnByHand.N;

    @Test
    void valueMatchesTheTextbookLoop() {
        RnnData d = RnnData.standard();
        double[] h = d.h0().clone();
        for (int t = 0; t < RnnByHand.STEPS; t++) {
            double[] next = new double[N];
            for (int i = 0; i < N; i++) {
                double s = d.x()[i];
                for (int j = 0; j < N; j++) {
                    s += d.W()[i * N + j] * h[j];
                }
                next[i] = Math.tanh(s);
            }
            h = next;
        }
        double expected = 0;
        for (double v : h) {
            expected += v;
        }
        assertEquals(expected, new RnnByHand().rnn(d.W(), d.h0(), d.x()), 1e-12 * Math.abs(expected));
    }

    @Test
    void gradientMatchesCentralDifferencesOnEveryEntry() {
        // With random weights the adjoint of h0 fades over 100 steps (to 1e-14 and below, under what
        // central differences resolve), so W and h0 are compared as one gradient vector, relative to its
        // largest entry; the next test checks h0 on its own scale.
        for (long seed : new long[] {1, 2, 3}) {
            RnnData d = seed == 1 ? RnnData.standard() : RnnData.draw(new Inputs(seed));
            RnnByHand r = new RnnByHand();
            RnnByHand.Grad g = r.rnnGrad(d.W(), d.h0(), d.x());
            DoubleSupplier f = () -> r.rnn(d.W(), d.h0(), d.x());
            assertEquals(f.getAsDouble(), g.value(), 1e-14);
            double[] fd = concat(CentralDifferences.gradient(f, d.W()), CentralDifferences.gradient(f, d.h0()));
            assertClose(fd, concat(g.W(), g.h0()), "(W, h0), seed " + seed);
        }
    }

    @Test
    void gradientOfALongMemoryLoopMatchesCentralDifferencesOnTheInitialState() {
        // W = 0.97 I + noise keeps the state for many steps: dh0 is around 1e-2 and well resolved.
        Inputs in = new Inputs(5);
        double[] w = in.normal(N * N, 0.01);
        for (int i = 0; i < N; i++) {
            w[i * N + i] += 0.97;
        }
        double[] h0 = in.normal(N, 0.5);
        double[] x = in.normal(N, 0.05);
        RnnByHand r = new RnnByHand();
        RnnByHand.Grad g = r.rnnGrad(w, h0, x);
        DoubleSupplier f = () -> r.rnn(w, h0, x);
        double largest = 0;
        for (double v : g.h0()) {
            largest = Math.max(largest, Math.abs(v));
        }
        assertTrue(largest > 1e-4, "dh0 should survive 100 steps, largest entry " + largest);
        assertClose(CentralDifferences.gradient(f, h0), g.h0(), "h0");
        assertClose(CentralDifferences.gradient(f, w), g.W(), "W");
    }

    @Test
    void zeroWeightsGiveAnalyticGradient() {
        // W = 0: every state after the first is tanh(x), the value is 16 sums of tanh(x_i), the initial
        // state is forgotten (dh0 = 0) and only the last step reaches W: dW[i][j] = (1 - tanh²x_i) tanh x_j.
        RnnData d = RnnData.standard();
        double[] w = new double[N * N];
        RnnByHand.Grad g = new RnnByHand().rnnGrad(w, d.h0(), d.x());
        double value = 0;
        for (int i = 0; i < N; i++) {
            value += Math.tanh(d.x()[i]);
        }
        assertEquals(value, g.value(), 1e-14);
        for (int i = 0; i < N; i++) {
            assertEquals(0.0, g.h0()[i]);
            double ti = Math.tanh(d.x()[i]);
            for (int j = 0; j < N; j++) {
                assertEquals((1 - ti * ti) * Math.tanh(d.x()[j]), g.W()[i * N + j], 1e-15);
            }
        }
    }

    @Test
    void rejectsAWrongLengthNamingTheParameter() {
        RnnData d = RnnData.standard();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RnnByHand().rnnGrad(d.W(), new double[15], d.x()));
        assertTrue(e.getMessage().contains("'h0'"), e.getMessage());
    }

    private static double[] concat(double[] a, double[] b) {
        double[] c = new double[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
