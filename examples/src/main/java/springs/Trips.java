package springs;

/**
 * The chain of {@code chain.grad} written by hand in its own coordinates (neighbour differences, no modes):
 * the independent check of the generated code's value, and its trip count.
 */
final class Trips {

    private Trips() {
    }

    /** The final probe displacement and the trips, simulating masses and springs directly. */
    static double[] simulate(SpringChain.Setup s, double k, double c, double dt, double stop) {
        int n = s.n();
        double[] x = s.x0().clone();
        double[] v = new double[n];
        double e = s.initialEnergy(k);
        long trips = 0;
        while (e > stop) {
            for (int i = 0; i < n; i++) {
                double left = i == 0 ? 0 : x[i - 1];
                double right = i == n - 1 ? 0 : x[i + 1];
                v[i] = v[i] - dt * (k * (2 * x[i] - left - right) + c * v[i]);
            }
            double kinetic = 0;
            for (int i = 0; i < n; i++) {
                x[i] = x[i] + dt * v[i];
                kinetic += v[i] * v[i];
            }
            double springs = 0;
            for (int i = 0; i <= n; i++) {
                double left = i == 0 ? 0 : x[i - 1];
                double right = i == n ? 0 : x[i];
                springs += (right - left) * (right - left);
            }
            e = 0.5 * kinetic + 0.5 * k * springs;
            trips++;
        }
        double probe = 0;
        for (int i = 0; i < n; i++) {
            probe += x[i] * s.probe()[i];
        }
        return new double[] {probe, trips};
    }

    static long of(SpringChain.Setup s, double k, double c, double dt, double stop) {
        return (long) simulate(s, k, c, dt, stop)[1];
    }
}
