package spiral;

import java.util.Arrays;
import java.util.Random;

/**
 * Two interleaved spirals, the classic data set that a linear model cannot separate: class c's points lie
 * at radius r = t and angle 3.5πt + cπ for t uniform in [0, 1], plus Gaussian noise. Made from a seed,
 * so every run sees the same points.
 *
 * @param x     the points, row-major {@code [n, 2]}
 * @param y     one-hot labels, row-major {@code [n, 2]}
 * @param label the class of each point, 0 or 1
 */
public record Spirals(double[] x, double[] y, int[] label) {

    /** How many points. */
    public int size() {
        return label.length;
    }

    /** {@code perClass} points of each class, shuffled, with noise of standard deviation {@code noise}. */
    public static Spirals generate(int perClass, double noise, long seed) {
        Random random = new Random(seed);
        int n = 2 * perClass;
        double[] x = new double[2 * n];
        double[] y = new double[2 * n];
        int[] label = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double t = random.nextDouble();
            double angle = 3.5 * Math.PI * t + c * Math.PI;
            x[2 * i] = t * Math.cos(angle) + noise * random.nextGaussian();
            x[2 * i + 1] = t * Math.sin(angle) + noise * random.nextGaussian();
            y[2 * i + c] = 1;
            label[i] = c;
        }
        return new Spirals(x, y, label);
    }

    /** Points {@code from} (inclusive) to {@code to} (exclusive). */
    public Spirals slice(int from, int to) {
        return new Spirals(Arrays.copyOfRange(x, 2 * from, 2 * to), Arrays.copyOfRange(y, 2 * from, 2 * to),
                Arrays.copyOfRange(label, from, to));
    }

    /** The points at the given indices, in that order (a minibatch). */
    public Spirals select(int[] indices, int from, int to) {
        int m = to - from;
        double[] bx = new double[2 * m];
        double[] by = new double[2 * m];
        int[] bl = new int[m];
        for (int k = 0; k < m; k++) {
            int i = indices[from + k];
            System.arraycopy(x, 2 * i, bx, 2 * k, 2);
            System.arraycopy(y, 2 * i, by, 2 * k, 2);
            bl[k] = label[i];
        }
        return new Spirals(bx, by, bl);
    }
}
