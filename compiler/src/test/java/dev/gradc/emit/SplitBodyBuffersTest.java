package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;

/**
 * A loop body too large for one Java method is split into methods ({@link SplitMethod}); its arrays that no
 * trip keeps are buffers allocated once before the loop and handed to the parts in the loop's frames, as an
 * inline body declares them before its loop, and the buffers of a loop inside a loop body are allocated before
 * the outer loop, not once per outer trip. Before, every part allocated each of its arrays on every trip: the
 * LSTM's gradient (the examples' program, whose reverse loop over time is split) allocated ~150 arrays of H
 * entries per time step. A stack a loop body makes and that no trip keeps (a journal filled and reversed
 * within the trip) is likewise made once and emptied on every trip, keeping the room it grew. Counted in bytes
 * per time step (the difference between two sequence lengths) or per call, not timed; the gradient is the
 * interpreter's.
 */
class SplitBodyBuffersTest {

    private static final int H = 16;
    private static final int L = 2;
    private static final ModuleIr MODULE;

    static {
        try {
            MODULE = Programs.compile(SourceFile.read(Programs.examples().resolve("programs").resolve("lstm.grad")));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final CompiledModule COMPILED = CompiledModule.load(MODULE);

    private static double[] normal(Random r, int n, double scale) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = scale * r.nextGaussian();
        }
        return x;
    }

    /** Wx, Wh, b, state0, xs of a T-step sequence. */
    private static Object[] inputs(int t) {
        Random r = new Random(17);
        int g = 4 * H * L;
        return new Object[] {normal(r, g * H, 0.3), normal(r, g * H, 0.3), normal(r, g, 0.1), normal(r, 2 * L * H, 0.5),
            normal(r, t * H, 1.0)};
    }

    private static Object[] call(int t, Object[] in) {
        return new Object[] {4 * H * L, L, H, t, in[0], in[1], in[2], in[3], in[4]};
    }

    /** The fewest bytes one call allocated, over three calls after a warm-up call. */
    private static long bytes(IntConsumer call, int t) {
        long fewest = Allocation.warm(() -> call.accept(t));
        for (int i = 0; i < 2; i++) {
            fewest = Math.min(fewest, Allocation.of(() -> call.accept(t)));
        }
        return fewest;
    }

    @Test
    void theSplitReverseLoopAllocatesItsArraysOnceNotPerStep() {
        Object[][] in = {inputs(65), inputs(129)};
        IntConsumer grad = t -> COMPILED.grad("loss", call(t, in[t == 65 ? 0 : 1]));
        long perStep = (bytes(grad, 129) - bytes(grad, 65)) / 64;
        // every part's arrays allocated per step: 21.4 KB a step; buffers of the loop's frames: 14.4 KB; the layer loop's
        // journal stack made once too (aStackFilledAndEmptiedInEachTripIsMadeOnce): 12.7 KB
        assertTrue(perStep < 17_000, perStep + " bytes per step");
    }

    @Test
    void theGradientIsTheInterpreters() {
        int t = 6;
        Object[] in = inputs(t);
        int g = 4 * H * L;
        Object[] interpreted = new Interpreter(new EvalContext(Map.of("G", g, "L", L, "H", H, "T", t), 0), 1_000_000)
                .run(Derivatives.gradient(MODULE.function("loss"), List.of("Wx", "Wh", "b")), new Object[] {
                    new NDArray((double[]) in[0], new int[] {g, H}), new NDArray((double[]) in[1], new int[] {g, H}),
                    new NDArray((double[]) in[2], new int[] {g}), new NDArray((double[]) in[3], new int[] {2 * L, H}),
                    new NDArray((double[]) in[4], new int[] {t, H})});
        CompiledModule.Result grad = COMPILED.grad("loss", call(t, in));
        assertEquals(((NDArray) interpreted[0]).data()[0], ((Number) grad.value()).doubleValue(), 1e-12);
        String[] names = {"Wx", "Wh", "b"};
        for (int p = 0; p < names.length; p++) {
            double[] expected = ((NDArray) interpreted[p + 1]).data();
            double[] compiled = (double[]) grad.parts().get(names[p]);
            for (int i = 0; i < expected.length; i++) {
                assertEquals(expected[i], compiled[i], 1e-12 * (1 + Math.abs(expected[i])), names[p] + "[" + i + "]");
            }
        }
    }

    @Test
    void aStackFilledAndEmptiedInEachTripIsMadeOnce() {
        int n = 32;
        double[] a = ReadOnlyRegionsTest.matrix(n, 3);
        long bytes = bytes(x -> ReadOnlyRegionsTest.COMPILED.grad("det", n, a), 0);
        // the journal of each pivot's elimination, made and reversed within a trip of the reverse loop over the
        // pivots, was a new stack per pivot that grew by copying: 1.78 MB per call; one stack reset per trip: 1.47 MB
        assertTrue(bytes < 1_600_000, bytes + " bytes per call");
    }
}
