package dev.gradc.bench.handwritten;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.bench.CentralDifferences;
import dev.gradc.bench.GmmData;
import dev.gradc.bench.Inputs;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The hand-written GMM against ADBench's definition written as plain loops (a full Q_k matrix, a separate
 * log-sum-exp), its gradient against central differences of its own value, and the code gradc generated
 * from {@code bench/Gmm.grad} against it on the benchmark's own inputs, to 1e-12.
 */
class GmmByHandTest {

    @Test
    void valueIsTheTextbookObjective() {
        GmmData g = GmmData.draw(new Inputs(3), 9, 4, 5);
        double expected = textbook(g, 1.5, 0.5);
        double got = new GmmByHand(4, 5).objective(9, g.alphas(), g.means(), g.qs(), g.ls(), g.x(), 1.5, 0.5);
        assertEquals(expected, got, 1e-12 * Math.abs(expected));
    }

    @Test
    void gradientMatchesCentralDifferencesOnEveryEntry() {
        for (int d : new int[] {2, 7}) {
            GmmData g = GmmData.draw(new Inputs(10 + d), 11, 3, d);
            GmmByHand h = new GmmByHand(3, d);
            GmmByHand.Grad grad = h.objectiveGrad(11, g.alphas(), g.means(), g.qs(), g.ls(), g.x(), 1.5, 0.5);
            DoubleSupplier f = () -> h.objective(11, g.alphas(), g.means(), g.qs(), g.ls(), g.x(), 1.5, 0.5);
            assertEquals(f.getAsDouble(), grad.value(), 1e-12 * Math.abs(grad.value()));
            double[][] got = {grad.alphas(), grad.means(), grad.qs(), grad.ls()};
            double[][] at = {g.alphas(), g.means(), g.qs(), g.ls()};
            for (int p = 0; p < at.length; p++) {
                double[] fd = CentralDifferences.gradient(f, at[p]);
                for (int i = 0; i < fd.length; i++) {
                    assertEquals(fd[i], got[p][i], 1e-6 * Math.max(1, Math.abs(fd[i])), "d = " + d + ", part " + p + "[" + i + "]");
                }
            }
        }
    }

    @Test
    void generatedCodeAgreesWithTheHandWrittenOne() {
        GmmData g = GmmData.standard();
        GmmByHand.Grad want = new GmmByHand(g.k(), g.d()).objectiveGrad(g.n(), g.alphas(), g.means(), g.qs(), g.ls(),
                g.x(), g.gamma(), g.m());
        int kd = g.k() * g.d();
        double value = bench.Gmm.objective(g.n(), g.k(), g.d(), kd, g.alphas(), g.means(), g.qs(), g.ls(), g.x(),
                g.gamma(), g.m());
        assertEquals(want.value(), value, 1e-12 * Math.abs(want.value()));
        var got = bench.Gmm.objectiveGrad(g.n(), g.k(), g.d(), kd, g.alphas(), g.means(), g.qs(), g.ls(), g.x(),
                g.gamma(), g.m());
        assertEquals(want.value(), got.value(), 1e-12 * Math.abs(want.value()));
        close(want.alphas(), got.alphas(), "alphas");
        close(want.means(), got.means(), "means");
        close(want.qs(), got.qs(), "qs");
        close(want.ls(), got.ls(), "ls");
    }

    /** Every entry within 1e-12 of the largest entry of {@code expected} (the two sum in different orders). */
    private static void close(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12 * scale, what + "[" + i + "]");
        }
    }

    /** ADBench's objective with Q_k as a full matrix and the terms as written in its definition. */
    private static double textbook(GmmData g, double gamma, double m) {
        int n = g.n();
        int k = g.k();
        int d = g.d();
        double total = 0;
        for (int i = 0; i < n; i++) {
            double[] logits = new double[k];
            for (int c = 0; c < k; c++) {
                double[][] q = new double[d][d];
                double sumQ = 0;
                for (int r = 0; r < d; r++) {
                    q[r][r] = Math.exp(g.qs()[c * d + r]);
                    sumQ += g.qs()[c * d + r];
                    for (int j = 0; j < r; j++) {
                        q[r][j] = g.ls()[(c * d + r) * d + j];
                    }
                }
                double sq = 0;
                for (int r = 0; r < d; r++) {
                    double s = 0;
                    for (int j = 0; j < d; j++) {
                        s += q[r][j] * (g.x()[i * d + j] - g.means()[c * d + j]);
                    }
                    sq += s * s;
                }
                logits[c] = g.alphas()[c] + sumQ - 0.5 * sq;
            }
            total += Math.log(sumExp(logits));
        }
        double prior = 0;
        for (int c = 0; c < k; c++) {
            for (int r = 0; r < d; r++) {
                prior += 0.5 * gamma * gamma * Math.exp(2 * g.qs()[c * d + r]) - m * g.qs()[c * d + r];
                for (int j = 0; j < r; j++) {
                    prior += 0.5 * gamma * gamma * Math.pow(g.ls()[(c * d + r) * d + j], 2);
                }
            }
        }
        return total - n * Math.log(sumExp(g.alphas())) + prior - 0.5 * n * d * Math.log(2 * Math.PI);
    }

    private static double sumExp(double[] v) {
        double s = 0;
        for (double x : v) {
            s += Math.exp(x);
        }
        return s;
    }
}
