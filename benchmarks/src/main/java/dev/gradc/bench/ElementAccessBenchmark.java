package dev.gradc.bench;

import dev.gradc.bench.handwritten.ElementAccessByHand;
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

/**
 * {@code bench/ElementAccess.grad}: a loop reading one element per trip ({@code s = s + x[j] * x[j]}) and a loop
 * writing one per trip ({@code z[i] = z[i-1] * a + x[i]}), at M = 1k … 64k, generated against hand-written
 * Java. Each element access costs O(1) in the value and the gradient, so time per element is flat in M.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
@State(Scope.Thread)
public class ElementAccessBenchmark {

    @Param({"1000", "4000", "16000", "64000"})
    int m;

    private double[] x;
    private final double a = 0.9;

    @Setup
    public void setUp() {
        x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = 0.5 + 0.4 * Math.sin(i);
        }
    }

    @Benchmark
    public double squaresValue() {
        return bench.ElementAccess.squares(m, x);
    }

    @Benchmark
    public bench.ElementAccess.Squares.Grad squaresGradient() {
        return bench.ElementAccess.squaresGrad(m, x);
    }

    @Benchmark
    public ElementAccessByHand.SquaresGrad squaresByHand() {
        return ElementAccessByHand.squaresGrad(x);
    }

    @Benchmark
    public double recurrenceValue() {
        return bench.ElementAccess.recurrence(m, x, a);
    }

    @Benchmark
    public bench.ElementAccess.Recurrence.Grad recurrenceGradient() {
        return bench.ElementAccess.recurrenceGrad(m, x, a);
    }

    @Benchmark
    public ElementAccessByHand.RecurrenceGrad recurrenceByHand() {
        return ElementAccessByHand.recurrenceGrad(x, a);
    }
}
