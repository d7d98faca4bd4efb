package dev.gradc.bench;

import dev.gradc.bench.handwritten.KMeansByHand;
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
 * {@code bench/KMeans.grad}: one Newton step of k-means (k = 10, n = 1000, d = 16) by a gradient and a
 * Hessian-vector product inside the program, against the hand-written closed form; "value" is the loss.
 * The Newton step's "gradient" rows are the step (gradient and hvp in one generated value method).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
@State(Scope.Thread)
public class KMeansBenchmark extends ProgramBenchmark {

    private ProgramInputs.KMeans d;
    private KMeansByHand byHand;

    @Setup
    public void setUp() {
        d = ProgramInputs.kMeans();
        byHand = new KMeansByHand();
    }

    @Benchmark
    public double handwrittenValue() {
        return byHand.loss(d.C(), d.X(), d.A());
    }

    /** The hand-written Newton step. */
    @Benchmark
    public void handwrittenGradient(Blackhole bh) {
        bh.consume(byHand.newton(d.C(), d.X(), d.A()));
    }

    /** The loss's value method gradc generated. */
    @Benchmark
    public double generatedValue() {
        return bench.KMeans.loss(KMeansByHand.N, KMeansByHand.K, KMeansByHand.D, d.C(), d.X(), d.A());
    }

    /** The Newton step gradc generated: {@code newton}'s value method, a gradient and an hvp inside. */
    @Benchmark
    public void generatedGradient(Blackhole bh) {
        bh.consume(bench.KMeans.newton(KMeansByHand.N, KMeansByHand.K, KMeansByHand.D, d.C(), d.X(), d.A()));
    }
}
