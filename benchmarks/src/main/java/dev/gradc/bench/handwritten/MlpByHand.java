package dev.gradc.bench.handwritten;

import dev.gradc.runtime.MathOps;
import java.util.Arrays;

/**
 * The MLP loss of {@code bench/Mlp.grad}: {@code h = tanh(x W1 + b1)}, {@code z = h W2 + b2}, loss
 * {@code mean_i(logsumexp(z_i) - z_i · y_i)} (the mean softmax cross-entropy for one-hot {@code y}),
 * with {@code x: B×32}, {@code y: B×10}, {@code W1: 32×64}, {@code b1: 64}, {@code W2: 64×10},
 * {@code b2: 10}, all flat and row-major in the API.
 *
 * <p>The loss is a mean over rows, so {@code dz_i = (softmax(z_i) - y_i) / B} depends on row
 * {@code i} alone and the backward pass of a row follows its forward pass at once: one sweep over
 * the batch with row-sized scratch (no {@code B×64} hidden matrix is stored).
 *
 * <p>Matrix products run as axpys over contiguous rows of 64 so that C2 vectorises them:
 * <ul>
 *   <li>{@code h_i = tanh(b1 + Σ_k x_ik W1[k,:])} (i-k-j order);
 *   <li>{@code z_ij = b2_j + h_i · W2ᵀ[j,:]}, a dot product of 64 with four accumulators (an axpy
 *       over the 10 columns of {@code W2} is too short to vectorise);
 *   <li>{@code dW2ᵀ[j,:] += dz_ij h_i} and {@code dh_i += dz_ij W2ᵀ[j,:]};
 *   <li>{@code da_i = dh_i ⊙ (1 - h_i²)}, {@code db1 += da_i}, {@code dW1[k,:] += x_ik da_i}.
 * </ul>
 * The weights and their adjoints are held as one Java array per row ({@code double[][]}, copied from
 * and to the flat arrays once per call: 2,688 + 2,688 copies against ~400k multiply-adds), because
 * HotSpot C2 on JDK 17 vectorises {@code a[j] += s * b[j]} but not the flat form
 * {@code a[o + j] += s * b[p + j]}: measured here, the flat version of this gradient took 2.2× as
 * long. An instance owns that scratch memory, so it is for one thread at a time; it allocates nothing
 * per call but the result arrays.
 */
public final class MlpByHand {

    /** Input features. */
    public static final int IN = 32;
    /** Hidden units. */
    public static final int HIDDEN = 64;
    /** Classes. */
    public static final int OUT = 10;

    /** The value and the adjoints of the four parameters, each in the shape of its parameter. */
    public record Grad(double value, double[] W1, double[] b1, double[] W2, double[] b2) {
    }

    private final double[] h = new double[HIDDEN];
    private final double[] e = new double[OUT];
    private final double[] dz = new double[OUT];
    private final double[] da = new double[HIDDEN];
    private final double[][] w1 = new double[IN][HIDDEN];
    private final double[][] w2t = new double[OUT][HIDDEN];
    private final double[][] dw1 = new double[IN][HIDDEN];
    private final double[][] dw2t = new double[OUT][HIDDEN];

    /** The value: the mean softmax cross-entropy of the batch. */
    public double loss(int B, double[] x, double[] y, double[] W1, double[] b1, double[] W2, double[] b2) {
        checkLengths(B, x, y, W1, b1, W2, b2);
        loadWeights(W1, W2);
        double[] h = this.h;
        double[] z = this.e;
        double total = 0;
        for (int i = 0; i < B; i++) {
            hiddenRow(x, i * IN, b1, h);
            outputRow(h, b2, z);
            int yo = i * OUT;
            double m = z[0];
            for (int j = 1; j < OUT; j++) {
                m = Math.max(m, z[j]);
            }
            double s = 0;
            double zy = 0;
            for (int j = 0; j < OUT; j++) {
                s += Math.exp(z[j] - m);
                zy += z[j] * y[yo + j];
            }
            total += m + Math.log(s) - zy;
        }
        return total / B;
    }

