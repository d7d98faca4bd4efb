package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Index;
import dev.gradc.ops.Param;
import dev.gradc.ops.Push;
import dev.gradc.ops.ReduceMax;
import dev.gradc.ops.ReduceSum;

/**
 * Which slices {@code x[i]} / {@code x[i, :]} (an {@link Index} with fewer indices than axes) need no array of
 * their own: every op that uses the slice is elementwise, so each reads it element by element inside the loop
 * that fills it or that it is fused into, or pushes its values onto a stack (a write journal keeping the row a
 * row update overwrites) or is the value a line update copies ({@code U[k, :] = U[p, :]}: one
 * {@code System.arraycopy} from where the slice lies), and the slice may be read there as {@code x[offset + j]} — the offset
 * computed (and its indices checked) where the slice stands, no copy. That is only right while nothing can
 * change x between the slice and the last loop that reads it: every node between them (in the order they are
 * written) only computes values of its own — elementwise ops, reads, reductions, products, pushes (which copy).
 * A write, a loop or a branch among them (any of which may write an array in place), a slice that crosses a
 * method split, or a slice that is a result keeps its copy. The last loop may be a write's own: the update of a
 * line of x whose value it computes entry by entry ({@link LineUpdates}) reads entry j of the slice before it
 * writes entry j of the line, and no other entry of that line after; and a line update copying the slice reads all
 * of it before it writes ({@code System.arraycopy} copies as through a buffer, even within one array).
 */
final class RowViews {

    private RowViews() {
    }

    /** Per node of info's graph: whether it is a slice read in place ({@code nodes}: the plan of each node). */
    static boolean[] of(GraphInfo info, Plan.NodePlan[] nodes, boolean[] pinned) {
        Graph g = info.graph;
        int n = g.size();
        // the node whose loop computes node id: id itself, or, for an op fused into its consumer, that consumer's
        int[] written = new int[n];
        for (int id = n - 1; id >= 0; id--) {
            int user = info.soleUser(id);
            written[id] = nodes[id] instanceof Plan.NodePlan.Fused && user >= 0 ? written[user] : id;
        }
        boolean[] candidate = new boolean[n];
        int[] lastRead = new int[n];
        for (Node s : g.nodes()) {
            candidate[s.id()] = isSlice(g, s) && info.emits(s.id()) && !pinned[s.id()] && info.uses(s.id()) > 0;
        }
        for (int r : g.results()) {
            candidate[info.rep(r)] = false;
        }
        for (Node u : g.nodes()) {
            if (!info.emits(u.id())) {
                continue;
            }
            for (int in : u.inputs()) {
                int r = info.rep(in);
                if (!candidate[r]) {
                    continue;
                }
                candidate[r] = ElementCode.isElementwise(u) && (nodes[u.id()] instanceof Plan.NodePlan.Fused
                        || nodes[u.id()] instanceof Plan.NodePlan.Loop) || pushes(info, u, r)
                        || LineUpdates.copiesLine(info, u, r);
                lastRead[r] = Math.max(lastRead[r], written[u.id()]);
            }
        }
        // changes[i]: how many nodes before i might change an array in place
        int[] changes = new int[n + 1];
        for (int id = 0; id < n; id++) {
            changes[id + 1] = changes[id] + (info.emits(id) && !onlyComputes(g.node(id)) ? 1 : 0);
        }
        boolean[] views = new boolean[n];
        for (int id = 0; id < n; id++) {
            if (!candidate[id] || lastRead[id] <= id) {
                continue;
            }
            // a line update whose value is computed in its own loop writes each entry after reading it (LineUpdates)
            int end = LineUpdates.readBeforeItsWrite(info, nodes, g.node(id), g.node(lastRead[id])) ? lastRead[id]
                    : lastRead[id] + 1;
            views[id] = changes[end] == changes[id + 1];
        }
        return views;
    }

    /** Whether u pushes the values of slice r onto a stack (copying them where it stands, {@link StackCode}). */
    private static boolean pushes(GraphInfo info, Node u, int r) {
        return u.op() instanceof Push && info.rep(u.input(1)) == r && info.rep(u.input(0)) != r;
    }

    /** A read of a real array's block with fewer indices than axes: {@code x[i]} of a matrix. */
    private static boolean isSlice(Graph g, Node s) {
        return s.op() instanceof Index ix && g.type(s.input(0)) instanceof Type.Real r && ix.count() < r.shape().rank()
                && ix.count() > 0;
    }

    /** Whether node u makes a value of its own and changes no array (its inputs' or any other). */
    static boolean onlyComputes(Node u) {
        Object op = u.op();
        return ElementCode.isElementwise(u) || op instanceof Index || op instanceof Param || op instanceof Push
                || op instanceof ReduceSum || op instanceof ReduceMax || op instanceof dev.gradc.ops.Matmul
                || op instanceof dev.gradc.ops.Outer || op instanceof dev.gradc.ops.Rows || GraphInfo.isLiteral(u);
    }
}
