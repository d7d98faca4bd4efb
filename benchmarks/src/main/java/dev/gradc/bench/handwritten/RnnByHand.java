package dev.gradc.bench.handwritten;

import dev.gradc.runtime.MathOps;
import java.util.Arrays;

/**
 * The RNN-like loop of {@code bench/Rnn.grad}: {@code h_0 = h0}, {@code h_{t+1} = tanh(W h_t + x)} for
 * 100 steps, loss {@code sum(h_100)}; {@code W: 16×16} row-major, gradient with respect to {@code W}
 * and {@code h0}.
 *
 * <p>The forward pass keeps the 101 states (13 KB) that backpropagation through time reads; the
 * backward pass runs {@code a_t = g ⊙ (1 - h_{t+1}²)}, {@code dW += a_t h_tᵀ}, {@code g = Wᵀ a_t},
 * the last two as axpys over rows of 16. {@code W h} is 16 dot products with four partial sums each.
 * As in {@link MlpByHand}, {@code W}, its adjoint and the states are held one Java array per row,
 * because C2 on JDK 17 vectorises {@code a[j] += s * b[j]} but not {@code a[o + j] += s * b[p + j]}
 * (the flat version took 1.6× as long). An instance owns that scratch memory, so it is for one thread
 * at a time; it allocates nothing per call but the results.
 */
public final class RnnByHand {

    /** State size. */
    public static final int N = 16;
    /** Loop trips. */
    public static final int STEPS = 100;

    /** The value and the adjoints of {@code W} (row-major 16×16) and {@code h0}. */
    public record Grad(double value, double[] W, double[] h0) {
    }

    private final double[][] states = new double[STEPS + 1][N];
    private final double[][] w = new double[N][N];
    private final double[][] dw = new double[N][N];
    private final double[] a = new double[N];
    private final double[] g = new double[N];

    /** The value: the sum of the final state. */
    public double rnn(double[] W, double[] h0, double[] x) {
        checkLengths(W, h0, x);
        loadRows(W);
        double[] h = states[0];
        double[] next = states[1];
        System.arraycopy(h0, 0, h, 0, N);
        for (int t = 0; t < STEPS; t++) {
            step(x, h, next);
            double[] swap = h;
            h = next;
            next = swap;
        }
        double sum = 0;
        for (int i = 0; i < N; i++) {
            sum += h[i];
        }
        return sum;
    }

    /** The value and the gradient with respect to {@code W} and {@code h0}. */
    public Grad rnnGrad(double[] W, double[] h0, double[] x) {
        checkLengths(W, h0, x);
        loadRows(W);
        double[][] hs = states;
        System.arraycopy(h0, 0, hs[0], 0, N);
        for (int t = 0; t < STEPS; t++) {
            step(x, hs[t], hs[t + 1]);
        }
        double value = 0;
        for (int i = 0; i < N; i++) {
            value += hs[STEPS][i];
        }
        for (double[] row : dw) {
            Arrays.fill(row, 0.0);
        }
        double[] g = this.g;
        double[] a = this.a;
        Arrays.fill(g, 1.0);
        for (int t = STEPS - 1; t >= 0; t--) {
            double[] in = hs[t];
            double[] out = hs[t + 1];
            for (int i = 0; i < N; i++) {
                double hi = out[i];
                a[i] = g[i] * (1 - hi * hi);
            }
            Arrays.fill(g, 0.0);
            for (int i = 0; i < N; i++) {
                double ai = a[i];
                double[] d = dw[i];
                double[] row = w[i];
                for (int j = 0; j < N; j++) {
                    d[j] += ai * in[j];
                    g[j] += ai * row[j];
                }
            }
        }
        double[] dW = new double[N * N];
        for (int r = 0; r < N; r++) {
            System.arraycopy(dw[r], 0, dW, r * N, N);
        }
        return new Grad(value, dW, g.clone());
    }

    /** to = tanh(W from + x): a dot product per row with four partial sums. */
    private void step(double[] x, double[] from, double[] to) {
        for (int i = 0; i < N; i++) {
            double[] row = w[i];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int j = 0; j < N; j += 4) {
                s0 += row[j] * from[j];
                s1 += row[j + 1] * from[j + 1];
                s2 += row[j + 2] * from[j + 2];
                s3 += row[j + 3] * from[j + 3];
            }
            to[i] = MathOps.tanh(x[i] + ((s0 + s1) + (s2 + s3)));
        }
    }

    private void loadRows(double[] W) {
        for (int r = 0; r < N; r++) {
            System.arraycopy(W, r * N, w[r], 0, N);
        }
    }

    private static void checkLengths(double[] W, double[] h0, double[] x) {
        checkLength("W", W, N * N);
        checkLength("h0", h0, N);
        checkLength("x", x, N);
    }

    private static void checkLength(String name, double[] v, int expected) {
        if (v.length != expected) {
            throw new IllegalArgumentException(
                    "parameter '" + name + "' has length " + v.length + ", expected " + expected);
        }
    }
}
