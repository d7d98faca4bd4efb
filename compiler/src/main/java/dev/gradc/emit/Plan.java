package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Index;
import dev.gradc.ops.OperandReads;
import dev.gradc.ops.Pack;
import dev.gradc.ops.Param;
import dev.gradc.ops.Proj;
import dev.gradc.ops.Push;
import dev.gradc.ops.ReduceMax;
import dev.gradc.ops.ReduceSum;
import dev.gradc.ops.While;
import java.util.List;

/**
 * The emitter's planning step for one graph: how each node's value will be written ({@link NodePlan}), where its
 * array lives ({@link StoragePlan}: in place, held as rows, reused by every trip) and what a matrix product
 * writes in its own loop ({@link ProductPlan}: an epilogue, a held update), decided on the IR alone before any
 * code is written. {@link GraphCode} and its writers write what the plan says and only choose names.
 */
final class Plan {

    /**
     * Largest expression inlined into its consumer, in {@link NodePlan.Inline#size} units (one per op); a
     * larger one gets a local, so that expressions never nest deeply.
     */
    static final int MAX_INLINE_SIZE = 13;
    /** The size of a checked index term ({@code Checks.index(i, n, k, "file:line:col")}), as long as 7 ops. */
    static final int CHECKED_INDEX_SIZE = 7;
    /** Most elementwise ops fused into one loop body. */
    static final int MAX_FUSED = 6;

    /** How one node's value is written. */
    sealed interface NodePlan {

        /** Written where it is used: a constant, a size. */
        record Literal() implements NodePlan {
        }

        /** A scalar written as an expression into its only consumer; {@code size} measures the expression. */
        record Inline(int size) implements NodePlan {
        }

        /** A variable of its own: a scalar computed once, an array, a region's results, a stack. */
        record Local() implements NodePlan {
        }

        /** An elementwise array with no array of its own, computed element by element in its consumer's loop. */
        record Fused(int depth) implements NodePlan {
        }

        /** An elementwise array filled by its own loop, with the fused ops below it ({@code depth} ops deep). */
        record Loop(int depth) implements NodePlan {
        }
    }

    private static final NodePlan LITERAL = new NodePlan.Literal();
    private static final NodePlan LOCAL = new NodePlan.Local();

    private final NodePlan[] nodes;
    /** Per node: an op that might keep its array (not only read it) reads it. */
    private final boolean[] keptByUse;
    /** Per node: its array may outlive the code that computes it (kept by an op, or a result). */
    private final boolean[] escapes;
    /** Where arrays live. */
    final StoragePlan storage;
    /** What matrix products write in their own loops. */
    final ProductPlan products;
    /** Which reductions and row adds share one loop ({@link SharedLoops}). */
    final SharedLoops shared;
    /**
     * Per node: a slice read in place, at an offset into its array: by the loops of its elementwise users
     * ({@link RowViews}), or by products, reductions and elementwise ops when nothing in the graph writes that
     * array ({@link Views}).
     */
    private final boolean[] views;

    private Plan(NodePlan[] nodes, boolean[] keptByUse, boolean[] escapes, StoragePlan storage, ProductPlan products,
                 boolean[] views, SharedLoops shared) {
        this.nodes = nodes;
        this.shared = shared;
        this.views = views;
        this.keptByUse = keptByUse;
        this.escapes = escapes;
        this.storage = storage;
        this.products = products;
    }

    /**
     * Whether the array of node id may outlive the trip of the loop body that computes it: a result, or read
     * by an op that might keep the array itself (anything but the ops below, which only read their operands).
     * An array that cannot is allocated once before the loop and reused ({@link StorageCode#reuseArray}).
     */
    boolean escapes(int id) {
        return escapes[id];
    }

    /** Whether node id is a slice read in place, with no array of its own ({@link RowViews}, {@link Views}). */
    boolean isView(int id) {
        return views[id];
    }

    /** Whether an op that might keep its array (not only read it) reads node id's array. */
    boolean keptByUse(int id) {
        return keptByUse[id];
    }

    /** The plan of node id (a representative, {@link GraphInfo#rep}), or null when the graph does not emit it. */
    NodePlan node(int id) {
        return nodes[id];
    }

    /**
     * Plans every emitted node of info's graph: {@code pinned} nodes keep a variable of their own (values
     * crossing a method split), and {@code inlineResults} lets a result be an expression (a region's).
     */
    static Plan of(GraphInfo info, boolean[] pinned, boolean inlineResults) {
        return of(info, pinned, inlineResults, null);
    }

    /**
     * Plans a loop body written inline in its loop (not split into methods): its arrays may be allocated once
     * before the loop, and the carried arrays marked in {@code body.owned()} overwritten in place.
     */
    static Plan ofBody(GraphInfo info, StoragePlan.Body body) {
        return of(info, new boolean[info.graph.size()], true, body);
    }

    /**
     * Plans a part of a loop body split into methods ({@link SplitMethod}): {@code pinned} nodes cross parts, and
     * the arrays no trip keeps are buffers the loop allocates once ({@code body.split()}).
     */
    static Plan ofPart(GraphInfo info, boolean[] pinned, StoragePlan.Body body) {
        return of(info, pinned, false, body);
    }

