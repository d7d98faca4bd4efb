package dev.gradc.bench.generated;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.bench.GmmData;
import dev.gradc.bench.MlpData;
import dev.gradc.bench.ProgramInputs;
import dev.gradc.bench.RnnData;
import dev.gradc.bench.handwritten.LeastSquaresByHand;
import dev.gradc.bench.handwritten.LstmByHand;
import dev.gradc.bench.handwritten.Rk4ByHand;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The workspace forms of the generated value and gradient methods allocate nothing once warm, counted (not
 * timed) with the thread's allocated-bytes counter over many calls, for the benchmark programs: MLP, RNN,
 * least squares, LSTM, RK4, determinant by elimination (both forms), GMM. Each also gives bit for bit what the allocating
 * form gives.
 */
class WorkspaceAllocationTest {

    private static final int CALLS = 8;

    private static final int ROUNDS = 4;

    private static final com.sun.management.ThreadMXBean BEAN =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * The fewest bytes this thread allocated in a round of {@link #CALLS} runs of call, over up to {@link #ROUNDS}
     * rounds after two runs that fill the workspace: a cost of every call shows in every round, while a one-time
     * cost of the JVM's (a class initialised on a path taken late) shows in one round at most.
     */
    private static long fewestBytes(Runnable call) {
        call.run();
        call.run();
        long fewest = Long.MAX_VALUE;
        for (int r = 0; r < ROUNDS && fewest > 0; r++) {
            long empty = measure(() -> { });
            fewest = Math.min(fewest, Math.max(0, measure(call) - empty));
        }
        return fewest;
    }

    private static long measure(Runnable call) {
        long before = BEAN.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < CALLS; i++) {
            call.run();
        }
        return BEAN.getCurrentThreadAllocatedBytes() - before;
    }

    private static void noAllocation(String what, Runnable call) {
        long bytes = fewestBytes(call);
        assertEquals(0, bytes, what + ": " + bytes + " bytes in " + CALLS + " calls");
    }

    /** The allocating form does allocate (so the counter sees this program's arrays at all). */
    private static void allocates(String what, Runnable call) {
        long bytes = fewestBytes(call);
        assertTrue(bytes > CALLS * 1000L, what + ": the allocating form counted " + bytes + " bytes in " + CALLS + " calls");
    }

    @Test
    void mlp() {
        MlpData d = MlpData.standard();
        var ws = new bench.Mlp.Loss.Workspace(d.B());
        var g = bench.Mlp.lossGrad(ws, d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2());
        var want = bench.Mlp.lossGrad(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2());
        assertEquals(want.value(), g.value());
        assertArrayEquals(want.W1(), g.W1());
        assertArrayEquals(want.b2(), g.b2());
        assertEquals(bench.Mlp.loss(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2()),
                bench.Mlp.loss(ws, d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2()));
        allocates("mlp gradient", () -> bench.Mlp.lossGrad(d.B(), d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2()));
        noAllocation("mlp gradient", () -> bench.Mlp.lossGrad(ws, d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2()));
        noAllocation("mlp value", () -> bench.Mlp.loss(ws, d.x(), d.y(), d.W1(), d.b1(), d.W2(), d.b2()));
    }

    @Test
    void rnn() {
        RnnData d = RnnData.standard();
        var ws = new bench.Rnn.RnnFn.Workspace();
        var g = bench.Rnn.rnnGrad(ws, d.W(), d.h0(), d.x());
        var want = bench.Rnn.rnnGrad(d.W(), d.h0(), d.x());
        assertEquals(want.value(), g.value());
        assertArrayEquals(want.W(), g.W());
        assertArrayEquals(want.h0(), g.h0());
        noAllocation("rnn gradient", () -> bench.Rnn.rnnGrad(ws, d.W(), d.h0(), d.x()));
        noAllocation("rnn value", () -> bench.Rnn.rnn(ws, d.W(), d.h0(), d.x()));
    }

    @Test
    void leastSquares() {
        ProgramInputs.LeastSquares d = ProgramInputs.leastSquares();
        var ws = new bench.LeastSquares.Residuals.Workspace(LeastSquaresByHand.N, LeastSquaresByHand.M);
        var want = bench.LeastSquares.residualsGrad(LeastSquaresByHand.N, LeastSquaresByHand.M, d.c(), d.t(), d.y());
        var g = bench.LeastSquares.residualsGrad(ws, d.c(), d.t(), d.y());
        assertEquals(want.value(), g.value());
        assertArrayEquals(want.c(), g.c());
        noAllocation("least squares gradient", () -> bench.LeastSquares.residualsGrad(ws, d.c(), d.t(), d.y()));
        noAllocation("least squares value", () -> bench.LeastSquares.residuals(ws, d.c(), d.t(), d.y()));
    }

