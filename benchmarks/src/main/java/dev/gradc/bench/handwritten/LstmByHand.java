package dev.gradc.bench.handwritten;

import dev.gradc.runtime.MathOps;

/**
 * The stacked LSTM of {@code bench/Lstm.grad}: L layers of H units over T steps of a sequence
 * {@code xs: T×H}, gates (input, forget, output, candidate) of layer l from rows 4Hl..4H(l+1) of {@code Wx},
 * {@code Wh} and {@code b}; the loss is the mean over t of ‖h_top(t) − xs[t+1]‖². Gradient with respect to
 * {@code Wx}, {@code Wh} and {@code b}.
 *
 * <p>The forward pass keeps, per step and layer, the gate activations, tanh(c) and the states (about
 * 9·H doubles); backpropagation through time runs the layers top down within each step, so the adjoint
 * of a layer's input is added to the hidden-state adjoint of the layer below before that layer runs. The
 * weights and their adjoints are held one Java array per row (C2 vectorises {@code a[j] += s * b[j]}, not
 * the same loop with offsets; see {@link RnnByHand}); each gate row's dot products use four partial sums. An
 * instance owns all of that scratch memory, so it is for one thread at a time and allocates nothing per
 * call but the results.
 */
public final class LstmByHand {

    /** Layers. */
    public static final int LAYERS = 2;
    /** Units per layer. */
    public static final int H = 16;
    /** Sequence length. */
    public static final int T = 1024;
    /** Gate rows of all layers: 4·H·L. */
    public static final int G = 4 * H * LAYERS;

    /** The value and the adjoints of {@code Wx}, {@code Wh} (row-major G×H) and {@code b}. */
    public record Grad(double value, double[] Wx, double[] Wh, double[] b) {
    }

    private final double[][] wx = new double[G][H];
    private final double[][] wh = new double[G][H];
    private final double[][] dwx = new double[G][H];
    private final double[][] dwh = new double[G][H];
    /** h and c of layer l after step t at [(t + 1)·L + l]; the initial state at [l]. */
    private final double[][] hs = new double[(T + 1) * LAYERS][H];
    private final double[][] cs = new double[(T + 1) * LAYERS][H];
    /** Gate activations of (t, l) at [t·L + l]: i, f, o, candidate. */
    private final double[][] gates = new double[T * LAYERS][4 * H];
    private final double[][] tanhC = new double[T * LAYERS][H];
    private final double[][] xsRows = new double[T][H];
    private final double[][] hBar = new double[LAYERS][H];
    private final double[][] cBar = new double[LAYERS][H];
    private final double[] gBar = new double[4 * H];
    private final double[] inBar = new double[H];

    /** The loss. */
    public double loss(double[] Wx, double[] Wh, double[] b, double[] state0, double[] xs) {
        return forward(Wx, Wh, b, state0, xs);
    }

    /** The loss and its gradient. */
    public Grad lossGrad(double[] Wx, double[] Wh, double[] b, double[] state0, double[] xs) {
        double value = forward(Wx, Wh, b, state0, xs);
        double[] db = new double[G];
        for (int q = 0; q < G; q++) {
            java.util.Arrays.fill(dwx[q], 0.0);
            java.util.Arrays.fill(dwh[q], 0.0);
        }
        for (int l = 0; l < LAYERS; l++) {
            java.util.Arrays.fill(hBar[l], 0.0);
            java.util.Arrays.fill(cBar[l], 0.0);
        }
        double scale = 2.0 / (T - 1);
        for (int t = T - 2; t >= 0; t--) {
            double[] top = hs[(t + 1) * LAYERS + LAYERS - 1];
            double[] next = xsRows[t + 1];
            double[] hb = hBar[LAYERS - 1];
            for (int j = 0; j < H; j++) {
                hb[j] += scale * (top[j] - next[j]);
            }
            for (int l = LAYERS - 1; l >= 0; l--) {
                layerAdjoint(t, l, db);
            }
        }
        return new Grad(value, flat(dwx), flat(dwh), db);
    }

