package dev.gradc.bench;

import dev.gradc.bench.handwritten.DeterminantByHand;
import dev.gradc.bench.handwritten.LeastSquaresByHand;
import dev.gradc.bench.handwritten.LstmByHand;
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
 * The workspace forms of the generated gradients ({@code fGrad(F.Workspace, args…)}), for the allocation
 * they do not do: run with {@code -prof gc} and read {@code gc.alloc.rate.norm}, the bytes per call (0 for
 * these; each program's own benchmark class has the allocating form's). Times are comparable with the
 * allocating forms' ({@code generatedGradient}) when both run in the same JVM options.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar 'WorkspaceBenchmark|(Mlp|Rnn|LeastSquares|Lstm|Rk4|Determinant|Gmm)Benchmark.generatedGradient$' -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {BenchmarkJvm.HEAP_MIN, BenchmarkJvm.HEAP_MAX, BenchmarkJvm.PRE_TOUCH, BenchmarkJvm.GC})
@State(Scope.Thread)
public class WorkspaceBenchmark {

    private MlpData mlp;
    private bench.Mlp.Loss.Workspace mlpWs;
    private RnnData rnn;
    private bench.Rnn.RnnFn.Workspace rnnWs;
    private ProgramInputs.LeastSquares ls;
    private bench.LeastSquares.Residuals.Workspace lsWs;
    private ProgramInputs.Lstm lstm;
    private bench.Lstm.Loss.Workspace lstmWs;
    private ProgramInputs.Rk4 rk4;
    private bench.Rk4.Last.Workspace rk4Ws;
    private ProgramInputs.Determinant det;
    private bench.Determinant.Elimination.Workspace detWs;
    private GmmData gmm;
    private bench.Gmm.Objective.Workspace gmmWs;

    @Setup
    public void setUp() {
        mlp = MlpData.standard();
        mlpWs = new bench.Mlp.Loss.Workspace(mlp.B());
        rnn = RnnData.standard();
        rnnWs = new bench.Rnn.RnnFn.Workspace();
        ls = ProgramInputs.leastSquares();
        lsWs = new bench.LeastSquares.Residuals.Workspace(LeastSquaresByHand.N, LeastSquaresByHand.M);
        lstm = ProgramInputs.lstm();
        lstmWs = new bench.Lstm.Loss.Workspace(LstmByHand.G, LstmByHand.LAYERS, LstmByHand.H, LstmByHand.T);
        rk4 = ProgramInputs.rk4();
        rk4Ws = new bench.Rk4.Last.Workspace(Rk4ByHand.N);
        det = ProgramInputs.determinant();
        detWs = new bench.Determinant.Elimination.Workspace(DeterminantByHand.N);
        gmm = GmmData.standard();
        gmmWs = new bench.Gmm.Objective.Workspace(gmm.n(), gmm.k(), gmm.d(), gmm.k() * gmm.d());
    }

    @Benchmark
    public void mlp(Blackhole bh) {
        var g = bench.Mlp.lossGrad(mlpWs, mlp.x(), mlp.y(), mlp.W1(), mlp.b1(), mlp.W2(), mlp.b2());
        bh.consume(g.value());
        bh.consume(g.W1());
        bh.consume(g.b1());
        bh.consume(g.W2());
        bh.consume(g.b2());
    }

    @Benchmark
    public void rnn(Blackhole bh) {
        var g = bench.Rnn.rnnGrad(rnnWs, rnn.W(), rnn.h0(), rnn.x());
        bh.consume(g.value());
        bh.consume(g.W());
        bh.consume(g.h0());
    }

    @Benchmark
    public void leastSquares(Blackhole bh) {
        var g = bench.LeastSquares.residualsGrad(lsWs, ls.c(), ls.t(), ls.y());
        bh.consume(g.value());
        bh.consume(g.c());
    }

    @Benchmark
    public void lstm(Blackhole bh) {
        var g = bench.Lstm.lossGrad(lstmWs, lstm.Wx(), lstm.Wh(), lstm.b(), lstm.state0(), lstm.xs());
        bh.consume(g.value());
        bh.consume(g.Wx());
        bh.consume(g.Wh());
        bh.consume(g.b());
    }

    @Benchmark
    public void rk4(Blackhole bh) {
        var g = bench.Rk4.lastGrad(rk4Ws, rk4.x(), rk4.steps(), rk4.tf());
        bh.consume(g.value());
        bh.consume(g.x());
    }

    @Benchmark
    public void determinant(Blackhole bh) {
        var g = bench.Determinant.eliminationGrad(detWs, det.A());
        bh.consume(g.value());
        bh.consume(g.A());
    }

    @Benchmark
    public void gmm(Blackhole bh) {
        var g = bench.Gmm.objectiveGrad(gmmWs, gmm.alphas(), gmm.means(), gmm.qs(), gmm.ls(), gmm.x(), gmm.gamma(),
                gmm.m());
        bh.consume(g.value());
        bh.consume(g.alphas());
        bh.consume(g.means());
        bh.consume(g.qs());
        bh.consume(g.ls());
    }
}
