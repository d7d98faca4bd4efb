package dev.gradc.bench;

import dev.gradc.bench.handwritten.LogSinByHand;
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

/** {@code bench/LogSin.grad}: transcendental functions, where the math calls dominate. */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
@State(Scope.Thread)
public class LogSinBenchmark {

    private double x;

    @Setup
    public void setUp() {
        x = ScalarData.logsinX();
    }

    @Benchmark
    public double handwrittenValue() {
        return LogSinByHand.logsin(x);
    }

    /** The hand-written gradient; its result is read field by field, as {@link #generatedGradient} reads its own. */
    @Benchmark
    public void handwrittenGradient(Blackhole bh) {
        var g = LogSinByHand.logsinGrad(x);
        bh.consume(g.value());
        bh.consume(g.x());
    }

    /** Central differences of the hand-written value: 2 evaluations. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
    public double finiteDifferences() {
        return CentralDifferences.derivative(LogSinByHand::logsin, x);
    }

    /** The value method gradc generated from {@code bench/LogSin.grad}. */
    @Benchmark
    public double generatedValue() {
        return bench.LogSin.logsin(x);
    }

    /**
     * The gradient method gradc generated from {@code bench/LogSin.grad}. The caller reads the value and each
     * adjoint, as an optimiser step does, rather than handing the record itself to JMH: a returned record must
     * be allocated, while one whose fields are read is removed by escape analysis once the call is inlined
     * (which only small methods are), the same for both the hand-written and the generated gradient.
     */
    @Benchmark
    public void generatedGradient(Blackhole bh) {
        var g = bench.LogSin.logsinGrad(x);
        bh.consume(g.value());
        bh.consume(g.x());
    }

    /** The same program on the runtime's define-by-run tape, as a PyTorch user would write it. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
    public double[] tape() {
        return TapePrograms.logsinGrad(x);
    }
}
