package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.Index;
import dev.gradc.passes.RegionReads;

/**
 * Which inputs a region keeps nothing of: a loop-invariant array (or a branch's input) that neither the loop's
 * condition nor its body keeps — every op reading it there only reads it ({@link dev.gradc.ops.OperandReads#onlyReads}, or an element
 * read), or passes it on to a loop or branch inside that only reads it in turn ({@link RegionReads}), and it is
 * no result of the region. Such an array does not outlive the region through it, so a loop body may reuse its
 * array on every trip ({@link StoragePlan}) although a loop reads it: the stages of an RK4 step, read by the
 * loops of the right-hand side.
 */
final class LoopReads {

    private LoopReads() {
    }

    /** Whether region op (a loop's or a cond's) only reads its input q (never a loop's carried one). */
    static boolean onlyReads(Object op, int q) {
        return RegionReads.onlyReads(op, q, LoopReads::reads);
    }

    /** Whether u only reads its input k in the sense of {@link dev.gradc.ops.OperandReads#onlyReads}: a push copies, an element read. */
    static boolean reads(Graph g, Node u, int k) {
        return dev.gradc.ops.OperandReads.onlyReads(u.op()) || u.op() instanceof Index ix && Plan.isScalarIndex(g, u, ix);
    }
}
