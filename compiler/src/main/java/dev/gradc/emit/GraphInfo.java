package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.BoolConstant;
import dev.gradc.ops.Constant;
import dev.gradc.ops.Detach;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Proj;
import dev.gradc.ops.SizeOf;
import dev.gradc.passes.DeadNodes;
import java.util.Arrays;

/**
 * What the emitter needs to know about one graph before writing it: which node stands for which
 * ({@code detach} is its input at run time), which nodes are live, how often each is used and by whom,
 * and the program names of region results. Computed once, in one backward and one forward sweep.
 */
final class GraphInfo {

    /** {@link #user} of a value that is a graph result. */
    static final int RESULT = -2;

    final Graph graph;
    private final int[] rep;
    private final int[] uses;
    private final int[] user;
    private final boolean[] live;
    private final String[][] projLabels;
    private final int[] lastProj;
    /** Made on first use ({@link #parts}). */
    private MatrixParts parts;

    GraphInfo(Graph g) {
        this.graph = g;
        int n = g.size();
        rep = new int[n];
        uses = new int[n];
        user = new int[n];
        live = new boolean[n];
        projLabels = new String[n][];
        lastProj = new int[n];
        Arrays.fill(user, -1);
        Arrays.fill(lastProj, -1);
        for (Node node : g.nodes()) {
            rep[node.id()] = node.op() instanceof Detach ? rep[node.input(0)]
                    : node.op() instanceof dev.gradc.ops.CustomRule ? rep[node.input(node.inputs().size() - 1)]
                    : node.id();
        }
        for (int r : g.results()) {
            live[rep[r]] = true;
        }
        for (Node node : g.nodes()) {
            // a region nothing reads survived dead-node removal because it holds a loop that may not end: it runs
            live[node.id()] |= node.op() instanceof dev.gradc.ir.Region;
            // so did an index or slice that may be out of range: unused or not, it fails as in every engine
            live[node.id()] |= DeadNodes.mayFail(g, node);
        }
        for (int i = n - 1; i >= 0; i--) {
            if (live[i]) {
                for (int in : g.node(i).inputs()) {
                    live[rep[in]] = true;
                }
            }
        }
        for (Node node : g.nodes()) {
            if (!live[node.id()] || rep[node.id()] != node.id()) {
                continue;
            }
            for (int in : node.inputs()) {
                use(rep[in], node.id());
            }
            if (node.op() instanceof Proj p) {
                int t = rep[node.input(0)];
                if (projLabels[t] == null) {
                    projLabels[t] = new String[((dev.gradc.ir.Type.Tuple) g.type(t)).parts().size()];
                }
                if (projLabels[t][p.index()] == null) {
                    projLabels[t][p.index()] = node.label();
                }
                lastProj[t] = node.id();
            }
        }
        for (int r : g.results()) {
            use(rep[r], RESULT);
        }
    }

    private void use(int id, int by) {
        uses[id]++;
        user[id] = uses[id] == 1 ? by : -1;
    }

    /** The node that computes the value of {@code id} ({@code detach(x)} is x). */
    int rep(int id) {
        return rep[id];
    }

    /** Whether the node is emitted: live, and not an alias of another. */
    boolean emits(int id) {
        return live[id] && rep[id] == id;
    }

    int uses(int id) {
        return uses[id];
    }

    /** The only user of a node used once, {@link #RESULT} for a result, else -1. */
    int soleUser(int id) {
        return uses[id] == 1 ? user[id] : -1;
    }

    /** Which parts of the graph's matrices may be non-zero and which are read ({@link MatrixParts}). */
    MatrixParts parts() {
        if (parts == null) {
            parts = MatrixParts.of(this);
        }
        return parts;
    }

    /** The program name of part {@code k} of a region's results, or null. */
    String projLabel(int tuple, int k) {
        String[] l = projLabels[tuple];
        return l == null ? null : l[k];
    }

    /** The last {@code proj} of a tuple node, or -1: a tuple must not be split from its projections. */
    int lastProj(int tuple) {
        return lastProj[tuple];
    }

    /** Nodes whose value is a literal or a size: written where used, never kept in a variable. */
    static boolean isLiteral(Node n) {
        return n.op() instanceof Constant c && c.isScalar() || n.op() instanceof IntConstant
                || n.op() instanceof BoolConstant || n.op() instanceof SizeOf;
    }
}
