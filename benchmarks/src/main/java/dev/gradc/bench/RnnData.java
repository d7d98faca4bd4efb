package dev.gradc.bench;

import dev.gradc.bench.handwritten.RnnByHand;

/**
 * Inputs of the RNN program: {@code W: 16×16} row-major with entries of standard deviation 0.9/4 (so
 * the recurrence neither explodes nor dies out in 100 steps), {@code h0} and {@code x} of standard
 * deviation 0.5.
 */
public record RnnData(double[] W, double[] h0, double[] x) {

    /** Draws the inputs from {@code in}. */
    public static RnnData draw(Inputs in) {
        int n = RnnByHand.N;
        double[] w = in.normal(n * n, 0.9 / Math.sqrt(n));
        double[] h0 = in.normal(n, 0.5);
        double[] x = in.normal(n, 0.5);
        return new RnnData(w, h0, x);
    }

    /** The benchmarks' inputs, drawn from {@link Inputs#standard()}. */
    public static RnnData standard() {
        return draw(Inputs.standard());
    }
}
