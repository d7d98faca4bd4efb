package dev.gradc.bench.peers;

/** TF graph mode: value and gradient of {@code bench/LogSin.grad} (see {@link TfPrograms}). */
public class TfLogSinBenchmark extends TfBenchmark {

    @Override
    protected String program() {
        return "LogSin";
    }
}
