package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.Cond;
import dev.gradc.ops.While;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Which inputs a region (a loop or a branch) only reads: every op of its graphs that uses the input's parameter
 * only reads it (the caller's {@link Reads}, which ops count), or is a region inside that only reads it in turn;
 * no graph gives it back as a result, and a loop does not carry it. Such a region keeps nothing of the array
 * once it has run: to whoever owns the array it is one more read, like an element read, so a write after it may
 * change the array in place and a loop may reuse one buffer for it. Nested regions are followed with a work
 * list, not recursion, however deep they nest.
 */
public final class RegionReads {

    /** Which uses of an array, outside regions, only read it. */
    @FunctionalInterface
    public interface Reads {

        /** Whether node u of graph g, whose input k is the array, only reads it (keeps nothing of it). */
        boolean reads(Graph g, Node u, int k);
    }

    private RegionReads() {
    }

    /** Whether region op (a loop's or a cond's) only reads its input k; false for any other op. */
    public static boolean onlyReads(Object op, int k, Reads reads) {
        if (!isRegionInput(op, k)) {
            return false;
        }
        Deque<Graph> graphs = new ArrayDeque<>();
        Deque<Integer> params = new ArrayDeque<>();
        enter(op, k, graphs, params);
        while (!graphs.isEmpty()) {
            Graph g = graphs.pop();
            int p = params.pop();
            if (g.results().contains(p)) {
                return false;
            }
            for (Node v : g.nodes()) {
                for (int j = 0; j < v.inputs().size(); j++) {
                    if (v.input(j) != p || reads.reads(g, v, j)) {
                        continue;
                    }
                    if (!isRegionInput(v.op(), j)) {
                        return false;
                    }
                    enter(v.op(), j, graphs, params);
                }
            }
        }
        return true;
    }

    /** Whether input k of a node of op enters a region's graphs as a parameter that the region may only read. */
    private static boolean isRegionInput(Object op, int k) {
        return op instanceof While w && k >= w.carried() || op instanceof Cond && k >= 1;
    }

    /** Queues the graphs of region op with the parameter that its input k becomes in each. */
    private static void enter(Object op, int k, Deque<Graph> graphs, Deque<Integer> params) {
        if (op instanceof While w) {
            graphs.push(w.condition());
            params.push(w.condition().params().get(k));
            graphs.push(w.body());
            params.push(w.body().params().get(k));
        } else {
            for (Graph b : ((Cond) op).graphs()) {
                graphs.push(b);
                params.push(b.params().get(k - 1));
            }
        }
    }
}
