package dev.gradc.bench;

import dev.gradc.bench.handwritten.GmmByHand;
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
 * {@code bench/Gmm.grad}: ADBench's Gaussian-mixture objective at d = 20, k = 25, n = 1000, gradient
 * w.r.t. alphas, means, qs and ls (25 + 500 + 500 + 10,000 entries), against {@link GmmByHand}. The
 * {@code ...DefaultJvm} methods run the gradients in a JVM without options, as a user's program runs.
 * Warm-up is 10 × 2 s: a generated gradient call takes about half a second until C2 has compiled its
 * reverse loop's method, which on a loaded machine took 10–20 s (on-stack replacement, one call a second).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
@State(Scope.Thread)
public class GmmBenchmark extends ProgramBenchmark {

    private GmmData g;
    private GmmByHand byHand;

    @Setup
    public void setUp() {
        g = GmmData.standard();
        byHand = new GmmByHand(g.k(), g.d());
    }

    @Benchmark
    public double handwrittenValue() {
        return byHand.objective(g.n(), g.alphas(), g.means(), g.qs(), g.ls(), g.x(), g.gamma(), g.m());
    }

    @Benchmark
    public void handwrittenGradient(Blackhole bh) {
        var r = byHand.objectiveGrad(g.n(), g.alphas(), g.means(), g.qs(), g.ls(), g.x(), g.gamma(), g.m());
        bh.consume(r.value());
        bh.consume(r.alphas());
        bh.consume(r.means());
        bh.consume(r.qs());
        bh.consume(r.ls());
    }

    @Benchmark
    public double generatedValue() {
        return bench.Gmm.objective(g.n(), g.k(), g.d(), g.k() * g.d(), g.alphas(), g.means(), g.qs(), g.ls(), g.x(),
                g.gamma(), g.m());
    }

    @Benchmark
    public void generatedGradient(Blackhole bh) {
        var r = bench.Gmm.objectiveGrad(g.n(), g.k(), g.d(), g.k() * g.d(), g.alphas(), g.means(), g.qs(), g.ls(),
                g.x(), g.gamma(), g.m());
        bh.consume(r.value());
        bh.consume(r.alphas());
        bh.consume(r.means());
        bh.consume(r.qs());
        bh.consume(r.ls());
    }
}
