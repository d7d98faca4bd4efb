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
 * {@code bench/DeepLstm.grad}: an LSTM of 4, 5 and 6 layers (hidden size 8, 16 steps) written out in one loop
 * body, value and gradient with respect to every weight. The loop bodies (forward and reverse) are split into
 * methods under HotSpot's 8,000-byte limit, so time per call grows with the number of layers.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
@State(Scope.Thread)
public class DeepLstmBenchmark {

    private static final int HIDDEN = 8;
    private static final int STEPS = 16;

    @Param({"4", "5", "6"})
    public int layers;

    private double[] xs;
    /** Per layer: Wx, Wh (each [32,8]) and b ([32]). */
    private double[][] w;

    @Setup
    public void setUp() {
        Random r = new Random(7);
        xs = random(r, STEPS * HIDDEN, 1.0);
        w = new double[3 * 6][];
        for (int l = 0; l < 6; l++) {
            w[3 * l] = random(r, 4 * HIDDEN * HIDDEN, 0.3);
            w[3 * l + 1] = random(r, 4 * HIDDEN * HIDDEN, 0.3);
            w[3 * l + 2] = random(r, 4 * HIDDEN, 0.1);
        }
    }

    private static double[] random(Random r, int n, double scale) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = (r.nextDouble() * 2 - 1) * scale;
        }
        return v;
    }

    @Benchmark
    public double value() {
        double[][] p = w;
        return switch (layers) {
            case 4 -> bench.DeepLstm.lstm4(xs, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10],
                    p[11]);
            case 5 -> bench.DeepLstm.lstm5(xs, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10],
                    p[11], p[12], p[13], p[14]);
            default -> bench.DeepLstm.lstm6(xs, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9], p[10],
                    p[11], p[12], p[13], p[14], p[15], p[16], p[17]);
        };
    }

    /** The gradient; its value and the first and last layers' weight adjoints are read. */
    @Benchmark
    public void gradient(Blackhole bh) {
        double[][] p = w;
        switch (layers) {
            case 4 -> {
                var g = bench.DeepLstm.lstm4Grad(xs, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9],
                        p[10], p[11]);
                bh.consume(g.value());
                bh.consume(g.Wx1());
                bh.consume(g.Wx4());
            }
            case 5 -> {
                var g = bench.DeepLstm.lstm5Grad(xs, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9],
                        p[10], p[11], p[12], p[13], p[14]);
                bh.consume(g.value());
                bh.consume(g.Wx1());
                bh.consume(g.Wx5());
            }
            default -> {
                var g = bench.DeepLstm.lstm6Grad(xs, p[0], p[1], p[2], p[3], p[4], p[5], p[6], p[7], p[8], p[9],
                        p[10], p[11], p[12], p[13], p[14], p[15], p[16], p[17]);
                bh.consume(g.value());
                bh.consume(g.Wx1());
                bh.consume(g.Wx6());
            }
        }
    }
}
