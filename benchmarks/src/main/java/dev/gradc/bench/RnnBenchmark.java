package dev.gradc.bench;

import dev.gradc.bench.handwritten.RnnByHand;
import dev.gradc.bench.tape.TapePrograms;
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

/** {@code bench/Rnn.grad}: 100 steps of {@code h = tanh(W h + x)}, n = 16, gradient w.r.t. W and h0. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
@State(Scope.Thread)
public class RnnBenchmark {

    private RnnData d;
    private RnnByHand byHand;

    @Setup
    public void setUp() {
        d = RnnData.standard();
        byHand = new RnnByHand();
    }

    @Benchmark
    public double handwrittenValue() {
        return byHand.rnn(d.W(), d.h0(), d.x());
    }

    /** The hand-written gradient; its result is read field by field, as {@link #generatedGradient} reads its own. */
    @Benchmark
    public void handwrittenGradient(Blackhole bh) {
        var g = byHand.rnnGrad(d.W(), d.h0(), d.x());
        bh.consume(g.value());
        bh.consume(g.W());
        bh.consume(g.h0());
    }

    /** Central differences of the hand-written value over all 272 entries of W and h0: 544 evaluations. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
    public double[][] finiteDifferences() {
        RnnData v = d;
        RnnByHand r = byHand;
        java.util.function.DoubleSupplier f = () -> r.rnn(v.W(), v.h0(), v.x());
        return new double[][] {CentralDifferences.gradient(f, v.W()), CentralDifferences.gradient(f, v.h0())};
    }

    /** The value method gradc generated from {@code bench/Rnn.grad}. */
    @Benchmark
    public double generatedValue() {
        return bench.Rnn.rnn(d.W(), d.h0(), d.x());
    }

    /**
     * The gradient method gradc generated from {@code bench/Rnn.grad}. The caller reads the value and each
     * adjoint, as an optimiser step does, rather than handing the record itself to JMH: a returned record must
     * be allocated, while one whose fields are read is removed by escape analysis once the call is inlined
     * (which only small methods are), the same for both the hand-written and the generated gradient.
     */
    @Benchmark
    public void generatedGradient(Blackhole bh) {
        var g = bench.Rnn.rnnGrad(d.W(), d.h0(), d.x());
        bh.consume(g.value());
        bh.consume(g.W());
        bh.consume(g.h0());
    }

    /**
     * The Hessian-vector product gradc generated from {@code bench/RnnHvp.grad} (the same program with
     * {@code @hvp(W, h0)}: forward over reverse), in the direction (W, h0) itself; its cost over
     * {@link #generatedGradient}'s is the hvp/gradient ratio.
     */
    @Benchmark
    public void generatedHvp(Blackhole bh) {
        var g = bench.RnnHvp.rnnHvp(d.W(), d.h0(), d.x(), d.W(), d.h0());
        bh.consume(g.value());
        bh.consume(g.WHvp());
        bh.consume(g.h0Hvp());
    }

    /** The same program on the runtime's define-by-run tape, as a PyTorch user would write it. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
    public double[][] tape() {
        return TapePrograms.rnnGrad(d.W(), d.h0(), d.x());
    }
}