    /** The value and the gradient with respect to {@code W1, b1, W2, b2}. */
    public Grad lossGrad(int B, double[] x, double[] y, double[] W1, double[] b1, double[] W2, double[] b2) {
        checkLengths(B, x, y, W1, b1, W2, b2);
        loadWeights(W1, W2);
        for (double[] row : dw1) {
            Arrays.fill(row, 0.0);
        }
        for (double[] row : dw2t) {
            Arrays.fill(row, 0.0);
        }
        double[] h = this.h;
        double[] e = this.e;
        double[] db1 = new double[HIDDEN];
        double[] db2 = new double[OUT];
        double invB = 1.0 / B;
        double total = 0;
        for (int i = 0; i < B; i++) {
            int xo = i * IN;
            int yo = i * OUT;
            hiddenRow(x, xo, b1, h);
            outputRow(h, b2, e);
            // Stable logsumexp; e becomes exp(z - m), then dz = (softmax - y) / B.
            double m = e[0];
            for (int j = 1; j < OUT; j++) {
                m = Math.max(m, e[j]);
            }
            double s = 0;
            double zy = 0;
            for (int j = 0; j < OUT; j++) {
                double zj = e[j];
                zy += zj * y[yo + j];
                double ej = Math.exp(zj - m);
                e[j] = ej;
                s += ej;
            }
            total += m + Math.log(s) - zy;
            double scale = invB / s;
            for (int j = 0; j < OUT; j++) {
                double g = e[j] * scale - y[yo + j] * invB;
                dz[j] = g;
                db2[j] += g;
            }
            backwardRow(x, xo, db1);
        }
        double[] dW1 = new double[IN * HIDDEN];
        for (int k = 0; k < IN; k++) {
            System.arraycopy(dw1[k], 0, dW1, k * HIDDEN, HIDDEN);
        }
        double[] dW2 = new double[HIDDEN * OUT];
        for (int j = 0; j < OUT; j++) {
            double[] row = dw2t[j];
            for (int k = 0; k < HIDDEN; k++) {
                dW2[k * OUT + j] = row[k];
            }
        }
        return new Grad(total * invB, dW1, db1, dW2, db2);
    }

    /** Rows of W1 and of W2ᵀ into the scratch row arrays. */
    private void loadWeights(double[] W1, double[] W2) {
        for (int k = 0; k < IN; k++) {
            System.arraycopy(W1, k * HIDDEN, w1[k], 0, HIDDEN);
        }
        for (int k = 0; k < HIDDEN; k++) {
            for (int j = 0; j < OUT; j++) {
                w2t[j][k] = W2[k * OUT + j];
            }
        }
    }

    /** h = tanh(b1 + x[row] W1), accumulated over rows of W1. */
    private void hiddenRow(double[] x, int xo, double[] b1, double[] h) {
        System.arraycopy(b1, 0, h, 0, HIDDEN);
        for (int k = 0; k < IN; k++) {
            double xk = x[xo + k];
            double[] w = w1[k];
            for (int j = 0; j < HIDDEN; j++) {
                h[j] += xk * w[j];
            }
        }
        for (int j = 0; j < HIDDEN; j++) {
            h[j] = MathOps.tanh(h[j]);
        }
    }

    /** z_j = b2_j + h · W2ᵀ[j,:], four partial sums to break the dependence chain. */
    private void outputRow(double[] h, double[] b2, double[] z) {
        for (int j = 0; j < OUT; j++) {
            double[] w = w2t[j];
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int k = 0; k < HIDDEN; k += 4) {
                s0 += h[k] * w[k];
                s1 += h[k + 1] * w[k + 1];
                s2 += h[k + 2] * w[k + 2];
                s3 += h[k + 3] * w[k + 3];
            }
            z[j] = b2[j] + ((s0 + s1) + (s2 + s3));
        }
    }

    /** Given dz of the row: dW2ᵀ, dh (in da), da = dh ⊙ (1 - h²), db1 and dW1. */
    private void backwardRow(double[] x, int xo, double[] db1) {
        double[] h = this.h;
        double[] da = this.da;
        Arrays.fill(da, 0.0);
        for (int j = 0; j < OUT; j++) {
            double g = dz[j];
            double[] dw = dw2t[j];
            double[] w = w2t[j];
            for (int k = 0; k < HIDDEN; k++) {
                dw[k] += g * h[k];
                da[k] += g * w[k];
            }
        }
        for (int k = 0; k < HIDDEN; k++) {
            double hk = h[k];
            double d = da[k] * (1 - hk * hk);
            da[k] = d;
            db1[k] += d;
        }
        for (int k = 0; k < IN; k++) {
            double xk = x[xo + k];
            double[] dw = dw1[k];
            for (int j = 0; j < HIDDEN; j++) {
                dw[j] += xk * da[j];
            }
        }
    }

    private static void checkLengths(int B, double[] x, double[] y, double[] W1, double[] b1, double[] W2,
            double[] b2) {
        if (B < 1) {
            throw new IllegalArgumentException("size 'B' must be positive, got " + B);
        }
        checkLength("x", x, (long) B * IN);
        checkLength("y", y, (long) B * OUT);
        checkLength("W1", W1, IN * HIDDEN);
        checkLength("b1", b1, HIDDEN);
        checkLength("W2", W2, HIDDEN * OUT);
        checkLength("b2", b2, OUT);
    }

    private static void checkLength(String name, double[] a, long expected) {
        if (a.length != expected) {
            throw new IllegalArgumentException(
                    "parameter '" + name + "' has length " + a.length + ", expected " + expected);
        }
    }
}
