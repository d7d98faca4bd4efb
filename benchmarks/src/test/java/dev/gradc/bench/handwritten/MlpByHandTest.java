package dev.gradc.bench.handwritten;

import static dev.gradc.bench.handwritten.Agreement.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.bench.CentralDifferences;
import dev.gradc.bench.Inputs;
import dev.gradc.bench.MlpData;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class MlpByHandTest {

    private static final int IN = MlpByHand.IN;
    private static final int HIDDEN = MlpByHand.HIDDEN;
    private static final int OUT = MlpByHand.OUT;

    @Test
    void valueMatchesTheTextbookFormulas() {
        MlpData d = MlpData.standard();
        double expected = textbookLoss(d);
        double actual = new MlpByHand().loss(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2());
        assertEquals(expected, actual, 1e-12 * Math.abs(expected));
    }

    @Test
    void gradientMatchesCentralDifferencesOnEveryWeight() {
        MlpData d = MlpData.draw(new Inputs(3), 8);
        MlpByHand m = new MlpByHand();
        MlpByHand.Grad g = m.lossGrad(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2());
        DoubleSupplier f = () -> m.loss(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2());
        assertEquals(f.getAsDouble(), g.value(), 1e-14);
        assertClose(CentralDifferences.gradient(f, d.W1()), g.W1(), "W1");
        assertClose(CentralDifferences.gradient(f, d.b1()), g.b1(), "b1");
        assertClose(CentralDifferences.gradient(f, d.W2()), g.W2(), "W2");
        assertClose(CentralDifferences.gradient(f, d.b2()), g.b2(), "b2");
    }

    @Test
    void gradientOfTheBenchmarkBatchMatchesCentralDifferencesOnTheBiases() {
        MlpData d = MlpData.standard();
        MlpByHand m = new MlpByHand();
        MlpByHand.Grad g = m.lossGrad(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2());
        DoubleSupplier f = () -> m.loss(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2());
        assertClose(CentralDifferences.gradient(f, d.b1()), g.b1(), "b1");
        assertClose(CentralDifferences.gradient(f, d.b2()), g.b2(), "b2");
    }

    @Test
    void zeroOutputWeightsGiveLogTenAndAnalyticBiasGradient() {
        // z = 0 everywhere: softmax is uniform, the loss is log 10 and dL/db2 = mean over rows of (1/10 - y).
        MlpData d = MlpData.standard();
        double[] w2 = new double[HIDDEN * OUT];
        double[] b2 = new double[OUT];
        MlpByHand.Grad g = new MlpByHand().lossGrad(d.B(), d.x(), d.y(), d.W1(), d.b1(), w2, b2);
        assertEquals(Math.log(10), g.value(), 1e-15);
        for (int j = 0; j < OUT; j++) {
            double labelled = 0;
            for (int i = 0; i < d.B(); i++) {
                labelled += d.y()[i * OUT + j];
            }
            assertEquals(0.1 - labelled / d.B(), g.b2()[j], 1e-15, "b2[" + j + "]");
        }
        for (double v : g.b1()) {
            assertEquals(0.0, v);
        }
    }

    @Test
    void largeLogitsDoNotOverflow() {
        MlpData d = MlpData.standard();
        double[] b2 = d.b2().clone();
        b2[3] = 800;
        MlpByHand.Grad g = new MlpByHand().lossGrad(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), b2);
        assertTrue(Double.isFinite(g.value()), "loss " + g.value());
        for (double v : g.b2()) {
            assertTrue(Double.isFinite(v));
        }
    }

    @Test
    void rejectsAWrongLengthNamingTheParameter() {
        MlpData d = MlpData.standard();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MlpByHand().loss(d.B(), d.x(), d.y(), d.W1(), new double[3], d.W2(), d.b2()));
        assertTrue(e.getMessage().contains("'b1'"), e.getMessage());
    }

    /** The loss written out plainly, layer by layer, with Math.tanh: independent of MlpByHand's loops. */
    private static double textbookLoss(MlpData d) {
        int rows = d.B();
        double total = 0;
        for (int i = 0; i < rows; i++) {
            double[] h = new double[HIDDEN];
            for (int j = 0; j < HIDDEN; j++) {
                double s = d.b1()[j];
                for (int k = 0; k < IN; k++) {
                    s += d.x()[i * IN + k] * d.W1()[k * HIDDEN + j];
                }
                h[j] = Math.tanh(s);
            }
            double[] z = new double[OUT];
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < OUT; j++) {
                double s = d.b2()[j];
                for (int k = 0; k < HIDDEN; k++) {
                    s += h[k] * d.W2()[k * OUT + j];
                }
                z[j] = s;
                max = Math.max(max, s);
            }
            double sumExp = 0;
            double dot = 0;
            for (int j = 0; j < OUT; j++) {
                sumExp += Math.exp(z[j] - max);
                dot += z[j] * d.y()[i * OUT + j];
            }
            total += max + Math.log(sumExp) - dot;
        }
        return total / rows;
    }
}
