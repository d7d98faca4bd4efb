package dev.gradc.bench;

import dev.gradc.bench.handwritten.MlpByHand;
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

/**
 * {@code bench/Mlp.grad}: a 32→64→10 tanh MLP and the mean softmax cross-entropy of a batch of
 * {@value MlpData#BATCH} rows, gradient with respect to all 2,762 weights.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
@State(Scope.Thread)
public class MlpBenchmark {

    /** The parameter entries that {@link #finiteDifferencesBiases} differentiates: all of b1 and b2. */
    public static final int FD_ENTRIES = MlpByHand.HIDDEN + MlpByHand.OUT;
    /** All parameter entries: W1, b1, W2, b2. */
    public static final int ALL_ENTRIES = MlpByHand.IN * MlpByHand.HIDDEN + MlpByHand.HIDDEN
            + MlpByHand.HIDDEN * MlpByHand.OUT + MlpByHand.OUT;

    private MlpData d;
    private MlpByHand byHand;

    @Setup
    public void setUp() {
        d = MlpData.standard();
        byHand = new MlpByHand();
    }

    @Benchmark
    public double handwrittenValue() {
        return byHand.loss(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2());
    }

    /** The hand-written gradient; its result is read field by field, as {@link #generatedGradient} reads its own. */
    @Benchmark
    public void handwrittenGradient(Blackhole bh) {
        var g = byHand.lossGrad(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2());
        bh.consume(g.value());
        bh.consume(g.W1());
        bh.consume(g.b1());
        bh.consume(g.W2());
        bh.consume(g.b2());
    }

    /**
     * Central differences of the hand-written value over the biases only, {@value #FD_ENTRIES} of the
     * 2,762 parameter entries (148 evaluations): all of them would take 5,524 evaluations, about 37×
     * this, which is too long for a JMH iteration. The cost is linear in the entries differentiated.
     */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
    public double[][] finiteDifferencesBiases() {
        MlpData v = d;
        MlpByHand m = byHand;
        java.util.function.DoubleSupplier f = () -> m.loss(v.B(), v.x(), v.y(), v.W1(), v.b1(), v.W2(), v.b2());
        return new double[][] {CentralDifferences.gradient(f, v.b1()), CentralDifferences.gradient(f, v.b2())};
    }

    /** The value method gradc generated from {@code bench/Mlp.grad}. */
    @Benchmark
    public double generatedValue() {
        return bench.Mlp.loss(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2());
    }

    /**
     * The gradient method gradc generated from {@code bench/Mlp.grad}. The caller reads the value and each
     * adjoint, as an optimiser step does, rather than handing the record itself to JMH: a returned record must
     * be allocated, while one whose fields are read is removed by escape analysis once the call is inlined
     * (which only small methods are), the same for both the hand-written and the generated gradient.
     */
    @Benchmark
    public void generatedGradient(Blackhole bh) {
        var g = bench.Mlp.lossGrad(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2());
        bh.consume(g.value());
        bh.consume(g.W1());
        bh.consume(g.b1());
        bh.consume(g.W2());
        bh.consume(g.b2());
    }

    /** The same program on the runtime's define-by-run tape, as a PyTorch user would write it. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
    public double[][] tape() {
        return TapePrograms.lossGrad(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2());
    }
}
