package dev.gradc.bench;

import dev.gradc.bench.handwritten.Rk4ByHand;
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
 * {@code bench/Rk4.grad}: Runge–Kutta 4 on 64 components for 1,000 steps, right-hand side shifting the
 * state; gradient of the last component with respect to the 64 growth rates.
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
public class Rk4Benchmark extends ProgramBenchmark {

    private ProgramInputs.Rk4 d;
    private Rk4ByHand byHand;

    @Setup
    public void setUp() {
        d = ProgramInputs.rk4();
        byHand = new Rk4ByHand();
    }

    @Benchmark
    public double handwrittenValue() {
        return byHand.last(d.x(), d.steps(), d.tf());
    }

    /** The hand-written gradient; its result is read field by field, as {@link #generatedGradient} reads its own. */
    @Benchmark
    public void handwrittenGradient(Blackhole bh) {
        var g = byHand.lastGrad(d.x(), d.steps(), d.tf());
        bh.consume(g.value());
        bh.consume(g.x());
    }

    /** The value method gradc generated from {@code bench/Rk4.grad}. */
    @Benchmark
    public double generatedValue() {
        return bench.Rk4.last(Rk4ByHand.N, d.x(), d.steps(), d.tf());
    }

    /** The gradient method gradc generated from {@code bench/Rk4.grad}. */
    @Benchmark
    public void generatedGradient(Blackhole bh) {
        var g = bench.Rk4.lastGrad(Rk4ByHand.N, d.x(), d.steps(), d.tf());
        bh.consume(g.value());
        bh.consume(g.x());
    }
}
