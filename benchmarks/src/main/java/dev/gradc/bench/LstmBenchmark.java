package dev.gradc.bench;

import dev.gradc.bench.handwritten.LstmByHand;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code bench/Lstm.grad}: a 2-layer LSTM of 16 units over 1,024 steps, layer states rows of one carried
 * matrix; gradient with respect to Wx, Wh and b (4,224 entries). {@code generated...} run the generic class
 * {@code bench.Lstm} (sizes are {@code int} parameters), {@code specialised...} the class {@code bench.LstmFixed}
 * compiled from the same file with the sizes bound to this benchmark's (the module's pom), as the hand-written
 * code has them as constants.
 * The {@code ...DefaultJvm} methods run the same gradients in a JVM without options (default collector and
 * heap, no pre-touch), as a user's program runs; {@link dev.gradc.bench.ratios.Ratios} runs them in a round of
 * their own, without {@link BenchmarkJvm}'s options.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
@State(Scope.Thread)
public class LstmBenchmark extends ProgramBenchmark {

    private ProgramInputs.Lstm d;
    private LstmByHand byHand;

    @Setup
    public void setUp() {
        d = ProgramInputs.lstm();
        byHand = new LstmByHand();
    }

    @Benchmark
    public double handwrittenValue() {
        return byHand.loss(d.Wx(), d.Wh(), d.b(), d.state0(), d.xs());
    }

    /** The hand-written gradient; its result is read field by field, as {@link #generatedGradient} reads its own. */
    @Benchmark
    public void handwrittenGradient(Blackhole bh) {
        var g = byHand.lossGrad(d.Wx(), d.Wh(), d.b(), d.state0(), d.xs());
        bh.consume(g.value());
        bh.consume(g.Wx());
        bh.consume(g.Wh());
        bh.consume(g.b());
    }

    /** The value method gradc generated from {@code bench/Lstm.grad}. */
    @Benchmark
    public double generatedValue() {
        return bench.Lstm.loss(LstmByHand.G, LstmByHand.LAYERS, LstmByHand.H, LstmByHand.T, d.Wx(), d.Wh(), d.b(),
                d.state0(), d.xs());
    }

    /** The gradient method gradc generated from {@code bench/Lstm.grad}. */
    @Benchmark
    public void generatedGradient(Blackhole bh) {
        var g = bench.Lstm.lossGrad(LstmByHand.G, LstmByHand.LAYERS, LstmByHand.H, LstmByHand.T, d.Wx(), d.Wh(),
                d.b(), d.state0(), d.xs());
        bh.consume(g.value());
        bh.consume(g.Wx());
        bh.consume(g.Wh());
        bh.consume(g.b());
    }

    /**
     * The value method of {@code bench.LstmFixed}: the same program compiled with its sizes bound to this
     * benchmark's ({@code --size G=128 --size L=2 --size H=16 --size T=1024}), as the hand-written code has them.
     */
    @Benchmark
    public double specialisedValue() {
        return bench.LstmFixed.loss(LstmByHand.G, LstmByHand.LAYERS, LstmByHand.H, LstmByHand.T, d.Wx(), d.Wh(),
                d.b(), d.state0(), d.xs());
    }

    /** The gradient method of {@code bench.LstmFixed}, read as {@link #generatedGradient} reads its own. */
    @Benchmark
    public void specialisedGradient(Blackhole bh) {
        var g = bench.LstmFixed.lossGrad(LstmByHand.G, LstmByHand.LAYERS, LstmByHand.H, LstmByHand.T, d.Wx(), d.Wh(),
                d.b(), d.state0(), d.xs());
        bh.consume(g.value());
        bh.consume(g.Wx());
        bh.consume(g.Wh());
        bh.consume(g.b());
    }

    /** {@link #specialisedGradient} in a JVM without options. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = BenchmarkJvm.DEFAULT)
    public void specialisedGradientDefaultJvm(Blackhole bh) {
        specialisedGradient(bh);
    }
}
