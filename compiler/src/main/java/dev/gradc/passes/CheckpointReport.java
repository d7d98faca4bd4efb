package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.While;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which loops of a function its gradient checkpoints, and with which schedule, in words (for
 * {@code gradc run --verbose}): one line per loop that asks for it with {@code @checkpoint(n)}.
 */
public final class CheckpointReport {

    private CheckpointReport() {
    }

    /** One line per loop with {@code @checkpoint}, in source order; empty when there is none. */
    public static List<String> describe(FunctionIr f) {
        Map<String, Integer> requested = new LinkedHashMap<>();
        for (While w : loops(f.graph())) {
            if (CheckpointLoop.requested(w)) {
                requested.putIfAbsent(w.where(), w.checkpoint().snapshots());
            }
        }
        if (requested.isEmpty() || f.realParams().isEmpty()) {
            return List.of();
        }
        Map<String, String> built = new LinkedHashMap<>();
        for (While w : loops(Derivatives.vjp(f, f.realParams()))) {
            String note = w.checkpoint() == null ? null : w.checkpoint().note();
            if (note != null && (note.endsWith("first sweep") || note.endsWith("keeps only the first snapshot"))) {
                built.putIfAbsent(w.where(), note.substring(0, note.indexOf(':')));
            }
        }
        List<String> out = new ArrayList<>();
        requested.forEach((where, n) -> out.add("loop at " + where + ": " + (built.containsKey(where)
                ? "checkpointed, " + built.get(where) + (built.get(where).startsWith("binomial")
                        ? " (its trip count is known when it starts)" : " (its trip count is known only when it ends)")
                : "@checkpoint(" + n + ") has nothing to do: the gradient keeps no state of this loop (it is"
                        + " differentiated in forward mode as it runs, or nothing in it needs an adjoint)")));
        return out;
    }

    /** Every loop of a graph and of its regions, outer first. */
    private static List<While> loops(Graph g) {
        List<While> out = new ArrayList<>();
        Deque<Graph> work = new ArrayDeque<>();
        work.push(g);
        while (!work.isEmpty()) {
            Graph next = work.removeFirst();
            for (Node n : next.nodes()) {
                if (n.op() instanceof While w) {
                    out.add(w);
                }
                if (n.op() instanceof dev.gradc.ir.Region r) {
                    work.addAll(r.graphs());
                }
            }
        }
        return out;
    }
}
