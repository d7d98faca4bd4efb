package dev.gradc.bench;

/**
 * Inputs of the Gaussian-mixture program ({@code bench/Gmm.grad}, ADBench's objective): n points in d
 * dimensions, k components; alphas, means and points of standard deviation 1, log-diagonals qs of 0.1 and
 * the lower factors' entries ls of 0.1 (the ADBench inputs are of this kind), Wishart γ = 1, m = 0.
 */
public record GmmData(int n, int k, int d, double[] alphas, double[] means, double[] qs, double[] ls, double[] x,
                      double gamma, double m) {

    public static GmmData draw(Inputs in, int n, int k, int d) {
        return new GmmData(n, k, d, in.normal(k, 1), in.normal(k * d, 1), in.normal(k * d, 0.1),
                in.normal(k * d * d, 0.1), in.normal(n * d, 1), 1, 0);
    }

    /** The benchmarks' inputs: d = 20, k = 25, n = 1000, from {@link Inputs#standard()}. */
    public static GmmData standard() {
        return draw(Inputs.standard(), 1000, 25, 20);
    }
}