    /**
     * Plans a branch of a cond written inline within a loop's trip, where the loop's reused arrays go ({@link
     * StorageCode#forInnerLoops}): an array that no op keeps and that is no result of the branch dies with the
     * branch, so it is a buffer made once, as a loop body's is (the row a swap saves, a row's adjoint read once
     * and added into another row).
     */
    static Plan ofBranch(GraphInfo info) {
        return of(info, new boolean[info.graph.size()], true, null, true);
    }

    private static Plan of(GraphInfo info, boolean[] pinned, boolean inlineResults, StoragePlan.Body body) {
        return of(info, pinned, inlineResults, body, false);
    }

    private static Plan of(GraphInfo info, boolean[] pinned, boolean inlineResults, StoragePlan.Body body,
                           boolean inTrip) {
        Graph g = info.graph;
        NodePlan[] nodes = new NodePlan[g.size()];
        for (Node n : g.nodes()) {
            int id = n.id();
            if (!info.emits(id) || info.rep(id) != id) {
                continue;
            }
            nodes[id] = plan(info, nodes, n, pinned[id], inlineResults);
        }
        boolean[] keptByUse = new boolean[g.size()];
        for (Node u : g.nodes()) {
            if (info.emits(u.id())) {
                for (int k = 0; k < u.inputs().size(); k++) {
                    if (keeps(g, u, k)) {
                        keptByUse[info.rep(u.input(k))] = true;
                    }
                }
            }
        }
        LoopAliases loops = new LoopAliases(g);
        boolean[] escapes = escapes(info, loops);
        StoragePlan storage = new StoragePlan(info, pinned, escapes, loops, body, inTrip);
        boolean[] views = Views.or(RowViews.of(info, nodes, pinned), Views.of(info, pinned, storage));
        return new Plan(nodes, keptByUse, escapes, storage, new ProductPlan(info, nodes, pinned, storage, views), views,
                SharedLoops.of(info, nodes, views, pinned));
    }

    /** Whether node u might keep the array of its input k, not only read it. */
    static boolean keeps(Graph g, Node u, int k) {
        // a write copies or adds its value (any input but the array it writes) into that array
        boolean copied = u.op() instanceof dev.gradc.ops.Overwriting && k > 0;
        return !OperandReads.onlyReads(u.op()) && !copied && !LoopReads.reads(g, u, k)
                && !LoopReads.onlyReads(u.op(), k);
    }

    /**
     * Per node: whether its array may outlive the code that computes it — a result, read by an op that might
     * keep it, or the array of an op whose own array may be that very one and that outlives the code in turn: a
     * write (it writes the array in place when it may), a loop given it as a carried value (the loop may take it
     * over and give it back) and a region's part. Followed from the last node back, so that an array a write
     * changes or a loop carries, when nothing keeps what they give past the trip, is still a buffer the loop
     * body makes once ({@link StoragePlan}): each RK4 stage's {@code z = zeros(N)}, written at {@code z[0]}.
     * A loop's carried array escapes only through the loop's results that may be it ({@link LoopAliases}): an
     * adjoint loop that adds into an escaping gradient does not make the seed it clears escape with it.
     */
    private static boolean[] escapes(GraphInfo info, LoopAliases loops) {
        Graph g = info.graph;
        boolean[] escapes = new boolean[g.size()];
        for (int r : g.results()) {
            escapes[info.rep(r)] = true;
            loops.escapesWhole(info.rep(r));
        }
        for (int id = g.size() - 1; id >= 0; id--) {
            Node u = g.node(id);
            if (!info.emits(id) || OperandReads.onlyReads(u.op())) {
                continue;
            }
            boolean through = escapes[info.rep(id)];
            for (int k = 0; k < u.inputs().size(); k++) {
                boolean copied = u.op() instanceof dev.gradc.ops.Overwriting && k > 0;
                if (!copied && !LoopReads.reads(g, u, k) && !LoopReads.onlyReads(u.op(), k)) {
                    int in = info.rep(u.input(k));
                    boolean escaped = u.op() instanceof While w && k < w.carried() && loops.tracks(id)
                            ? loops.escapes(id, k) : !passesOn(g, u, k) || through;
                    escapes[in] |= escaped;
                    if (escaped && !loops.part(u, in, through)) {
                        loops.escapesWhole(in);
                    }
                }
            }
        }
        return escapes;
    }

    /**
     * Whether u's own array may be its input k's array, or a part of it: the array a write changes, a loop's
     * carried value, a region's part, a slice read in place ({@link Views}).
     */
    private static boolean passesOn(Graph g, Node u, int k) {
        return u.op() instanceof dev.gradc.ops.Overwriting && k == 0 || u.op() instanceof While w && k < w.carried()
                || u.op() instanceof Proj || k == 0 && Views.isSlice(g, u);
    }

