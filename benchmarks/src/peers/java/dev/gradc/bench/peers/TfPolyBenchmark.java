package dev.gradc.bench.peers;

/** TF graph mode: value and gradient of {@code bench/Poly.grad} (see {@link TfPrograms}). */
public class TfPolyBenchmark extends TfBenchmark {

    @Override
    protected String program() {
        return "Poly";
    }
}
