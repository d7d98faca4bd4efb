package programs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The programs that use derivatives inside themselves, from the classes the gradc Maven plugin generated:
 * closed forms where the mathematics gives one, central differences otherwise.
 */
class NestedProgramsTest {

    @Test
    void saddlePointAndItsSensitivityToTheGame() {
        for (double[] ab : new double[][] {{0.6, -0.4}, {-1.2, 0.3}, {2, 1}}) {
            double a = ab[0];
            double b = ab[1];
            assertEquals((b - a) / 2, Saddle.saddle(a, b), 1e-9);
            Saddle.SaddleFn.Grad g = Saddle.saddleGrad(a, b);
            assertEquals(-0.5, g.a(), 1e-9);
            assertEquals(0.5, g.b(), 1e-9);
        }
    }

    @Test
    void newtonDrivesTheChargedParticlesMissToZero() {
        double target = 3;
        double u = ChargedParticle.aim(1, target);
        assertEquals(0, ChargedParticle.miss(u, target), 1e-9);
        // the derivative through the loop (and the potential's gradient inside it) against central differences
        double h = 1e-6;
        for (double at : new double[] {0.5, 1, u}) {
            double fd = (ChargedParticle.miss(at + h, target) - ChargedParticle.miss(at - h, target)) / (2 * h);
            assertEquals(fd, ChargedParticle.missGrad(at, target).u(), 1e-6);
        }
        // reverse over Newton's forward-mode steps: d aim / d target is 1 / miss'(u) at the solution
        double slope = ChargedParticle.missGrad(u, target).u();
        assertEquals(1 / slope, ChargedParticle.aimGrad(1, target).target(), 1e-6);
        // reverse over reverse: Newton's steps with miss' by reverse mode, differentiated in reverse mode
        assertEquals(u, ChargedParticle.aimReverse(1, target), 1e-12);
        ChargedParticle.AimReverse.Grad r = ChargedParticle.aimReverseGrad(1, target);
        assertEquals(1 / slope, r.target(), 1e-6);
        assertEquals(0, r.u0(), 1e-9, "Newton's answer does not depend on its first guess");
        double fd = (ChargedParticle.aimReverse(1, target + 1e-5) - ChargedParticle.aimReverse(1, target - 1e-5)) / 2e-5;
        assertEquals(fd, r.target(), 1e-6);
    }

    @Test
    void kMeansNewtonStepWithHvpLandsOnTheCentroids() {
        int n = 6;
        int k = 2;
        int d = 3;
        double[] x = {1, 2, 0, 3, 4, 1, 5, 7, 2, 0, 1, -1, 2, 2, 2, -3, 0, 4};
        double[] a = {1, 0, 0, 1, 0, 1, 1, 0, 1, 0, 1, 0};
        double[] c = {0.5, -1, 2, 1, 1, 1};
        double[] centroids = new double[k * d];
        double[] counts = new double[k];
        for (int p = 0; p < n; p++) {
            for (int j = 0; j < k; j++) {
                counts[j] += a[p * k + j];
                for (int e = 0; e < d; e++) {
                    centroids[j * d + e] += a[p * k + j] * x[p * d + e];
                }
            }
        }
        for (int j = 0; j < k; j++) {
            for (int e = 0; e < d; e++) {
                centroids[j * d + e] /= counts[j];
            }
        }
        assertArrayEquals(centroids, KMeans.newton(n, k, d, c, x, a), 1e-12);
        // the Hessian is diagonal, 2 × count of each centre: H·v for any v is that times v
        double[] v = {1, -2, 0.5, 3, 0, -1};
        double[] hv = KMeans.lossHvp(n, k, d, c, x, a, v).CHvp();
        for (int j = 0; j < k; j++) {
            for (int e = 0; e < d; e++) {
                assertEquals(2 * counts[j] * v[j * d + e], hv[j * d + e], 1e-12);
            }
        }
        assertTrue(counts[0] != counts[1], "the two centres have different counts, so the diagonal is not uniform");
    }
}
