package dev.gradc.bench.linalg;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;

/** The inputs of {@link LinalgBenchmark}, drawn from a fixed seed per size. */
final class LinalgData {

    /** Symmetric positive definite: M·Mᵀ/n + I, M uniform in [−1, 1]. */
    final double[] spd;
    /** A general well-conditioned matrix: uniform entries plus 2√n on the diagonal, rows reversed so LU pivots. */
    final double[] general;
    final DMatrixRMaj generalEjml;
    final double[] b;
    final DMatrixRMaj bEjml;
    final double[] rhs;
    final DMatrixRMaj rhsEjml;
    /** The adjoint seeds (x̄, X̄, L̄). */
    final double[] seedVector;
    final double[] seedMatrix;

    LinalgData(int n) {
        Random rnd = new Random(1000 + n);
        double[] m = uniform(rnd, n * n);
        spd = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += m[i * n + k] * m[j * n + k];
                }
                spd[i * n + j] = s / n + (i == j ? 1 : 0);
            }
        }
        double[] g = uniform(rnd, n * n);
        general = new double[n * n];
        for (int i = 0; i < n; i++) {
            g[i * n + i] += 2 * Math.sqrt(n);
            System.arraycopy(g, i * n, general, (n - 1 - i) * n, n);
        }
        generalEjml = new DMatrixRMaj(n, n, true, general);
        b = uniform(rnd, n);
        bEjml = new DMatrixRMaj(n, 1, true, b);
        rhs = uniform(rnd, n * n);
        rhsEjml = new DMatrixRMaj(n, n, true, rhs);
        seedVector = uniform(rnd, n);
        seedMatrix = uniform(rnd, n * n);
    }

    private static double[] uniform(Random rnd, int length) {
        double[] a = new double[length];
        for (int i = 0; i < length; i++) {
            a[i] = 2 * rnd.nextDouble() - 1;
        }
        return a;
    }
}
