package dev.gradc.bench.peers;

/** TF graph mode: value and gradient of {@code bench/ControlFlow.grad} (see {@link TfPrograms}). */
public class TfControlFlowBenchmark extends TfBenchmark {

    @Override
    protected String program() {
        return "ControlFlow";
    }
}
