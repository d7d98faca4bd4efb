package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ir.Type;
import dev.gradc.ops.Detach;
import dev.gradc.ops.Index;
import dev.gradc.ops.Matmul;
import dev.gradc.ops.Param;
import dev.gradc.ops.Proj;
import dev.gradc.ops.While;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * An estimate of the bytecode each node and each graph becomes, in bytes, on the high side: the emitter
 * splits a method, a loop body or a branch whose estimate passes {@link #SPLIT} into helper methods, so that
 * no generated method reaches HotSpot's 8,000-byte limit for compiling a method (a larger one runs in the
 * bytecode interpreter for good). Graphs are measured once each, sub-graphs before the regions that hold
 * them, without recursion (nesting depth is the program's).
 *
 * <p>Also the number of Java loops a graph's code runs ({@link #loops}), on the high side: HotSpot's C2
 * copies every counted loop several times over (pre-, main and post-loop, unrolled, vectorised), so a method
 * of many array loops runs out of C2's nodes far below 8,000 bytes ("COMPILE SKIPPED: out of nodes") and
 * stays in C1's code for good. The GMM gradient's reverse loop, 4,167 bytes and 76 loops in one method, did,
 * and the gradient took 1.5–1.9× the CPU time it takes with that loop's body split. A graph of more than
 * {@link #SPLIT_LOOPS} loops is split as one of more than {@link #SPLIT} bytes is.
 */
final class CodeSize {

    /** A graph estimated larger than this is split; the test of every generated method checks the margin. */
    static final int SPLIT = 5000;
    /** A part of a split graph ends once it reaches this much code. */
    static final int PART = 2500;

    /**
     * A graph whose code runs more loops than this, by {@link #loops}' estimate, is split. The estimate counts every
     * array op, where the emitter fuses elementwise chains into one loop, so it runs 1.3–2.4× the loops the code
     * has: the GMM gradient's reverse loop, estimated 105, has 76–79 loops in one method, which C2 does not
     * compile ("out of nodes"); the LSTM's loop bodies, estimated up to 99, have at most 41, which it compiles.
     * Splitting a loop body costs more than calls and frame traffic on every trip: values that cross parts lose
     * their fusion and their views (the LSTM's gradient split at 60 took 1.9× its unsplit CPU time). So the limit
     * is no lower than it needs to be; MethodSizeTest fails any generated method of more than 70 loops.
     */
    static final int SPLIT_LOOPS = 100;
    /** A part of a split graph ends once it runs this many loops. */
    static final int PART_LOOPS = 30;

    /** What a sub-graph split into methods leaves in its region's method: calls, and per value a store and a load. */
    private static final int CALLS = 100;
    private static final int PER_VALUE = 24;

    private final Map<Graph, Integer> graphs = new IdentityHashMap<>();
    private final Map<Graph, Integer> loopCounts = new IdentityHashMap<>();
    /** The regions written once as methods of their own ({@link RegionMethods}): a call at each use. */
    private final java.util.Set<Region> shared;

    /** The estimates of graphs whose {@code shared} regions are written as calls. */
    CodeSize(java.util.Set<Region> shared) {
        this.shared = shared;
    }

    /** The estimate of a graph's code: its nodes' and, for regions, their sub-graphs'. */
    int graph(Graph root) {
        Integer known = graphs.get(root);
        if (known != null) {
            return known;
        }
        Deque<Graph> work = new ArrayDeque<>();
        work.push(root);
        while (!work.isEmpty()) {
            Graph g = work.peek();
            boolean ready = true;
            for (Node n : g.nodes()) {
                if (n.op() instanceof Region r && !shared.contains(r)) {
                    for (Graph sub : r.graphs()) {
                        if (!graphs.containsKey(sub)) {
                            work.push(sub);
                            ready = false;
                        }
                    }
                }
            }
            if (ready) {
                work.pop();
                int total = 0;
                int loops = 0;
                for (Node n : g.nodes()) {
                    total += node(n);
                    loops += loops(g, n);
                }
                graphs.put(g, total);
                loopCounts.put(g, loops);
            }
        }
        return graphs.get(root);
    }

    /** The estimate of the loops a graph's code runs in its own method: its nodes' and its unsplit regions'. */
    int loops(Graph root) {
        graph(root);
        return loopCounts.get(root);
    }

    /** Whether a graph is large enough to split into methods: in bytes or in loops. */
    boolean large(Graph g, int around) {
        return graph(g) + around > SPLIT || loops(g) > SPLIT_LOOPS;
    }

    /**
     * Whether sub-graph {@code sub} of region r goes into methods of its own: when it is large by itself, or
     * when r's sub-graphs together are large (both branches of an {@code if}) and it is not the smallest. A
     * loop's condition stays where the loop is.
     */
    boolean splits(Region r, Graph sub) {
        if (r instanceof While w && sub == w.condition()) {
            return false;
        }
        if (large(sub, 0)) {
            return true;
        }
        int own = graph(sub);
        int ownLoops = loops(sub);
        int total = 0;
        int totalLoops = 0;
        for (Graph g : r.graphs()) {
            total += graph(g);
            totalLoops += loops(g);
        }
        return total > SPLIT && own > SPLIT / r.graphs().size()
                || totalLoops > SPLIT_LOOPS && ownLoops > SPLIT_LOOPS / r.graphs().size();
    }

    /**
     * The estimate of what a public method adds around its graph's code: a length check per argument, and per
     * result that may be an argument at run time a comparison with each array argument.
     */
    static int around(int args, int results) {
        return 20 * args + 8 * results * args;
    }

    /**
     * The estimate of the loops one node's code runs where it is written: an array op's loop (a product's
     * three: clearing, the triple loop, the copy out), a reduction of an array to a scalar, and a region's
     * sub-graphs that are not split. A region's sub-graphs must be measured ({@link #graph}) first.
     */
    int loops(Graph g, Node n) {
        Object op = n.op();
        if (op instanceof Region r) {
            int l = 0;
            if (!shared.contains(r)) {
                for (Graph sub : r.graphs()) {
                    l += splits(r, sub) ? 0 : loops(sub);
                }
            }
            return l;
        }
        if (op instanceof Param || op instanceof Proj || op instanceof Detach || GraphInfo.isLiteral(n)
                || n.type() instanceof Type.Stack || n.type() instanceof Type.Tuple) {
            return 0;
        }
        if (op instanceof Matmul mm) {
            // a forward product reading an operand transposed is the program's transpose(A) @ ...: counted as
            // the transpose's copy it was before the lowering read A in place, and the product
            return n.role() == Node.Role.FORWARD && (mm.transposeA() || mm.transposeB()) ? 4 : 3;
        }
        if (JavaTypes.isArray(n.type())) {
            return 1;
        }
        if (op instanceof Index) {
            return 0;
        }
        for (int in : n.inputs()) {
            if (JavaTypes.isArray(g.type(in))) {
                return 1;
            }
        }
        return 0;
    }

    /** The estimate of one node's code; a region's sub-graphs must be measured ({@link #graph}) first. */
    int node(Node n) {
        Object op = n.op();
        if (op instanceof Region r && shared.contains(r)) {
            return CALLS + PER_VALUE * (n.inputs().size() + ((Type.Tuple) n.type()).parts().size());
        }
        if (op instanceof Region r) {
            int w = 40 + 12 * n.inputs().size();
            for (Graph sub : r.graphs()) {
                w += splits(r, sub) ? CALLS + PER_VALUE * n.inputs().size() : graph(sub);
            }
            return w;
        }
        if (op instanceof Param || op instanceof Proj || op instanceof Detach || GraphInfo.isLiteral(n)) {
            return 0;
        }
        Type t = n.type();
        if (t instanceof Type.Stack || t instanceof Type.Tuple) {
            return 20;
        }
        if (!JavaTypes.isArray(t)) {
            return op instanceof Index ix ? 16 + 16 * ix.count() : 16;
        }
        if (op instanceof Matmul) {
            return 120;
        }
        return ElementCode.isElementwise(n) ? 30 : 60;
    }
}
