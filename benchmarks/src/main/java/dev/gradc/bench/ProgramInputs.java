package dev.gradc.bench;

import dev.gradc.bench.handwritten.DeterminantByHand;
import dev.gradc.bench.handwritten.LeastSquaresByHand;
import dev.gradc.bench.handwritten.LstmByHand;
import dev.gradc.bench.handwritten.Rk4ByHand;

/**
 * Inputs of the four array programs (least squares, LSTM, determinant, RK4), drawn from
 * {@link Inputs#standard()} with one stream per program, the same in the benchmarks and the tests.
 */
public final class ProgramInputs {

    private ProgramInputs() {
    }

    /** Polynomial coefficients {@code c: M}, samples {@code t} evenly on [-1, 1], {@code y = sign(t) + noise}. */
    public record LeastSquares(double[] c, double[] t, double[] y) {
    }

    /** {@code Wx, Wh: G×H}, {@code b: G}, {@code state0: 2L×H}, {@code xs: T×H}. */
    public record Lstm(double[] Wx, double[] Wh, double[] b, double[] state0, double[] xs) {
    }

    /** An n×n matrix with entries of standard deviation 1/√n. */
    public record Determinant(double[] A) {
    }

    /** Growth rates {@code x} in [0.5, 1.5), the step count and the end time. */
    public record Rk4(double[] x, int steps, double tf) {
    }

    public record KMeans(double[] C, double[] X, double[] A) {
    }

    /** Least squares at N = 4096 samples, M = 8 coefficients. */
    public static LeastSquares leastSquares() {
        Inputs in = new Inputs(Inputs.SEED + 1);
        int n = LeastSquaresByHand.N;
        double[] t = new double[n];
        double[] y = new double[n];
        double[] noise = in.normal(n, 0.1);
        for (int i = 0; i < n; i++) {
            t[i] = -1 + 2.0 * i / (n - 1);
            y[i] = Math.signum(t[i]) + noise[i];
        }
        return new LeastSquares(in.normal(LeastSquaresByHand.M, 0.5), t, y);
    }

    /** The LSTM at 2 layers of 16 units, 1,024 steps; weights of variance 1/H. */
    public static Lstm lstm() {
        Inputs in = new Inputs(Inputs.SEED + 2);
        int g = LstmByHand.G;
        int h = LstmByHand.H;
        double sigma = 1 / Math.sqrt(h);
        return new Lstm(in.normal(g * h, sigma), in.normal(g * h, sigma), in.normal(g, 0.1),
                in.normal(2 * LstmByHand.LAYERS * h, 0.5), in.normal(LstmByHand.T * h, 1));
    }

    /** A 32×32 matrix. */
    public static Determinant determinant() {
        Inputs in = new Inputs(Inputs.SEED + 3);
        int n = DeterminantByHand.N;
        return new Determinant(in.normal(n * n, 1 / Math.sqrt(n)));
    }

    /** 64 components, 1,000 steps to t = 2. */
    public static Rk4 rk4() {
        Inputs in = new Inputs(Inputs.SEED + 4);
        double[] x = new double[Rk4ByHand.N];
        for (int i = 0; i < x.length; i++) {
            x[i] = in.uniform(0.5, 1.5);
        }
        return new Rk4(x, Rk4ByHand.STEPS, Rk4ByHand.TF);
    }

    /** 10 centres and 1,000 points in 16 dimensions, each point assigned to a uniformly drawn centre. */
    public static KMeans kMeans() {
        Inputs in = new Inputs(Inputs.SEED + 5);
        int k = dev.gradc.bench.handwritten.KMeansByHand.K;
        int d = dev.gradc.bench.handwritten.KMeansByHand.D;
        int n = dev.gradc.bench.handwritten.KMeansByHand.N;
        return new KMeans(in.normal(k * d, 1), in.normal(n * d, 1), in.oneHot(n, k));
    }
}
