package programs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The programs that index with int arrays, from the classes the gradc Maven plugin generated: bundle
 * adjustment (cameras and points gathered by observation indices) and k-means (the nearest centre found by
 * a loop that carries an int argmin). Gradients against analytic truth and central differences; the
 * interpreter and the tape against the generated class.
 */
class GatherProgramsTest {

    private static final int C = 3;
    private static final int P = 5;
    private static final int K = 8;

    private record Scene(double[] cams, double[] pts, int[] cam, int[] pt, double[] obs) {
    }

    /** Cameras 5 units in front of the points; observations are the projections plus a few pixels of noise. */
    private static Scene scene(long seed) {
        Random r = new Random(seed);
        double[] cams = new double[C * 6];
        for (int c = 0; c < C; c++) {
            double[] cam = {0.3 * r.nextGaussian(), 0.2 * r.nextGaussian(), 0.2 * r.nextGaussian(),
                5 + r.nextDouble(), 700 + 100 * r.nextDouble(), 0.02 * r.nextGaussian()};
            System.arraycopy(cam, 0, cams, c * 6, 6);
        }
        double[] pts = new double[P * 3];
        for (int i = 0; i < pts.length; i++) {
            pts[i] = r.nextGaussian() * 0.5;
        }
        int[] cam = new int[K];
        int[] pt = new int[K];
        double[] obs = new double[K * 2];
        for (int k = 0; k < K; k++) {
            cam[k] = r.nextInt(C);
            pt[k] = k < P ? k : r.nextInt(P);  // every point seen, some twice
            double[] pixel = BundleAdjustment.project(row(cams, cam[k], 6), row(pts, pt[k], 3));
            obs[2 * k] = pixel[0] + 3 * r.nextGaussian();
            obs[2 * k + 1] = pixel[1] + 3 * r.nextGaussian();
        }
        return new Scene(cams, pts, cam, pt, obs);
    }

    private static double[] row(double[] m, int i, int width) {
        return java.util.Arrays.copyOfRange(m, i * width, i * width + width);
    }

    @Test
    void bundleAdjustmentGradientIsTheSumOfEachObservationsJacobianTransposeTimesItsResidual() {
        Scene s = scene(3);
        BundleAdjustment.Cost.Grad g = BundleAdjustment.costGrad(C, P, K, s.cams(), s.pts(), s.cam(), s.pt(), s.obs());
        // truth from the other mode: Jᵀr, with each observation's 2×6 and 2×3 blocks from projectJacobian
        double[] cams = new double[C * 6];
        double[] pts = new double[P * 3];
        double cost = 0;
        for (int k = 0; k < K; k++) {
            BundleAdjustment.Project.Jacobian j = BundleAdjustment.projectJacobian(row(s.cams(), s.cam()[k], 6),
                    row(s.pts(), s.pt()[k], 3));
            double[] res = {j.value()[0] - s.obs()[2 * k], j.value()[1] - s.obs()[2 * k + 1]};
            cost += 0.5 * (res[0] * res[0] + res[1] * res[1]);
            for (int a = 0; a < 2; a++) {
                for (int b = 0; b < 6; b++) {
                    cams[s.cam()[k] * 6 + b] += j.c()[a][b] * res[a];
                }
                for (int b = 0; b < 3; b++) {
                    pts[s.pt()[k] * 3 + b] += j.X()[a][b] * res[a];
                }
            }
        }
        assertEquals(cost, g.value(), 1e-10 * cost);
        ArrayProgramsTest.assertClose(cams, g.cams(), 1e-10, "cams");
        ArrayProgramsTest.assertClose(pts, g.pts(), 1e-10, "pts");
    }

