package dev.gradc.bench;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What every array-program benchmark has besides its own four methods: both gradients again in a JVM without
 * options (but {@link BenchmarkJvm#DEFAULT}: default collector and heap, no pre-touch), one fork each, as a
 * user's program runs; {@link dev.gradc.bench.ratios.Ratios} runs these in a round of their own.
 */
@State(Scope.Thread)
public abstract class ProgramBenchmark {

    /** The hand-written gradient, its result read field by field. */
    public abstract void handwrittenGradient(Blackhole bh);

    /** The gradient method gradc generated, its result read as the hand-written one's. */
    public abstract void generatedGradient(Blackhole bh);

    /** {@link #handwrittenGradient} in a JVM without options. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = BenchmarkJvm.DEFAULT)
    public void handwrittenGradientDefaultJvm(Blackhole bh) {
        handwrittenGradient(bh);
    }

    /** {@link #generatedGradient} in a JVM without options. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = BenchmarkJvm.DEFAULT)
    public void generatedGradientDefaultJvm(Blackhole bh) {
        generatedGradient(bh);
    }
}
