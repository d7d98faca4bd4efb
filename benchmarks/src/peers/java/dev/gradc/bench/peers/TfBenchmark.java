package dev.gradc.bench.peers;

import dev.gradc.bench.BenchmarkJvm;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.tensorflow.Result;
import org.tensorflow.types.TFloat64;

/**
 * The TF peer benchmark of one program (a subclass per program, named {@code Tf<Program>Benchmark}):
 * {@code tfGradient} is one {@code Session.run} that feeds the prepared input tensors and fetches the
 * value and all gradients as tensors. Copying the gradients into Java arrays is not timed (the
 * generated code's result is Java arrays already), which favours TF.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
@State(Scope.Thread)
public abstract class TfBenchmark {

    private TfPeer peer;

    /** The program's name as in {@link TfPeers#standard()}. */
    protected abstract String program();

    @Setup
    public void setUp() {
        Supplier<TfPeer> build = TfPeers.standard().get(program());
        try {
            peer = build.get();
            peer.runAndCopy();
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "TF cannot differentiate this program: " + TfPeers.describe(e), e);
        }
    }

    @TearDown
    public void tearDown() {
        if (peer != null) {
            peer.close();
        }
    }

    @Benchmark
    public double tfGradient() {
        try (Result r = peer.run()) {
            return ((TFloat64) r.get(0)).getDouble();
        }
    }
}
