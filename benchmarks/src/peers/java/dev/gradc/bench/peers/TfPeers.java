package dev.gradc.bench.peers;

import dev.gradc.bench.MlpData;
import dev.gradc.bench.RnnData;
import dev.gradc.bench.ScalarData;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The six TF peers with the benchmarks' inputs, by program name, and the probe that {@code Ratios}
 * calls to learn which programs TF cannot differentiate.
 */
public final class TfPeers {

    private TfPeers() {
    }

    /** A builder of each program's peer on the benchmarks' standard inputs, in the order of the tables. */
    public static Map<String, Supplier<TfPeer>> standard() {
        Map<String, Supplier<TfPeer>> peers = new LinkedHashMap<>();
        peers.put("Poly", () -> TfPrograms.poly(ScalarData.polyX()));
        peers.put("Chain", () -> TfPrograms.chain(ScalarData.chainArgs()));
        peers.put("LogSin", () -> TfPrograms.logsin(ScalarData.logsinX()));
        peers.put("ControlFlow", () -> TfPrograms.controlFlow(ScalarData.controlFlowA()));
        peers.put("Mlp", () -> TfPrograms.mlp(MlpData.standard()));
        peers.put("Rnn", () -> TfPrograms.rnn(RnnData.standard()));
        return peers;
    }

    /**
     * Builds, differentiates and runs each program once; returns program → TF's error for those that
     * fail, so that the benchmark run can leave them out and the table say why.
     */
    public static Map<String, String> unsupportedPrograms() {
        Map<String, String> unsupported = new LinkedHashMap<>();
        for (Map.Entry<String, Supplier<TfPeer>> e : standard().entrySet()) {
            try (TfPeer peer = e.getValue().get()) {
                peer.runAndCopy();
            } catch (RuntimeException | LinkageError failure) {
                String why = describe(failure);
                if (e.getKey().equals("ControlFlow")) {
                    why += " — and with tf.where in place of tf.cond: " + tryWithSelect();
                }
                unsupported.put(e.getKey(), why);
            }
        }
        return unsupported;
    }

    /** Whether the control-flow program differentiates once its cond is a Select: TF's while loop alone. */
    private static String tryWithSelect() {
        try (TfPeer peer = TfPrograms.controlFlowWithSelect(ScalarData.controlFlowA())) {
            peer.runAndCopy();
            return "differentiates";
        } catch (RuntimeException | LinkageError failure) {
            return describe(failure);
        }
    }

    /** The exception's class and message, one line. */
    static String describe(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage().strip().replaceAll("\\s+", " ");
        return t.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
