package dev.gradc.bench.peers;

/** TF graph mode: value and gradient of {@code bench/Chain.grad} (see {@link TfPrograms}). */
public class TfChainBenchmark extends TfBenchmark {

    @Override
    protected String program() {
        return "Chain";
    }
}
