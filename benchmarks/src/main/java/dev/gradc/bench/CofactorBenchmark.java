package dev.gradc.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@code bench/Cofactor.grad}: the determinant of an n×n matrix by cofactor expansion, every minor computed
 * once (2^n − 1 minors, n·2^(n−1) products: 448, 1,024 and 2,304 for n = 7, 8, 9), value and gradient. The
 * generated methods are split under HotSpot's 8,000-byte limit, so time per call grows with the work; a
 * method over the limit would run interpreted and take orders of magnitude longer at the size it crosses.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
@State(Scope.Thread)
public class CofactorBenchmark {

    @Param({"7", "8", "9"})
    public int n;

    private double[] a;

    @Setup
    public void setUp() {
        Random r = new Random(42);
        a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextDouble() * 2 - 1;
        }
    }

    @Benchmark
    public double value() {
        return switch (n) {
            case 7 -> bench.Cofactor.det7(a);
            case 8 -> bench.Cofactor.det8(a);
            default -> bench.Cofactor.det9(a);
        };
    }

    @Benchmark
    public void gradient(Blackhole bh) {
        switch (n) {
            case 7 -> {
                var g = bench.Cofactor.det7Grad(a);
                bh.consume(g.value());
                bh.consume(g.A());
            }
            case 8 -> {
                var g = bench.Cofactor.det8Grad(a);
                bh.consume(g.value());
                bh.consume(g.A());
            }
            default -> {
                var g = bench.Cofactor.det9Grad(a);
                bh.consume(g.value());
                bh.consume(g.A());
            }
        }
    }
}
