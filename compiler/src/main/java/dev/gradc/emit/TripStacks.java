package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Discard;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Proj;
import dev.gradc.ops.Push;
import dev.gradc.ops.While;

/**
 * Which stacks a loop body makes die within the trip that makes them: a stack of an inner loop that its adjoint,
 * in the same trip, empties again. Such a stack may be made once before the loop and emptied at the start of every
 * trip ({@code reset}) instead of made afresh per trip, with the room it grew to ({@link StorageCode#reuseStack}).
 */
final class TripStacks {

    private TripStacks() {
    }

    /**
     * Whether the stack that node s of graph g makes never leaves the graph: no result of g is it or any stack a
     * region it enters gives back, and it is used only by pushes onto it, pops, projections and regions (loops and
     * conds, which may carry it) and discards (emptying it, or onto it). A push of the stack itself onto another stack,
     * or any other use, keeps it.
     */
    static boolean diesInGraph(Graph g, int s) {
        boolean[] version = new boolean[g.size()];
        version[s] = true;
        for (Node u : g.nodes()) {
            boolean uses = false;
            for (int k = 0; k < u.inputs().size(); k++) {
                if (!version[u.input(k)]) {
                    continue;
                }
                uses = true;
                boolean known = u.op() instanceof Push && k == 0 || u.op() instanceof Pop || u.op() instanceof Proj
                        || u.op() instanceof While || u.op() instanceof Cond || u.op() instanceof Discard;
                if (!known) {
                    return false;
                }
            }
            if (uses && u.op() instanceof Discard && !version[u.input(0)]) {
                continue; // the stack emptied there: the discard gives on the other one
            }
            if (uses) {
                // a push or a pop gives the stack on; a region or a projection any stack it gives
                version[u.id()] = !(u.op() instanceof Proj) || g.type(u.id()) instanceof Type.Stack
                        || g.type(u.id()) instanceof Type.Tuple;
            }
        }
        for (int r : g.results()) {
            if (version[r]) {
                return false;
            }
        }
        return true;
    }
}
