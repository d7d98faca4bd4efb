package dev.gradc.bench;

import dev.gradc.bench.handwritten.ChainByHand;
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

/** {@code bench/Chain.grad}: the multi-path chain rule over four scalar inputs. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
@State(Scope.Thread)
public class ChainBenchmark {

    private double w;
    private double x;
    private double y;
    private double z;
    private double[] args;

    @Setup
    public void setUp() {
        args = ScalarData.chainArgs();
        w = args[0];
        x = args[1];
        y = args[2];
        z = args[3];
    }

    @Benchmark
    public double handwrittenValue() {
        return ChainByHand.chain(w, x, y, z);
    }

    /** The hand-written gradient; its result is read field by field, as {@link #generatedGradient} reads its own. */
    @Benchmark
    public void handwrittenGradient(Blackhole bh) {
        var g = ChainByHand.chainGrad(w, x, y, z);
        bh.consume(g.value());
        bh.consume(g.w());
        bh.consume(g.x());
        bh.consume(g.y());
        bh.consume(g.z());
    }

    /** Central differences of the hand-written value over all 4 inputs: 8 evaluations. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
    public double[] finiteDifferences() {
        double[] p = args;
        return CentralDifferences.gradient(() -> ChainByHand.chain(p[0], p[1], p[2], p[3]), p);
    }

    /** The value method gradc generated from {@code bench/Chain.grad}. */
    @Benchmark
    public double generatedValue() {
        return bench.Chain.chain(w, x, y, z);
    }

    /**
     * The gradient method gradc generated from {@code bench/Chain.grad}. The caller reads the value and each
     * adjoint, as an optimiser step does, rather than handing the record itself to JMH: a returned record must
     * be allocated, while one whose fields are read is removed by escape analysis once the call is inlined
     * (which only small methods are), the same for both the hand-written and the generated gradient.
     */
    @Benchmark
    public void generatedGradient(Blackhole bh) {
        var g = bench.Chain.chainGrad(w, x, y, z);
        bh.consume(g.value());
        bh.consume(g.w());
        bh.consume(g.x());
        bh.consume(g.y());
        bh.consume(g.z());
    }

    /** The same program on the runtime's define-by-run tape, as a PyTorch user would write it. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
    public double[] tape() {
        return TapePrograms.chainGrad(w, x, y, z);
    }
}