    private static NodePlan plan(GraphInfo info, NodePlan[] nodes, Node n, boolean pinned, boolean inlineResults) {
        Object op = n.op();
        if (GraphInfo.isLiteral(n)) {
            return LITERAL;
        }
        if (op instanceof Param || op instanceof Proj || op instanceof While || op instanceof Cond) {
            return LOCAL;
        }
        if (JavaTypes.isArray(n.type())) {
            if (!ElementCode.isElementwise(n)) {
                return LOCAL;
            }
            int depth = 1;
            for (int in : n.inputs()) {
                if (nodes[info.rep(in)] instanceof NodePlan.Fused f) {
                    depth = Math.max(depth, f.depth() + 1);
                }
            }
            return !pinned && fuses(info, nodes, n, depth) ? new NodePlan.Fused(depth) : new NodePlan.Loop(depth);
        }
        if (!ElementCode.isElementwise(n) && !(op instanceof Index ix && isScalarIndex(info.graph, n, ix))) {
            return LOCAL;
        }
        int size = 1;
        if (op instanceof Index ix) {
            size += CHECKED_INDEX_SIZE * ix.count();
        }
        for (int in : n.inputs()) {
            if (nodes[info.rep(in)] instanceof NodePlan.Inline e) {
                size += e.size();
            }
        }
        return !pinned && size <= MAX_INLINE_SIZE && inlines(info, n, inlineResults) ? new NodePlan.Inline(size) : LOCAL;
    }

    /** Whether the element-by-element n of fusion depth {@code depth} goes into the loop of its only consumer. */
    private static boolean fuses(GraphInfo info, NodePlan[] nodes, Node n, int depth) {
        int u = info.soleUser(n.id());
        if (u < 0 || depth > MAX_FUSED) {
            return false;
        }
        Node user = info.graph.node(u);
        if (user.op() instanceof ReduceSum || user.op() instanceof ReduceMax) {
            return true;
        }
        if (user.op() instanceof dev.gradc.ops.RowsAddAt && n.op() instanceof dev.gradc.ops.Outer
                && info.rep(user.input(0)) != n.id()) {
            return true; // added into the rows by the write's own loop (OverwriteCode)
        }
        if ((user.op() instanceof dev.gradc.ops.RowsAddAt || user.op() instanceof dev.gradc.ops.AddAt)
                && info.rep(user.input(1)) == n.id() && info.rep(user.input(0)) != n.id()
                && readsApart(info, nodes, n, info.rep(user.input(0)))) {
            return true; // added into the row (rows) by the write's own loop, as it is computed (OverwriteCode)
        }
        if (LineUpdates.fuses(info, nodes, n, user)) {
            return true; // written into the line by the update's own loop, as it is computed (OverwriteCode)
        }
        return ElementCode.isElementwise(user) && JavaTypes.shape(user.type()).equals(JavaTypes.shape(n.type()));
    }

    /**
     * Whether elementwise n, with the ops fused into it, reads nothing of array x (the array a write adds n into)
     * and no slice of any array: its operands are scalars and arrays of their own, so computing n inside the loop
     * that adds it into x, rather than into an array before it, reads the same values. A slice read in place
     * ({@link RowViews}) or x itself would be read while x is written; a chain with a slice keeps its own loop.
     */
    private static boolean readsApart(GraphInfo info, NodePlan[] nodes, Node n, int x) {
        java.util.ArrayDeque<Node> work = new java.util.ArrayDeque<>(List.of(n));
        while (!work.isEmpty()) {
            for (int in : work.pop().inputs()) {
                int r = info.rep(in);
                Node v = info.graph.node(r);
                boolean slice = (v.op() instanceof Index || v.op() instanceof dev.gradc.ops.Rows) && JavaTypes.isArray(v.type());
                if (r == x || slice) {
                    return false;
                }
                if (nodes[r] instanceof NodePlan.Fused) {
                    work.push(v);
                }
            }
        }
        return true;
    }

    /**
     * Whether scalar n may be written into its only consumer: a region's result when the region's code asks
     * for it, never a program variable (it keeps its name), and only into scalar code, a push, a tuple or a
     * branch's condition — never into a loop over an array, which would evaluate it on every element.
     */
    private static boolean inlines(GraphInfo info, Node n, boolean inlineResults) {
        int u = info.soleUser(n.id());
        if (u == -1) {
            return false;
        }
        if (u == GraphInfo.RESULT) {
            return inlineResults;
        }
        if (n.label() != null && !n.label().startsWith("#")) {
            return false;
        }
        Node user = info.graph.node(u);
        if (user.op() instanceof Push || user.op() instanceof Pack
                || user.op() instanceof Cond && info.rep(user.input(0)) == n.id()) {
            return true;
        }
        Type t = user.type();
        return !(t instanceof Type.Tuple) && !(t instanceof Type.Stack) && !JavaTypes.isArray(t);
    }

    /** Whether an index op reads one element (an index for every axis), a scalar. */
    static boolean isScalarIndex(Graph g, Node n, Index ix) {
        return ix.count() == JavaTypes.shape(g.type(n.input(0))).rank();
    }
}
