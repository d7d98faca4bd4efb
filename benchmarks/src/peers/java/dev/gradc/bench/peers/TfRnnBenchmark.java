package dev.gradc.bench.peers;

/** TF graph mode: value and gradient of {@code bench/Rnn.grad} (see {@link TfPrograms}). */
public class TfRnnBenchmark extends TfBenchmark {

    @Override
    protected String program() {
        return "Rnn";
    }
}
