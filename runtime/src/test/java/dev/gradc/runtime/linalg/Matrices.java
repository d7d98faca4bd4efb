package dev.gradc.runtime.linalg;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import java.util.function.ToDoubleFunction;

/** Random test matrices, central differences and tolerant comparisons for the linear-algebra tests. */
final class Matrices {

    static final double H = 1e-6;

    private Matrices() {
    }

    static double[] random(Random rnd, int length) {
        double[] a = new double[length];
        for (int i = 0; i < length; i++) {
            a[i] = 2 * rnd.nextDouble() - 1;
        }
        return a;
    }

    /** M·Mᵀ/n + I: symmetric positive definite with eigenvalues in [1, about 5]. */
    static double[] spd(Random rnd, int n) {
        double[] m = random(rnd, n * n);
        double[] a = Dense.timesTransposed(m, n, m, n, n);
        for (int i = 0; i < a.length; i++) {
            a[i] /= Math.max(1, n);
        }
        for (int i = 0; i < n; i++) {
            a[i * n + i] += 1;
        }
        return a;
    }

    /** A well-conditioned matrix whose rows are shuffled, so that elimination has to pivot. */
    static double[] wellConditioned(Random rnd, int n) {
        double[] r = random(rnd, n * n);
        for (int i = 0; i < n; i++) {
            r[i * n + i] += i % 2 == 0 ? 3 : -3;
        }
        double[] a = new double[n * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(r, i * n, a, ((i * 7 + 3) % n) * n, n);
        }
        return n > 0 && gcd(7, n) == 1 ? a : r;
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** A lower triangular matrix with diagonal entries of magnitude in [1, 2]. */
    static double[] lowerTriangular(Random rnd, int n) {
        double[] l = Dense.lower(random(rnd, n * n), n);
        for (int i = 0; i < n; i++) {
            l[i * n + i] = (1 + rnd.nextDouble()) * (i % 3 == 0 ? -1 : 1);
        }
        return l;
    }

    /** ∇f(x) by central differences. */
    static double[] gradient(ToDoubleFunction<double[]> f, double[] x) {
        double[] g = new double[x.length];
        double[] p = x.clone();
        for (int i = 0; i < x.length; i++) {
            p[i] = x[i] + H;
            double up = f.applyAsDouble(p);
            p[i] = x[i] - H;
            double down = f.applyAsDouble(p);
            p[i] = x[i];
            g[i] = (up - down) / (2 * H);
        }
        return g;
    }

    /** The directional derivative of each output of f along dx, by central differences. */
    static double[] directional(java.util.function.Function<double[], double[]> f, double[] x, double[] dx) {
        double[] up = f.apply(axpy(H, dx, x));
        double[] down = f.apply(axpy(-H, dx, x));
        double[] d = new double[up.length];
        for (int i = 0; i < d.length; i++) {
            d[i] = (up[i] - down[i]) / (2 * H);
        }
        return d;
    }

    static double[] axpy(double s, double[] x, double[] y) {
        double[] r = y.clone();
        for (int i = 0; i < r.length; i++) {
            r[i] += s * x[i];
        }
        return r;
    }

    static double inner(double[] a, double[] b) {
        assertEquals(a.length, b.length, "lengths");
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** Asserts |expected − actual| ≤ tolerance·max(1, |expected|) entry by entry. */
    static void assertClose(double[] expected, double[] actual, double tolerance) {
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            double scale = Math.max(1, Math.abs(expected[i]));
            assertEquals(expected[i], actual[i], tolerance * scale, "entry " + i);
        }
    }

    static void assertClose(double expected, double actual, double tolerance) {
        assertEquals(expected, actual, tolerance * Math.max(1, Math.abs(expected)));
    }
}
