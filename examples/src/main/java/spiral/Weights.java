package spiral;

import java.util.Random;

/**
 * The parameters of {@code mlp.grad}'s network, in the order its {@code lossGrad} returns their gradients:
 * W1 [2,32], b1 [32], W2 [32,32], b2 [32], W3 [32,2], b3 [2], each a row-major {@code double[]}.
 */
public final class Weights {

    /** Input, hidden and output widths; they must match the shapes declared in {@code mlp.grad}. */
    public static final int IN = 2;
    public static final int HIDDEN = 32;
    public static final int OUT = 2;

    /** The shape of each parameter, [rows, cols] or [length]. */
    public static final int[][] SHAPES = {{IN, HIDDEN}, {HIDDEN}, {HIDDEN, HIDDEN}, {HIDDEN}, {HIDDEN, OUT}, {OUT}};

    private Weights() {
    }

    /**
     * Fresh parameters from a seed: weights Gaussian with standard deviation gain/√fan-in, biases 0. The
     * first layer's gain is larger (3) so that the tanh units start with varied slopes across the plane.
     */
    public static double[][] init(long seed) {
        Random random = new Random(seed);
        double[][] p = new double[SHAPES.length][];
        for (int i = 0; i < SHAPES.length; i++) {
            int[] s = SHAPES[i];
            p[i] = new double[s.length == 2 ? s[0] * s[1] : s[0]];
            if (s.length == 2) {
                double std = (i == 0 ? 3.0 : 1.0) / Math.sqrt(s[0]);
                for (int k = 0; k < p[i].length; k++) {
                    p[i][k] = std * random.nextGaussian();
                }
            }
        }
        return p;
    }

    /** A deep copy. */
    public static double[][] copy(double[][] p) {
        double[][] c = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            c[i] = p[i].clone();
        }
        return c;
    }
}
