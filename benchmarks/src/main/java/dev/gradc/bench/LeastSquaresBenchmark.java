package dev.gradc.bench;

import dev.gradc.bench.handwritten.LeastSquaresByHand;
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
 * {@code bench/LeastSquares.grad}: a degree-7 polynomial fitted to N = 4096 samples by a loop over the samples
 * with element reads, gradient with respect to the 8 coefficients.
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
public class LeastSquaresBenchmark extends ProgramBenchmark {

    private ProgramInputs.LeastSquares d;

    @Setup
    public void setUp() {
        d = ProgramInputs.leastSquares();
    }

    @Benchmark
    public double handwrittenValue() {
        return LeastSquaresByHand.residuals(d.c(), d.t(), d.y());
    }

    /** The hand-written gradient; its result is read field by field, as {@link #generatedGradient} reads its own. */
    @Benchmark
    public void handwrittenGradient(Blackhole bh) {
        var g = LeastSquaresByHand.residualsGrad(d.c(), d.t(), d.y());
        bh.consume(g.value());
        bh.consume(g.c());
    }

    /** The value method gradc generated from {@code bench/LeastSquares.grad}. */
    @Benchmark
    public double generatedValue() {
        return bench.LeastSquares.residuals(LeastSquaresByHand.N, LeastSquaresByHand.M, d.c(), d.t(), d.y());
    }

    /** The gradient method gradc generated from {@code bench/LeastSquares.grad}. */
    @Benchmark
    public void generatedGradient(Blackhole bh) {
        var g = bench.LeastSquares.residualsGrad(LeastSquaresByHand.N, LeastSquaresByHand.M, d.c(), d.t(), d.y());
        bh.consume(g.value());
        bh.consume(g.c());
    }
}
