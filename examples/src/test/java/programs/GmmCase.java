package programs;

import java.util.Random;

/** A Gaussian-mixture problem for {@link Gmm}: n points, k components in d dimensions, random but seeded. */
final class GmmCase {

    final int n;
    final int k;
    final int d;
    final double[] alphas;
    final double[] means;
    final double[] qs;
    final double[] ls;
    final double[] x;
    final double gamma = 1;
    final double m = 0;

    private GmmCase(int n, int k, int d, double[] alphas, double[] means, double[] qs, double[] ls, double[] x) {
        this.n = n;
        this.k = k;
        this.d = d;
        this.alphas = alphas;
        this.means = means;
        this.qs = qs;
        this.ls = ls;
        this.x = x;
    }

    static GmmCase random(int n, int k, int d, long seed) {
        Random r = new Random(seed);
        return new GmmCase(n, k, d, gaussian(r, k, 1), gaussian(r, k * d, 1), gaussian(r, k * d, 0.2),
                gaussian(r, k * d * d, 0.3), gaussian(r, n * d, 1));
    }

    private static double[] gaussian(Random r, int size, double scale) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = scale * r.nextGaussian();
        }
        return v;
    }

    GmmCase with(double[] alphas, double[] means, double[] qs, double[] ls) {
        return new GmmCase(n, k, d, alphas, means, qs, ls, x);
    }

    double value() {
        return Gmm.objective(n, k, d, k * d, alphas, means, qs, ls, x, gamma, m);
    }

    Gmm.Objective.Grad gradient() {
        return Gmm.objectiveGrad(n, k, d, k * d, alphas, means, qs, ls, x, gamma, m);
    }
}
