package dev.gradc.bench.peers;

/** TF graph mode: value and gradient of {@code bench/Mlp.grad} (see {@link TfPrograms}). */
public class TfMlpBenchmark extends TfBenchmark {

    @Override
    protected String program() {
        return "Mlp";
    }
}