    private double forward(double[] Wx, double[] Wh, double[] b, double[] state0, double[] xs) {
        if (Wx.length != G * H || Wh.length != G * H || b.length != G || state0.length != 2 * LAYERS * H
                || xs.length != T * H) {
            throw new IllegalArgumentException("the LSTM's arguments are sized for L = " + LAYERS + ", H = " + H
                    + ", T = " + T);
        }
        for (int q = 0; q < G; q++) {
            System.arraycopy(Wx, q * H, wx[q], 0, H);
            System.arraycopy(Wh, q * H, wh[q], 0, H);
        }
        for (int t = 0; t < T; t++) {
            System.arraycopy(xs, t * H, xsRows[t], 0, H);
        }
        for (int l = 0; l < LAYERS; l++) {
            System.arraycopy(state0, l * H, hs[l], 0, H);
            System.arraycopy(state0, (LAYERS + l) * H, cs[l], 0, H);
        }
        double loss = 0;
        for (int t = 0; t < T - 1; t++) {
            double[] in = xsRows[t];
            for (int l = 0; l < LAYERS; l++) {
                layer(t, l, in, b);
                in = hs[(t + 1) * LAYERS + l];
            }
            double[] next = xsRows[t + 1];
            for (int j = 0; j < H; j++) {
                double e = in[j] - next[j];
                loss += e * e;
            }
        }
        return loss / (T - 1);
    }

    /** Layer l at step t from input {@code in}. */
    private void layer(int t, int l, double[] in, double[] b) {
        double[] hPrev = hs[t * LAYERS + l];
        double[] cPrev = cs[t * LAYERS + l];
        double[] act = gates[t * LAYERS + l];
        int r = 4 * H * l;
        for (int q = 0; q < 4 * H; q++) {
            double s = b[r + q] + dot(wx[r + q], in) + dot(wh[r + q], hPrev);
            act[q] = q < 3 * H ? MathOps.sigmoid(s) : MathOps.tanh(s);
        }
        double[] h = hs[(t + 1) * LAYERS + l];
        double[] c = cs[(t + 1) * LAYERS + l];
        double[] tc = tanhC[t * LAYERS + l];
        for (int j = 0; j < H; j++) {
            double cj = act[H + j] * cPrev[j] + act[j] * act[3 * H + j];
            double tj = MathOps.tanh(cj);
            c[j] = cj;
            tc[j] = tj;
            h[j] = act[2 * H + j] * tj;
        }
    }

    /** The adjoint of layer l at step t: hBar[l], cBar[l] in (for h, c after the step), out (before it). */
    private void layerAdjoint(int t, int l, double[] db) {
        double[] act = gates[t * LAYERS + l];
        double[] tc = tanhC[t * LAYERS + l];
        double[] cPrev = cs[t * LAYERS + l];
        double[] hPrev = hs[t * LAYERS + l];
        double[] in = l == 0 ? xsRows[t] : hs[(t + 1) * LAYERS + l - 1];
        double[] hb = hBar[l];
        double[] cb = cBar[l];
        double[] gb = gBar;
        for (int j = 0; j < H; j++) {
            double i = act[j];
            double f = act[H + j];
            double o = act[2 * H + j];
            double cand = act[3 * H + j];
            double tj = tc[j];
            double cbj = cb[j] + hb[j] * o * (1 - tj * tj);
            gb[j] = cbj * cand * i * (1 - i);
            gb[H + j] = cbj * cPrev[j] * f * (1 - f);
            gb[2 * H + j] = hb[j] * tj * o * (1 - o);
            gb[3 * H + j] = cbj * i * (1 - cand * cand);
            cb[j] = cbj * f;
        }
        java.util.Arrays.fill(hb, 0.0);
        java.util.Arrays.fill(inBar, 0.0);
        double[] ib = inBar;
        int r = 4 * H * l;
        for (int q = 0; q < 4 * H; q++) {
            double g = gb[q];
            db[r + q] += g;
            double[] dx = dwx[r + q];
            double[] dh = dwh[r + q];
            double[] x = wx[r + q];
            double[] w = wh[r + q];
            for (int k = 0; k < H; k++) {
                dx[k] += g * in[k];
                dh[k] += g * hPrev[k];
                ib[k] += g * x[k];
                hb[k] += g * w[k];
            }
        }
        if (l > 0) {
            double[] below = hBar[l - 1];
            for (int k = 0; k < H; k++) {
                below[k] += ib[k];
            }
        }
    }

    /** A dot product of two rows of H (a multiple of 4) with four partial sums. */
    private static double dot(double[] a, double[] v) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int k = 0; k < H; k += 4) {
            s0 += a[k] * v[k];
            s1 += a[k + 1] * v[k + 1];
            s2 += a[k + 2] * v[k + 2];
            s3 += a[k + 3] * v[k + 3];
        }
        return (s0 + s1) + (s2 + s3);
    }

    private static double[] flat(double[][] rows) {
        double[] out = new double[rows.length * H];
        for (int q = 0; q < rows.length; q++) {
            System.arraycopy(rows[q], 0, out, q * H, H);
        }
        return out;
    }
}
