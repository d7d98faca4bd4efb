package springs;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;

/**
 * The damped mass–spring chain of {@code chain.grad} at full size: 1,000 masses, integrated until the energy
 * has fallen by e⁶ (about 300,000 trips), its final probe displacement differentiated with respect to the
 * stiffness and the damping by the generated, checkpointed gradient. Prints the trips, the gradient, the
 * time and the peak heap in use, next to what storing every state would keep.
 *
 * <p>{@code mvn -pl examples compile exec:java -Dexec.mainClass=springs.SpringChain} (the default JVM heap
 * is enough; {@code MAVEN_OPTS=-Xmx256m} shows how little is needed).
 */
public final class SpringChain {

    private SpringChain() {
    }

    /** The chain's inputs: initial displacement, mode eigenvalues, the mode matrix and a probe. */
    record Setup(int n, double[] x0, double[] lambda, double[] s, double[] probe) {

        static Setup of(int n) {
            double[] x0 = new double[n];
            double[] lambda = new double[n];
            double[] s = new double[n * n];
            double[] probe = new double[n];
            double scale = Math.sqrt(2.0 / (n + 1));
            for (int i = 0; i < n; i++) {
                // a bump in the first third of the chain
                double u = (i + 1.0) / (n + 1);
                x0[i] = u < 1.0 / 3 ? Math.sin(3 * Math.PI * u) : 0;
                double half = Math.sin((i + 1) * Math.PI / (2.0 * (n + 1)));
                lambda[i] = 4 * half * half;
                for (int j = 0; j < n; j++) {
                    s[i * n + j] = scale * Math.sin((i + 1) * (j + 1) * Math.PI / (n + 1));
                }
            }
            probe[(2 * n) / 3] = 1;
            return new Setup(n, x0, lambda, s, probe);
        }

        double initialEnergy(double k) {
            // ½ k Σ (x[i+1] − x[i])², walls at both ends
            double e = 0;
            for (int i = 0; i <= n; i++) {
                double left = i == 0 ? 0 : x0[i - 1];
                double right = i == n ? 0 : x0[i];
                e += (right - left) * (right - left);
            }
            return 0.5 * k * e;
        }

        Chain.Settle.Grad gradient(double k, double c, double dt, double stop) {
            return Chain.settleGrad(n, x0, lambda, s, probe, k, c, dt, stop);
        }
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        double k = 1;
        double c = 0.002;
        double dt = 0.01;
        Setup chain = Setup.of(n);
        double stop = chain.initialEnergy(k) * Math.exp(-6);
        long trips = Trips.of(chain, k, c, dt, stop);
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long start = System.nanoTime();
        Chain.Settle.Grad g = chain.gradient(k, c, dt, stop);
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        double storeAll = trips * (2.0 * n + 1) * 8;
        System.out.printf("%d masses, %d trips (energy down by e^6)%n", n, trips);
        System.out.printf("probe displacement %.12g; d/dk %.12g, d/dc %.12g%n", g.value(), g.k(), g.c());
        System.out.printf("gradient in %.1f s; peak heap in use %.0f MB (max heap %d MB); storing every state would"
                + " keep %.1f GB%n", seconds, peak / 1e6, Runtime.getRuntime().maxMemory() / (1 << 20), storeAll / 1e9);
    }
}
