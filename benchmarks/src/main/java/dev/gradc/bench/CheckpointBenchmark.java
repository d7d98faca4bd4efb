package dev.gradc.bench;

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
 * {@code bench/Checkpoint.grad}: the gradient of a loop of T trips over 1,000 doubles of state, storing every
 * state (the default kept-values budget holds them all) against keeping 8, 32 or 128 snapshots (counted
 * loops: binomial schedule; data-dependent ones: online), against the unannotated loop under a budget of 32
 * states, and the value alone. The kept memory of each is measured by {@link dev.gradc.bench.scaling.Checkpoints}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
@State(Scope.Thread)
public class CheckpointBenchmark {

    static final int STATE = 1_000;

    @Param({"10000"})
    int trips;

    private double[] x0;

    @Setup
    public void setUp() {
        x0 = new double[STATE];
        for (int i = 0; i < STATE; i++) {
            x0[i] = 0.5 + 0.4 * Math.sin(i);
        }
    }

    @Benchmark
    public double value() {
        return bench.Checkpoint.storeAll(STATE, x0, 0.7, trips);
    }

    /** The unannotated loop under a kept-values budget of 32 states: checkpointed automatically (binomial). */
    @Benchmark
    public double automatic32() {
        bench.Checkpoint.setMaxKeptValues(32L * (STATE + 1));
        try {
            return bench.Checkpoint.storeAllGrad(STATE, x0, 0.7, trips).a();
        } finally {
            bench.Checkpoint.setMaxKeptValues(dev.gradc.runtime.checkpoint.KeptBudget.DEFAULT);
        }
    }

    @Benchmark
    public double storeAll() {
        return bench.Checkpoint.storeAllGrad(STATE, x0, 0.7, trips).a();
    }

    @Benchmark
    public double counted8() {
        return bench.Checkpoint.counted8Grad(STATE, x0, 0.7, trips).a();
    }

    @Benchmark
    public double counted32() {
        return bench.Checkpoint.counted32Grad(STATE, x0, 0.7, trips).a();
    }

    @Benchmark
    public double counted128() {
        return bench.Checkpoint.counted128Grad(STATE, x0, 0.7, trips).a();
    }

    @Benchmark
    public double online8() {
        return bench.Checkpoint.online8Grad(STATE, x0, 0.7, trips).a();
    }

    @Benchmark
    public double online32() {
        return bench.Checkpoint.online32Grad(STATE, x0, 0.7, trips).a();
    }

    @Benchmark
    public double online128() {
        return bench.Checkpoint.online128Grad(STATE, x0, 0.7, trips).a();
    }
}
