package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.Index;
import dev.gradc.ops.While;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Which inputs a loop only reads: a loop-invariant array that neither the loop's condition nor its body keeps —
 * every op reading it there only reads it ({@link Plan#onlyReads}, or an element read), or passes it on as an
 * invariant of a loop inside that only reads it in turn, and it is no result of the body. Such an array does not
 * outlive the loop through it, so a loop body may reuse its array on every trip ({@link StoragePlan}) although a
 * loop reads it: the stages of an RK4 step, read by the loops of the right-hand side.
 */
final class LoopReads {

    private LoopReads() {
    }

    /** Whether loop w only reads its input q (never a carried one). */
    static boolean onlyReads(While w, int q) {
        if (q < w.carried()) {
            return false;
        }
        Deque<Graph> graphs = new ArrayDeque<>();
        Deque<Integer> params = new ArrayDeque<>();
        graphs.push(w.condition());
        params.push(w.condition().params().get(q));
        graphs.push(w.body());
        params.push(w.body().params().get(q));
        while (!graphs.isEmpty()) {
            Graph g = graphs.pop();
            int p = params.pop();
            if (g.results().contains(p)) {
                return false;
            }
            for (Node u : g.nodes()) {
                for (int k = 0; k < u.inputs().size(); k++) {
                    if (u.input(k) != p || Plan.onlyReads(u.op())
                            || u.op() instanceof Index ix && Plan.isScalarIndex(g, u, ix)) {
                        continue;
                    }
                    if (!(u.op() instanceof While inner) || k < inner.carried()) {
                        return false;
                    }
                    graphs.push(inner.condition());
                    params.push(inner.condition().params().get(k));
                    graphs.push(inner.body());
                    params.push(inner.body().params().get(k));
                }
            }
        }
        return true;
    }
}
