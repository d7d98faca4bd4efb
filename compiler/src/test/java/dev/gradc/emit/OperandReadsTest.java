package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.testing.Allocation;
import org.junit.jupiter.api.Test;

/**
 * The ops that only read their operands are one list ({@link dev.gradc.ops.OperandReads}) that the emitter's plan, the
 * interpreter's in-place writes and the emitter's overwrites each extend, where there had been three lists
 * written out apart: the passes' had missed that a push copies and that a checkpointed loop's budgets and
 * {@code zeros_like} read only sizes, so the determinant's outer journal, reversed after the checkpointed sweep
 * that read the matrix for its budget, copied the matrix first (as did the LSTM's state). Counted in bytes per
 * call and in the copies the generated gradient makes, not timed; values in {@link ReadOnlyRegionsTest}.
 */
class OperandReadsTest {

    /**
     * {@link ReadOnlyRegionsTest}'s elimination with its matrix read after the loop at {@code U[N - 1, N + -1]}, on the
     * diagonal but not by a name passes/DeadColumns proves so (N + -1 is not N - 1 to it), so that its row update stays
     * one (else it is the element loop right of the pivot, whose gradient allocated 36,608 bytes a call at N = 32 with
     * U[N - 1, N - 1] read, 7 December; a read left of the diagonal, U[N - 1, 0], keeps the rows but costs one more
     * clone, 28,040 bytes).
     */
    private static final dev.gradc.engine.CompiledModule ROWS = dev.gradc.engine.CompiledModule.load(
            dev.gradc.testing.Programs.compile(ReadOnlyRegionsTest.SOURCE.replace("  return d;",
                    "  return d + U[N - 1, N + -1] * 0.5;")));

    @Test
    void theOuterJournalIsReversedInTheMatrixTheSweepLeft() {
        assertTrue(ReadOnlyRegionsTest.SOURCE.contains("  return d;"), "the elimination changed");
        String java = ROWS.emitted().source();
        int start = java.indexOf("public static Det.Grad detGrad(int N, double[] A)");
        String grad = java.substring(start, java.indexOf("public static double det(", start + 1));
        int clones = grad.split("\\.clone\\(\\)", -1).length - 1;
        int n = 32;
        double[] a = ReadOnlyRegionsTest.matrix(n, 3);
        long bytes = Allocation.fewest(() -> ROWS.grad("det", n, a));
        System.out.println("det gradient: " + clones + " clones, " + bytes + " bytes per call");
        // with the passes' own list: 11 clones written, 671,032 bytes a call at N = 32; one list: 10, 662,824; the
        // reversed pivot's swap no longer copied for its pivot entry (passes.CondReads): 7, 359,880 (the program then
        // returned d alone). This program, 7 December: 7 clones, 19,832 bytes; one more copy of the 8 KB matrix per call
        // fails the bound
        assertTrue(clones <= 7, clones + " clones\n" + grad);
        assertTrue(bytes < 26_000, bytes + " bytes per call");
    }
}
