package dev.gradc.bench.generated;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.bench.GmmData;
import dev.gradc.bench.Inputs;
import dev.gradc.bench.ProgramInputs;
import dev.gradc.bench.handwritten.DeterminantByHand;
import dev.gradc.bench.handwritten.LstmByHand;
import java.lang.management.ManagementFactory;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * What the allocating form of a generated gradient allocates per trip of its outer loop, counted with the
 * thread's allocated-bytes counter (not timed) as the difference between two trip counts: the adjoint loops
 * inside an adjoint loop add into the outer loop's sums (no copy of a weight adjoint per outer trip).
 */
class AllocationPerTripTest {

    private static final com.sun.management.ThreadMXBean BEAN =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** The fewest bytes one call allocated, over three calls after a warm-up call. */
    private static long bytes(IntConsumer call, int trips) {
        call.accept(trips);
        long fewest = Long.MAX_VALUE;
        for (int r = 0; r < 3; r++) {
            long before = BEAN.getCurrentThreadAllocatedBytes();
            call.accept(trips);
            fewest = Math.min(fewest, BEAN.getCurrentThreadAllocatedBytes() - before);
        }
        return fewest;
    }

    private static long perTrip(IntConsumer call, int few, int many) {
        return (bytes(call, many) - bytes(call, few)) / (many - few);
    }

    @Test
    void lstm() {
        ProgramInputs.Lstm d = ProgramInputs.lstm();
        IntConsumer call = t -> bench.Lstm.lossGrad(LstmByHand.G, LstmByHand.LAYERS, LstmByHand.H, t, d.Wx(), d.Wh(),
                d.b(), d.state0(), java.util.Arrays.copyOf(d.xs(), t * LstmByHand.H));
        long perStep = perTrip(call, 65, 129);
        // each of the two adjoint loops of the layer loop started each weight adjoint (2 x 16 KB and 1 KB) from a
        // fresh array or a copy per step: 265 KB a step, 162 KB without; the layer's weight rows (8 KB each), copied
        // in the forward, the journaled forward and the reversal: 56.6 KB without; the outer products ḡ ⊗ x (8 KB
        // each) added into the weights' adjoints through arrays of their own: 23.6 KB without (22.0 KB with the state's
        // rows also read in place, 19.7 KB with elementwise ops writing into dead operands); the arrays of the split
        // reverse loop's parts allocated per step and a new journal stack per step: 11.1 KB without (buffers and the
        // stack made once, kept in the loop's frames); the rows of zeros that clear the state adjoint's rows a
        // buffer cleared per step: 9.42 KB; arrays read only by zeros_like (an adjoint's start) and element reads
        // buffers made once: 9.14 KB (measured 4 December, 129 and 65 steps); arrays written in place, carried by
        // a loop or read through slices, when nothing keeps what the write, loop or slice gives past the trip
        // (each layer's gates g, the gates' adjoint): 3.90 KB; the step's input slice, the layer output's two arrays
        // taken in turns, the popped step output, the error's adjoint, the popped layer inputs' and the input
        // adjoint's two arrays taken in turns and each layer's scattered gate adjoint (a loop's result may be its
        // carried input's array only through ops that may keep it; a replaced value's two arrays made once when the
        // inner loop's result dies with the step): 2.20 KB, the stacks that keep 0.9 KB a step growing by doubling
        assertTrue(perStep < 2_350, perStep + " bytes per step");
    }

    @Test
    void rk4() {
        ProgramInputs.Rk4 d = ProgramInputs.rk4();
        IntConsumer call = s -> bench.Rk4.lastGrad(d.x().length, d.x(), s, d.tf());
        long perStep = perTrip(call, 100, 200);
        // an array of zeros and a copy of x's adjoint (528 bytes each) per inner loop of a reversed step: 22.7 KB
        // a step, 19.0 KB without; x's adjoint copied by the first inner adjoint loop and by the write after the last
        // in another part of the split step: 15.3 KB, 14.25 KB without; the rest is the stages' arrays, recomputed
        // per reversed step; each stage's loop copying the zeros the loop before it had copied, and elementwise ops
        // writing new arrays instead of dead operands: 10.55 KB without; the split step's parts allocating their
        // arrays per step: 9.50 KB without; the stage loops' copies of the step's zeros(N) (forward and reverse)
        // into buffers made once: 7.39 KB; the reversed step's stage inputs (y + 0.5 * h * k1, ...), read only by
        // the stage loops and by zeros_like, the start of their adjoints: buffers made once, 5.80 KB; the step's
        // zeros(N), written at z[0] and by the last stage loop, a buffer cleared per step: 5.27 KB; the adjoint
        // loops' seeds and accumulators, escaping with x's adjoint only through the results that may be them: 2.12 KB;
        // the copy of the seed the first adjoint loop clears, a buffer made once: 1.60 KB (left: the popped snapshot,
        // the next step's y adjoint and the snapshot stack's room, 512 bytes a step)
        assertTrue(perStep < 2_000, perStep + " bytes per step");
    }

    @Test
    void gmm() {
        GmmData[] data = {GmmData.draw(new Inputs(Inputs.SEED), 1000, 8, 20),
            GmmData.draw(new Inputs(Inputs.SEED), 1000, 24, 20)};
        IntConsumer call = k -> {
            GmmData g = data[k == 8 ? 0 : 1];
            bench.Gmm.objectiveGrad(g.n(), g.k(), g.d(), g.k() * g.d(), g.alphas(), g.means(), g.qs(), g.ls(), g.x(),
                    g.gamma(), g.m());
        };
        long perComponent = perTrip(call, 8, 24);
        // a product in the reverse loop copied z's adjoint (1,000 x 20) into 1,000 row arrays per component, 184 KB
        // more a component; its rows read in place: 103.6 KB a component; the block, tril, diag, diagonal, transpose
        // and row-sum arrays of each component (and the adjoints') buffers made once: 28.4 KB; the row sum's adjoint,
        // read through a broadcast, a buffer made once: 8 KB less
        assertTrue(perComponent < 40_000, perComponent + " bytes per component");
    }

    @Test
    void determinant() {
        ProgramInputs.Determinant d = ProgramInputs.determinant();
        long perCall = bytes(n -> bench.Determinant.eliminationGrad(DeterminantByHand.N, d.A()), 0);
        // the row a row update overwrites, copied into an array of its own before the write journal pushed it:
        // 2,127,256 bytes a call (32 x 32); pushed from the matrix where it lies: 1,857,432; with the last loop of an
        // array writing it and elementwise ops writing dead operands: 1,313,576; the split reverse loop's rows made
        // once and each pivot's journal one stack emptied per pivot: 923,112
        assertTrue(perCall < 1_000_000, perCall + " bytes per call");
    }
}