    @Test
    void lstm() {
        // the benchmark's layers and units over 64 steps instead of 1,024: the same code, a sixteenth of the time
        int t = 64;
        ProgramInputs.Lstm full = ProgramInputs.lstm();
        double[] xs = java.util.Arrays.copyOf(full.xs(), t * LstmByHand.H);
        ProgramInputs.Lstm d = new ProgramInputs.Lstm(full.Wx(), full.Wh(), full.b(), full.state0(), xs);
        var ws = new bench.Lstm.Loss.Workspace(LstmByHand.G, LstmByHand.LAYERS, LstmByHand.H, t);
        var want = bench.Lstm.lossGrad(LstmByHand.G, LstmByHand.LAYERS, LstmByHand.H, t, d.Wx(), d.Wh(), d.b(),
                d.state0(), d.xs());
        var g = bench.Lstm.lossGrad(ws, d.Wx(), d.Wh(), d.b(), d.state0(), d.xs());
        assertEquals(want.value(), g.value());
        assertArrayEquals(want.Wx(), g.Wx());
        assertArrayEquals(want.Wh(), g.Wh());
        assertArrayEquals(want.b(), g.b());
        noAllocation("lstm gradient", () -> bench.Lstm.lossGrad(ws, d.Wx(), d.Wh(), d.b(), d.state0(), d.xs()));
        noAllocation("lstm value", () -> bench.Lstm.loss(ws, d.Wx(), d.Wh(), d.b(), d.state0(), d.xs()));
    }

    @Test
    void rk4() {
        ProgramInputs.Rk4 d = ProgramInputs.rk4();
        var ws = new bench.Rk4.Last.Workspace(Rk4ByHand.N);
        var want = bench.Rk4.lastGrad(Rk4ByHand.N, d.x(), d.steps(), d.tf());
        var g = bench.Rk4.lastGrad(ws, d.x(), d.steps(), d.tf());
        assertEquals(want.value(), g.value());
        assertArrayEquals(want.x(), g.x());
        noAllocation("rk4 gradient", () -> bench.Rk4.lastGrad(ws, d.x(), d.steps(), d.tf()));
        noAllocation("rk4 value", () -> bench.Rk4.last(ws, d.x(), d.steps(), d.tf()));
    }

    @Test
    void determinant() {
        ProgramInputs.Determinant d = ProgramInputs.determinant();
        int n = dev.gradc.bench.handwritten.DeterminantByHand.N;
        var ws = new bench.Determinant.Elimination.Workspace(n);
        var want = bench.Determinant.eliminationGrad(n, d.A());
        var g = bench.Determinant.eliminationGrad(ws, d.A());
        assertEquals(want.value(), g.value());
        assertArrayEquals(want.A(), g.A());
        noAllocation("determinant gradient", () -> bench.Determinant.eliminationGrad(ws, d.A()));
        noAllocation("determinant value", () -> bench.Determinant.elimination(ws, d.A()));
    }

    /** The element-write elimination holds its matrix as rows, split into the workspace's arena, not afresh. */
    @Test
    void determinantByEntries() {
        ProgramInputs.Determinant d = ProgramInputs.determinant();
        int n = dev.gradc.bench.handwritten.DeterminantByHand.N;
        var ws = new bench.Determinant.EliminationByEntries.Workspace(n);
        var want = bench.Determinant.eliminationByEntriesGrad(n, d.A());
        var g = bench.Determinant.eliminationByEntriesGrad(ws, d.A());
        assertEquals(want.value(), g.value());
        assertArrayEquals(want.A(), g.A());
        allocates("determinant by entries gradient", () -> bench.Determinant.eliminationByEntriesGrad(n, d.A()));
        noAllocation("determinant by entries gradient", () -> bench.Determinant.eliminationByEntriesGrad(ws, d.A()));
        noAllocation("determinant by entries value", () -> bench.Determinant.eliminationByEntries(ws, d.A()));
    }

    @Test
    void gmm() {
        // the benchmark's k and d over 100 points instead of 1,000
        GmmData d = GmmData.draw(dev.gradc.bench.Inputs.standard(), 100, 25, 20);
        var ws = new bench.Gmm.Objective.Workspace(d.n(), d.k(), d.d(), d.k() * d.d());
        var want = bench.Gmm.objectiveGrad(d.n(), d.k(), d.d(), d.k() * d.d(), d.alphas(), d.means(), d.qs(), d.ls(),
                d.x(), d.gamma(), d.m());
        var g = bench.Gmm.objectiveGrad(ws, d.alphas(), d.means(), d.qs(), d.ls(), d.x(), d.gamma(), d.m());
        assertEquals(want.value(), g.value());
        assertArrayEquals(want.means(), g.means());
        assertArrayEquals(want.ls(), g.ls());
        noAllocation("gmm gradient", () -> bench.Gmm.objectiveGrad(ws, d.alphas(), d.means(), d.qs(), d.ls(), d.x(),
                d.gamma(), d.m()));
        noAllocation("gmm value", () -> bench.Gmm.objective(ws, d.alphas(), d.means(), d.qs(), d.ls(), d.x(),
                d.gamma(), d.m()));
    }
}
