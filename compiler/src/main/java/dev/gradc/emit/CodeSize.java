package dev.gradc.emit;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ir.Shape;
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

    /**
     * A graph estimated larger than this is split; the test of every generated method checks the margin. The
     * estimate runs 1.1–1.8× the bytecode javac writes for each form of product (ProductSizeEstimateTest) and
     * 1.35× for the LSTM's loop body (5,080 estimated for 3,758 bytes), so a graph estimated at this many bytes
     * is written in well under HotSpot's 8,000 (the largest generated method: 5,316 bytes).
     */
    static final int SPLIT = 5200;
    /** A part of a split graph ends once it reaches this much code. */
    static final int PART = 2500;

    /**
     * A graph whose code runs more loops than this, by {@link #loops}' estimate, is split. The estimate counts every
     * array op, where the emitter fuses elementwise chains into one loop, so it runs 1.3–2.4× the loops the code
     * has: the GMM gradient's reverse loop, estimated 105, has 76–79 loops in one method, which C2 does not
     * compile ("out of nodes"); the LSTM's loop bodies, estimated up to 97 (99 when every product counted three
     * loops), have at most 41, which it compiles.
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
    /** What the emitter knows of each graph measured ({@link ProductForms#of} asks it). */
    private final Map<Graph, GraphInfo> infos = new IdentityHashMap<>();
    /** The graphs known to run in a loop's trip: loop bodies, and the graphs inside them. */
    private final java.util.Set<Graph> inLoop = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    /** The loop bodies among them, each with its loop. */
    private final Map<Graph, While> bodies = new IdentityHashMap<>();
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
                        body(r, sub, inLoop.contains(g));
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
                    total += node(g, n);
                    loops += loops(g, n);
                }
                graphs.put(g, total);
                loopCounts.put(g, loops);
            }
        }
        return graphs.get(root);
    }

    /** Notes sub-graph sub of region r as run in a loop's trip when it is a loop body or {@code inTrip}. */
    private void body(Region r, Graph sub, boolean inTrip) {
        if (r instanceof While w && sub == w.body()) {
            bodies.put(sub, w);
            inLoop.add(sub);
        } else if (inTrip) {
            inLoop.add(sub);
        }
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
        body(r, sub, false);
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
     * The estimate of the loops one node's code runs where it is written: an array op's loop (a product's, those of
     * its form, {@link #product}), a reduction of an array to a scalar, and a region's sub-graphs that are not split
     * (not the region's own loop). A region's sub-graphs must be measured ({@link #graph}) first.
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
        if (op instanceof Matmul) {
            return product(g, n).loops();
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

    /**
     * The bytes and the Java loops of one node's code. A product's, by its form, as measured on the bytecode javac
     * writes for it (ProductSizeEstimateTest, the product alone: a blocked 8×5 matrix times a vector 144 bytes and
     * 2 loops, a 3×5 one 52 bytes, the same with size names 244 bytes and 4 loops, a rows-form 3×5 by 5×20 138 bytes
     * and 4 loops with its copy of B, {@code Aᵀv} with size names a call of 41 bytes and no loop).
     */
    record Cost(int bytes, int loops) {

        Cost plus(Cost c) {
            return new Cost(bytes + c.bytes, loops + c.loops);
        }

        static Cost max(Cost a, Cost b) {
            return new Cost(Math.max(a.bytes, b.bytes), Math.max(a.loops, b.loops));
        }
    }

    /** A dot product of two vectors: one sum over k. */
    static final Cost DOT = new Cost(25, 1);
    /** {@code Aᵀv} with a size given at run time: a call of {@code Products.transposedTimesInto}, no loop inline. */
    static final Cost KERNEL_CALL = new Cost(45, 0);
    /** {@link BlockedProduct}'s blocks of {@value BlockedProduct#BLOCK} sums: along i (C a column) or along i and j. */
    static final Cost BLOCKS_COLUMN = new Cost(140, 2);
    static final Cost BLOCKS = new Cost(180, 3);
    /** {@link BlockedProduct}'s entries left over, one sum each. */
    static final Cost REST_COLUMN = new Cost(55, 2);
    static final Cost REST = new Cost(75, 3);
    /** The rows form's axpys into a single row of C, and into each row of C (cleared and copied out per row). */
    static final Cost ROWS_SINGLE = new Cost(40, 2);
    static final Cost ROWS = new Cost(90, 3);
    /** The rows form's copy of op(B) into rows: row by row ({@code copyOfRange}), or entry by entry for Bᵀ. */
    static final Cost COPY_ROWS = new Cost(40, 1);
    static final Cost COPY_ROWS_TRANSPOSED = new Cost(55, 2);
    /** k-i-j into rows of C, then C's rows copied out; op(B) = Bᵀ fills its row buffer entry by entry. */
    static final Cost OUTER_ROWS = new Cost(130, 4);
    static final Cost FILL_TRANSPOSED = new Cost(40, 1);
    /** Rows of Cᵀ accumulated k-i-j, then written transposed. */
    static final Cost TRANSPOSED_RESULT = new Cost(150, 5);
    /** {@code Aᵀv} as axpys over rows of A copied before the loop (with an outer-product update fused in it). */
    static final Cost TRANSPOSED_ROWS = new Cost(100, 2);
    /** What index arithmetic with sizes given at run time adds to a product's loops ({@code i * M + k}). */
    static final Cost NAMES = new Cost(70, 0);
    /** What every product of an array adds: its result's array. */
    static final Cost RESULT = new Cost(10, 0);
    private static final Cost NONE = new Cost(0, 0);

    /**
     * The cost of product n of graph g as {@link MatmulCode} writes it, in the form {@link ProductForms#of} gives:
     * where that form depends on whether the enclosing loop copied A into rows before it ({@link
     * StoragePlan#hoisted}, decided only when the code is written), the larger of the two; a copy of op(B) into
     * rows counted unless the product is known to be in a loop body, where only Bᵀ is copied.
     */
    Cost product(Graph g, Node n) {
        Shape sa = JavaTypes.shape(g.type(n.input(0)));
        Shape sb = JavaTypes.shape(g.type(n.input(1)));
        if (sa.rank() == 1 && sb.rank() == 1) {
            return DOT;
        }
        GraphInfo info = info(g);
        Cost c = product(g, n, ProductForms.of(info, n, false));
        While w = bodies.get(g);
        int a = info.rep(n.input(0));
        int k = g.params().indexOf(a);
        if (w != null && k >= w.carried() && sa.rank() == 2 && ProductForms.readsRows(g, info, a)) {
            // StoragePlan copies such an A into rows before the loop unless the body is split
            c = Cost.max(c, product(g, n, ProductForms.of(info, n, true)));
        }
        return c;
    }

    private Cost product(Graph g, Node n, ProductForms.Form form) {
        Matmul mm = (Matmul) n.op();
        Shape sa = JavaTypes.shape(g.type(n.input(0)));
        Shape sb = JavaTypes.shape(g.type(n.input(1)));
        boolean ta = mm.transposeA() && sa.rank() == 2;
        boolean tb = mm.transposeB() && sb.rank() == 2;
        Dim mDim = sa.rank() == 2 ? sa.dim(ta ? 1 : 0) : null;
        Dim kDim = sa.rank() == 2 ? sa.dim(ta ? 0 : 1) : sa.dim(0);
        Dim nDim = sb.rank() == 2 ? sb.dim(tb ? 0 : 1) : null;
        Cost c = fixed(sa) && fixed(sb) ? RESULT : RESULT.plus(NAMES);
        switch (form) {
            case DOT -> c = DOT;
            case TRANSPOSED_ROWS -> c = c.plus(TRANSPOSED_ROWS);
            case TRANSPOSED_RESULT -> c = c.plus(TRANSPOSED_RESULT);
            case OUTER_ROWS -> c = c.plus(OUTER_ROWS).plus(tb ? FILL_TRANSPOSED : NONE);
            case ROWS -> {
                c = c.plus(one(mDim) ? ROWS_SINGLE : ROWS);
                if (tb || !inLoop.contains(g)) {
                    c = c.plus(tb ? COPY_ROWS_TRANSPOSED : COPY_ROWS);
                }
            }
            case BLOCKED -> {
                if (ta && sb.rank() == 1 && !(mDim instanceof Dim.Fixed && kDim instanceof Dim.Fixed)) {
                    return KERNEL_CALL; // MatmulCode.callsKernel
                }
                // as MatmulCode chooses the blocked length and BlockedProduct the loops it writes
                boolean alongI = nDim == null || mDim != null && (!(mDim instanceof Dim.Fixed fm)
                        || nDim instanceof Dim.Fixed fn && fm.value() >= fn.value());
                Dim blocked = alongI ? mDim : nDim;
                boolean column = one(alongI ? nDim : mDim);
                Integer fixed = blocked == null ? Integer.valueOf(1)
                        : blocked instanceof Dim.Fixed f ? Integer.valueOf(f.value()) : null;
                if (fixed == null || fixed >= BlockedProduct.BLOCK) {
                    c = c.plus(column ? BLOCKS_COLUMN : BLOCKS);
                }
                if (fixed == null || fixed % BlockedProduct.BLOCK != 0) {
                    c = c.plus(column ? REST_COLUMN : REST);
                }
            }
        }
        return c;
    }

    /** Whether every dimension of a shape is a number. */
    private static boolean fixed(Shape s) {
        return s.dims().stream().allMatch(d -> d instanceof Dim.Fixed);
    }

    /** Whether a dimension of C is 1 whatever the sizes: a vector's missing axis, or a dimension of 1. */
    private static boolean one(Dim d) {
        return d == null || d instanceof Dim.Fixed f && f.value() == 1;
    }

    private GraphInfo info(Graph g) {
        return infos.computeIfAbsent(g, GraphInfo::new);
    }

    /** The estimate of one node's code in graph g; a region's sub-graphs must be measured ({@link #graph}) first. */
    int node(Graph g, Node n) {
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
        if (op instanceof Matmul) {
            return product(g, n).bytes();
        }
        if (!JavaTypes.isArray(t)) {
            return op instanceof Index ix ? 16 + 16 * ix.count() : 16;
        }
        return ElementCode.isElementwise(n) ? 30 : 60;
    }
}
