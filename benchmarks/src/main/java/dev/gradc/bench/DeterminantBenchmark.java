package dev.gradc.bench;

import dev.gradc.bench.handwritten.DeterminantByHand;
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
 * {@code bench/Determinant.grad}: det(A) of a 32×32 matrix by Gaussian elimination with partial pivoting, row
 * swaps by indexed update; gradient with respect to A (by hand: det(A)·A⁻ᵀ from the LU factors, and the
 * elimination reversed by hand).
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
public class DeterminantBenchmark extends ProgramBenchmark {

    private ProgramInputs.Determinant d;
    private DeterminantByHand byHand;

    @Setup
    public void setUp() {
        d = ProgramInputs.determinant();
        byHand = new DeterminantByHand();
    }

    @Benchmark
    public double handwrittenValue() {
        return byHand.det(d.A());
    }

    /** The hand-written gradient; its result is read field by field, as {@link #generatedGradient} reads its own. */
    @Benchmark
    public void handwrittenGradient(Blackhole bh) {
        var g = byHand.detGrad(d.A());
        bh.consume(g.value());
        bh.consume(g.A());
    }

    /**
     * The other hand-written gradient: the elimination reversed by hand (reverse mode of the same loops), the
     * like-for-like baseline for a compiler that reverses the program as written; not in the ratio tables,
     * reported beside them in benchmarks/README.md.
     */
    @Benchmark
    public void handReversedGradient(Blackhole bh) {
        var g = byHand.detGradReversed(d.A());
        bh.consume(g.value());
        bh.consume(g.A());
    }

    /**
     * The elimination reversed by hand over whole rows, as the program updates them: the like-for-like baseline of
     * what a compiler reversing the program as written can reach; not in the ratio tables.
     */
    @Benchmark
    public void handReversedWholeRowsGradient(Blackhole bh) {
        var g = byHand.detGradReversedWholeRows(d.A());
        bh.consume(g.value());
        bh.consume(g.A());
    }

    /** The value method gradc generated from {@code bench/Determinant.grad}. */
    @Benchmark
    public double generatedValue() {
        return bench.Determinant.elimination(DeterminantByHand.N, d.A());
    }

    /** The gradient method gradc generated from {@code bench/Determinant.grad}. */
    @Benchmark
    public void generatedGradient(Blackhole bh) {
        var g = bench.Determinant.eliminationGrad(DeterminantByHand.N, d.A());
        bh.consume(g.value());
        bh.consume(g.A());
    }

    /**
     * The value method gradc generated from the same elimination written with element writes right of the pivot
     * ({@code eliminationByEntries}): the row "Determinant, element writes" of the array programs' table.
     */
    @Benchmark
    public double generatedEntriesValue() {
        return bench.Determinant.eliminationByEntries(DeterminantByHand.N, d.A());
    }

    /**
     * The gradient gradc generated from the same elimination written with element writes right of the pivot
     * ({@code eliminationByEntries}, as an expert writes LU): its reversal keeps no overwritten entry
     * ({@code TrailingUpdates}); its own row of the array programs' table, against the same hand-written gradient.
     */
    @Benchmark
    public void generatedEntriesGradient(Blackhole bh) {
        var g = bench.Determinant.eliminationByEntriesGrad(DeterminantByHand.N, d.A());
        bh.consume(g.value());
        bh.consume(g.A());
    }

    /** {@link #generatedEntriesGradient} in a JVM without options. */
    @Benchmark
    @Fork(value = 1, jvmArgsAppend = BenchmarkJvm.DEFAULT)
    public void generatedEntriesGradientDefaultJvm(Blackhole bh) {
        generatedEntriesGradient(bh);
    }
}