    @Test
    void bundleAdjustmentMatchesCentralDifferencesAndTheOtherEngines() {
        Scene s = scene(5);
        BundleAdjustment.Cost.Grad g = BundleAdjustment.costGrad(C, P, K, s.cams(), s.pts(), s.cam(), s.pt(), s.obs());
        double[] fdCams = ArrayProgramsTest.centralDifferences(s.cams(),
                c -> BundleAdjustment.cost(C, P, K, c, s.pts(), s.cam(), s.pt(), s.obs()));
        double[] fdPts = ArrayProgramsTest.centralDifferences(s.pts(),
                p -> BundleAdjustment.cost(C, P, K, s.cams(), p, s.cam(), s.pt(), s.obs()));
        ArrayProgramsTest.assertClose(fdCams, g.cams(), 1e-6, "cams against central differences");
        ArrayProgramsTest.assertClose(fdPts, g.pts(), 1e-6, "pts against central differences");
        OtherEngines engines = new OtherEngines("bundle_adjustment.grad");
        Object[] args = {new OtherEngines.Real(s.cams(), C, 6), new OtherEngines.Real(s.pts(), P, 3), s.cam(), s.pt(),
            new OtherEngines.Real(s.obs(), K, 2)};
        Map<String, Integer> sizes = Map.of("C", C, "P", P, "K", K);
        for (OtherEngines.Answer a : new OtherEngines.Answer[] {engines.interpreter("cost", sizes, args),
            engines.tape("cost", sizes, args)}) {
            assertEquals(g.value(), a.value(), 1e-12 * g.value());
            ArrayProgramsTest.assertClose(g.cams(), a.gradient().get("cams"), 1e-12, "cams");
            ArrayProgramsTest.assertClose(g.pts(), a.gradient().get("pts"), 1e-12, "pts");
        }
    }

    @Test
    void theJacobianOfOneObservationMatchesCentralDifferences() {
        double[] c = {0.1, 0.2, -0.1, 5, 800, 0.01};
        double[] x = {0.5, 0.2, 1};
        BundleAdjustment.Project.Jacobian j = BundleAdjustment.projectJacobian(c, x);
        for (int a = 0; a < 2; a++) {
            int out = a;
            double[] dc = ArrayProgramsTest.centralDifferences(c, p -> BundleAdjustment.project(p, x)[out]);
            double[] dx = ArrayProgramsTest.centralDifferences(x, p -> BundleAdjustment.project(c, p)[out]);
            ArrayProgramsTest.assertClose(dc, j.c()[a], 1e-7, "row " + a + " of the camera block");
            ArrayProgramsTest.assertClose(dx, j.X()[a], 1e-7, "row " + a + " of the point block");
        }
    }

    @Test
    void kMeansGradientIsTwiceTheOffsetsFromTheNearestPointsInEveryEngine() {
        int n = 40;
        int k = 4;
        int d = 3;
        Random r = new Random(9);
        double[] x = new double[n * d];
        double[] centres = new double[k * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian() + (i / d % k) * 2;  // k loose clusters
        }
        for (int i = 0; i < centres.length; i++) {
            centres[i] = r.nextGaussian() + (i / d) * 2;
        }
        double[] truth = new double[k * d];
        double cost = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            double nearest = Double.POSITIVE_INFINITY;
            for (int c = 0; c < k; c++) {
                double dist = 0;
                for (int j = 0; j < d; j++) {
                    double e = x[i * d + j] - centres[c * d + j];
                    dist += e * e;
                }
                if (dist < nearest) {
                    nearest = dist;
                    best = c;
                }
            }
            cost += nearest;
            for (int j = 0; j < d; j++) {
                truth[best * d + j] += 2 * (centres[best * d + j] - x[i * d + j]);
            }
        }
        KMeansArgmin.Cost.Grad g = KMeansArgmin.costGrad(n, k, d, x, centres);
        assertEquals(cost, g.value(), 1e-12 * cost);
        ArrayProgramsTest.assertClose(truth, g.centres(), 1e-12, "centres");
        double[] fd = ArrayProgramsTest.centralDifferences(centres, c -> KMeansArgmin.cost(n, k, d, x, c));
        ArrayProgramsTest.assertClose(fd, g.centres(), 1e-6, "centres against central differences");
        OtherEngines engines = new OtherEngines("kmeans_argmin.grad");
        Object[] args = {new OtherEngines.Real(x, n, d), new OtherEngines.Real(centres, k, d)};
        Map<String, Integer> sizes = Map.of("N", n, "K", k, "D", d);
        for (OtherEngines.Answer a : new OtherEngines.Answer[] {engines.interpreter("cost", sizes, args),
            engines.tape("cost", sizes, args)}) {
            assertEquals(g.value(), a.value(), 1e-12 * g.value());
            ArrayProgramsTest.assertClose(g.centres(), a.gradient().get("centres"), 1e-12, "centres");
        }
    }
}
