package dev.gradc.bench.peers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.bench.MlpData;
import dev.gradc.bench.RnnData;
import dev.gradc.bench.ScalarData;
import dev.gradc.bench.handwritten.ChainByHand;
import dev.gradc.bench.handwritten.ControlFlowByHand;
import dev.gradc.bench.handwritten.LogSinByHand;
import dev.gradc.bench.handwritten.MlpByHand;
import dev.gradc.bench.handwritten.PolyByHand;
import dev.gradc.bench.handwritten.RnnByHand;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The TF peers compute what the hand-written code computes: the peer is the same program. */
class TfProgramsTest {

    private static final double TOLERANCE = 1e-9;

    @Test
    void polyAgreesWithTheHandWrittenGradient() {
        double x = ScalarData.polyX();
        PolyByHand.Grad expected = PolyByHand.polyGrad(x);
        assertAgree(new double[][] {{expected.value()}, {expected.x()}}, run(TfPrograms.poly(x)));
    }

    @Test
    void chainAgreesWithTheHandWrittenGradient() {
        double[] p = ScalarData.chainArgs();
        ChainByHand.Grad e = ChainByHand.chainGrad(p[0], p[1], p[2], p[3]);
        assertAgree(new double[][] {{e.value()}, {e.w()}, {e.x()}, {e.y()}, {e.z()}}, run(TfPrograms.chain(p)));
    }

    @Test
    void logsinAgreesWithTheHandWrittenGradient() {
        double x = ScalarData.logsinX();
        LogSinByHand.Grad e = LogSinByHand.logsinGrad(x);
        assertAgree(new double[][] {{e.value()}, {e.x()}}, run(TfPrograms.logsin(x)));
    }

    @Test
    void mlpAgreesWithTheHandWrittenGradient() {
        MlpData d = MlpData.standard();
        MlpByHand.Grad e = new MlpByHand().lossGrad(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2());
        assertAgree(new double[][] {{e.value()}, e.W1(), e.b1(), e.W2(), e.b2()}, run(TfPrograms.mlp(d)));
    }

    @Test
    void rnnAgreesWithTheHandWrittenGradient() {
        RnnData d = RnnData.standard();
        RnnByHand.Grad e = new RnnByHand().rnnGrad(d.W(), d.h0(), d.x());
        assertAgree(new double[][] {{e.value()}, e.W(), e.h0()}, run(TfPrograms.rnn(d)));
    }

    @Test
    void controlFlowAgreesOrIsReportedAsUnsupported() {
        Map<String, String> unsupported = TfPeers.unsupportedPrograms();
        assertFalse(unsupported.containsKey("Poly"), unsupported::toString);
        assertFalse(unsupported.containsKey("Mlp"), unsupported::toString);
        if (unsupported.containsKey("ControlFlow")) {
            assertFalse(unsupported.get("ControlFlow").isBlank());
            return;
        }
        for (double a : new double[] {ScalarData.controlFlowA(), -0.7, 3.3, 600}) {
            ControlFlowByHand.Grad e = ControlFlowByHand.fGrad(a);
            assertAgree(new double[][] {{e.value()}, {e.a()}}, run(TfPrograms.controlFlow(a)));
        }
    }

    private static double[][] run(TfPeer peer) {
        try (peer) {
            return peer.runAndCopy();
        }
    }

    /** Same shapes; every entry within 1e-9 of the largest entry of its array. */
    private static void assertAgree(double[][] expected, double[][] actual) {
        assertEquals(expected.length, actual.length, "number of fetched outputs");
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k].length, actual[k].length, "length of output " + k);
            double scale = 0;
            for (double v : expected[k]) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < expected[k].length; i++) {
                double error = Math.abs(expected[k][i] - actual[k][i]);
                assertTrue(error <= TOLERANCE * Math.max(scale, 1e-300),
                        "output " + k + " entry " + i + ": TF " + actual[k][i] + ", hand-written " + expected[k][i]);
            }
        }
    }
}
