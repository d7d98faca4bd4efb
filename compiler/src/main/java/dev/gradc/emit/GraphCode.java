package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ops.BoolConstant;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Constant;
import dev.gradc.ops.Index;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Param;
import dev.gradc.ops.Proj;
import dev.gradc.ops.SizeOf;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the Java statements of one graph — a function body, a range of one, or a region's sub-graph — into
 * a method, as its {@link Plan} says: each node becomes a local, an expression inlined into its only consumer
 * (scalars), or a loop fused into its consumer's loop (elementwise arrays); literals and sizes are written
 * where they are used.
 */
final class GraphCode {

    final MethodContext m;
    final GraphInfo info;
    final Graph g;
    final Plan plan;
    final ElementCode elements = new ElementCode(this);
    final ElementWrites writes = new ElementWrites(this);
    final ArrayCode arrays = new ArrayCode(this);
    /** Where this code's arrays live, as {@link #plan} says: reused buffers, rows, epilogues, ownership. */
    final StorageCode storage;
    private final RegionCode regions = new RegionCode(this);
    private final CondCode conds = new CondCode(this, regions);
    final StackCode stacks = new StackCode(this);
    /** The per-node state ({@link NodeSlots}): its arrays, under short names. */
    private final NodeSlots slots;
    private final Expr[] val;
    private final List<String>[] parts;
    private final boolean[] fused;
    private final boolean[] inline;
    private final boolean[] ownVar;
    private final int[] aliasOf;
    private final boolean[] pinned;

    GraphCode(MethodContext m, GraphInfo info, List<Expr> params, boolean[] pinned, boolean inlineResults) {
        this(m, info, params, pinned, inlineResults, null, null, null);
    }

    private GraphCode(MethodContext m, GraphInfo info, List<Expr> params, boolean[] pinned, boolean inlineResults,
                      StoragePlan.Body body, Plan planned, NodeSlots shared) {
        this.m = m;
        this.info = info;
        this.g = info.graph;
        m.site.cc().adjoints().known(g); // a method's graph is analysed before its regions' graphs are written
        m.site.cc().tangents().analyse(g);
        int n = g.size();
        slots = shared != null ? shared : new NodeSlots(n, false);
        val = slots.val;
        parts = slots.parts;
        fused = slots.fused;
        inline = slots.inline;
        ownVar = slots.ownVar;
        aliasOf = slots.aliasOf;
        this.pinned = pinned == null ? new boolean[n] : pinned;
        this.plan = planned != null ? planned : body == null ? Plan.of(info, this.pinned, inlineResults)
                : Plan.ofBody(info, body);
        this.storage = new StorageCode(this);
        for (int i = 0; i < params.size(); i++) {
            slots.write(g.params().get(i));
            val[g.params().get(i)] = params.get(i);
        }
    }

    /**
     * The code of one part of a split graph ({@link SplitMethod}), as {@code plan} says: the plan of the whole
     * graph ({@link #planOfParts}), made once for all its parts, in {@code slots} shared by the parts (cleared
     * by each part when it is written).
     */
    static GraphCode part(MethodContext m, GraphInfo info, boolean[] pinned, Plan plan, NodeSlots slots,
                          GraphCode around, Node region) {
        GraphCode code = new GraphCode(m, info, List.of(), pinned, false, null, plan, slots);
        code.parent = around;
        code.site = region;
        return code;
    }

    /** The plan all parts of a split graph share; {@code body}: the loop body the graph is, or null. */
    static Plan planOfParts(GraphInfo info, boolean[] pinned, StoragePlan.Body body) {
        return body == null ? Plan.of(info, pinned, false)
                : body.split() ? Plan.ofPart(info, pinned, body) : Plan.ofBody(info, body);
    }

    /** The code of a region's sub-graph, written into the same method. */
    GraphCode sub(Graph sub, List<Expr> params, boolean inlineResults) {
        return new GraphCode(m, new GraphInfo(sub), params, null, inlineResults);
    }

    /**
     * The code of a branch of a cond, written into the same method: within a loop's trip (this code has somewhere
     * to put buffers made once, {@link StorageCode#forInnerLoops}) its arrays that die with the branch are such
     * buffers ({@link Plan#ofBranch}), and so are those of the loops inside it. {@code cond}: the cond's node.
     */
    GraphCode branch(Node cond, Graph sub, List<Expr> params) {
        StorageCode.Buffers to = storage.forInnerLoops();
        GraphCode code;
        if (to == null) {
            code = sub(sub, params, true);
        } else {
            GraphInfo subInfo = new GraphInfo(sub);
            code = new GraphCode(m, subInfo, params, null, true, null, Plan.ofBranch(subInfo), null);
            code.storage.hoistInto(to);
        }
        code.parent = this;
        code.site = cond;
        return code;
    }

    /**
     * The body of loop w (node {@code loop}), whose carried arrays marked in {@code owned} belong to the loop
     * alone.
     */
    GraphCode body(Node loop, While w, List<Expr> params, boolean[] owned) {
        GraphCode code = new GraphCode(m, new GraphInfo(w.body()), params, null, true,
                new StoragePlan.Body(w, owned.clone()), null, null);
        code.parent = this;
        code.site = loop;
        return code;
    }

    /**
     * The code around this region's sub-graph, and the region's node in it ({@link #branch}, {@link #body},
     * {@link #part}); null for a method's own graph.
     */
    private GraphCode parent;
    private Node site;

    GraphCode parent() {
        return parent;
    }

    Node site() {
        return site;
    }
    private IndexRanges ranges;

    /** What is known of the int values of this graph ({@link IndexRanges}). */
    IndexRanges ranges() {
        if (ranges == null) {
            ranges = new IndexRanges(this);
        }
        return ranges;
    }

    /** The loop whose body this is, or null: what {@link CheckpointCode} needs to know of a pop. */
    While loop;
    /**
     * Where the arrays this loop body reuses on every trip are allocated when not before its own loop: before
     * an enclosing loop of the same checkpointed loop ({@link CheckpointCode.Hoist}); null otherwise.
     */
    CheckpointCode.Hoist buffers;
    /** The {@link #buffers} of the loops nested in this body, or null. */
    CheckpointCode.Hoist nested;

    /** The end of the id range {@link #emit} is emitting: a node may be emitted early only inside it. */
    private int emitEnd;

    /** What is known of the loop bodies of this method's graph ({@link RegionMethods#known}). */
    dev.gradc.passes.InPlaceWrites.Known known() {
        return m.site != null ? m.site.regions().known() : new dev.gradc.passes.InPlaceWrites.Known();
    }

    /** Whether node id's value is an expression written where it is used (not a variable, not a literal). */
    boolean isInline(int id) {
        return inline[id];
    }

    /** Nodes whose inline expression was given a local ({@link #materialize}): read by that name since. */
    private final java.util.Set<Integer> materialized = new java.util.HashSet<>();

    /**
     * Whether node id, not emitted yet, may be emitted ahead of its turn ({@link #emitEarly}): it is in the range
     * being emitted, not fused into a loop, and every input already has a value.
     */
    boolean canEmitEarly(int id) {
        if (id >= emitEnd || val[id] != null || fused[id] || !info.emits(id)) {
            return false;
        }
        for (int in : g.node(id).inputs()) {
            int r = info.rep(in);
            if (val[r] == null && !GraphInfo.isLiteral(g.node(r))) {
                return false;
            }
        }
        return true;
    }

    /** Emits node id now, into a local (a read that must see an array before the next write changes it). */
    void emitEarly(int id) {
        node(g.node(id));
        if (isInline(id)) {
            materialize(id);
        }
    }

    /** Gives node id's inline expression a local, evaluated here. */
    void materialize(int id) {
        Node n = g.node(id);
        String name = suggestion(n) == null ? m.names.temp(tempSuffix(m.site.cc(), g, n))
                : m.names.newName(suggestion(n));
        m.declare(JavaTypes.of(n.type()), name, val[id].block());
        slots.write(id);
        val[id] = Expr.atom(name);
        inline[id] = false;
        materialized.add(id);
    }

    /** Whether node id's value is kept in a frame for another part of a split method ({@link SplitMethod}). */
    boolean pinned(int id) {
        return pinned[id];
    }

    /** Emits every node and gives the results' expressions. */
    List<Expr> emitAll() {
        emit(0, g.size());
        List<Expr> out = new ArrayList<>();
        for (int r : g.results()) {
            out.add(value(r));
        }
        return out;
    }

    /** Emits the nodes with ids in [from, to). */
    void emit(int from, int to) {
        emitEnd = to;
        for (int id = from; id < to; id++) {
            if (info.emits(id) && val[id] == null && parts[id] == null && !fused[id]
                    && !(g.node(id).op() instanceof Param)) {
                node(g.node(id));
            }
        }
        stacks.checkTaken(to);
    }

    /** The expression of a node's value: its variable, its inlined expression or its literal. */
    Expr value(int id) {
        int r = info.rep(id);
        if (stacks.isDeferred(r)) {
            throw new IllegalStateException("node %" + r + " is popped by the write that reads it, not here");
        }
        if (val[r] != null) {
            return val[r];
        }
        Node n = g.node(r);
        if (GraphInfo.isLiteral(n)) {
            return literal(n);
        }
        throw new IllegalStateException("node %" + r + " (" + n.op().mnemonic() + ") has no value yet");
    }

    /** Slices read in place ({@link RowViews}, {@link Views}): the local holding each one's offset, by node id. */
    private final java.util.Map<Integer, String> views = new java.util.HashMap<>();

    /** Rows of matrices held as rows ({@link EntryRows}) read in place: the row's array, by node id. */
    private final java.util.Map<Integer, String> rowViews = new java.util.HashMap<>();

    /** The array of row id of a matrix held as rows, read in place ({@link EntryRows}), or null. */
    String rowView(int id) {
        return rowViews.get(id);
    }

    /** The local holding the offset of slice id read in place (entry j is its input's entry offset + j), or null. */
    String viewOffset(int id) {
        return views.get(id);
    }

    boolean isFused(int id) {
        return fused[id];
    }

    /** Marks node id as computed inside another node's loop (a product's epilogue), with no value of its own. */
    void fuse(int id) {
        slots.write(id);
        fused[id] = true;
    }

    /** Binds a node to a variable defined elsewhere (a value loaded from a frame). */
    void bind(int id, String var) {
        slots.write(id);
        val[id] = Expr.atom(var);
    }

    /** Binds node id to an expression evaluated where it is read (a call whose one reader is next to it). */
    void bindExpr(int id, Expr e) {
        slots.write(id);
        val[id] = e;
    }

    void bindVar(int id, String var) {
        slots.write(id);
        val[id] = Expr.atom(var);
        ownVar[id] = true;
    }

    /** Binds node id to the variable of node {@code of}: id's value is of's array or stack, changed in place. */
    void bindAlias(int id, int of) {
        int r = info.rep(of);
        slots.write(id);
        val[id] = Expr.atom(value(r).code());
        aliasOf[id] = r;
    }

    /**
     * The node whose variable holds node id's value: id itself, or, through values written in place
     * ({@link #bindAlias}) and the stack a pop leaves (its input's), the node that declared the variable.
     */
    int variableOf(int id) {
        int r = info.rep(id);
        while (true) {
            Node n = g.node(r);
            if (aliasOf[r] >= 0) {
                r = aliasOf[r];
            } else if (n.op() instanceof Proj p && p.index() == 0
                    && g.node(info.rep(n.input(0))).op() instanceof dev.gradc.ops.Pop) {
                r = info.rep(g.node(info.rep(n.input(0))).input(0));
            } else {
                return r;
            }
        }
    }

    void bindParts(int id, List<String> vars) {
        slots.write(id);
        parts[id] = List.copyOf(vars);
    }

    /**
     * Whether the code of node id's value reads the variable of node p: id is p, or its value is written inline
     * (an expression, or another name for the same array or stack) over operands that do. A node with a
     * variable of its own is read by that name, never through its inputs.
     */
    boolean reads(int id, int p) {
        int target = info.rep(p);
        java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>();
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        work.push(info.rep(id));
        while (!work.isEmpty()) {
            int r = work.pop();
            Node n = g.node(r);
            if (r == target) {
                return true;
            }
            if (!seen.add(r) || ownVar[r] || materialized.contains(r) || n.op() instanceof Param
                    || GraphInfo.isLiteral(n)) {
                continue;
            }
            if (n.op() instanceof Proj proj) {
                // a region's results and a popped value are variables of their own; a pop's stack is its input's
                Node tuple = g.node(info.rep(n.input(0)));
                if (tuple.op() instanceof dev.gradc.ops.Pop && proj.index() == 0) {
                    work.push(info.rep(tuple.input(0)));
                }
                continue;
            }
            for (int in : n.inputs()) {
                work.push(info.rep(in));
            }
        }
        return false;
    }

    /** Whether node id's variable may become a loop variable: declared here, and read by nothing else. */
    boolean mayReuse(int id) {
        return ownVar[id] && info.uses(id) == 1 && !pinned[id] && !(g.node(id).op() instanceof Param);
    }

    private void node(Node n) {
        int id = n.id();
        Object op = n.op();
        slots.write(id);
        if (GraphInfo.isLiteral(n)) {
            val[id] = literal(n);
        } else if (shared(n)) {
            return;
        } else if (op instanceof Proj p) {
            val[id] = Expr.atom(parts[info.rep(n.input(0))].get(p.index()));
        } else if (op instanceof dev.gradc.ir.Region r && m.site != null && m.site.regions().calls(g, r)) {
            m.site.regions().call(this, n);
        } else if (op instanceof While w) {
            regions.loop(n, w);
        } else if (op instanceof Cond c) {
            conds.cond(n, c);
        } else if (stacks.emit(n)) {
            return;
        } else if (JavaTypes.isArray(n.type())) {
            array(n);
        } else if (ElementCode.isElementwise(n) || op instanceof Index ix && Plan.isScalarIndex(g, n, ix)) {
            scalar(n);
        } else {
            m.comment(n);
            if (!arrays.emit(n)) {
                throw new IllegalStateException("no Java form for " + op.getClass().getSimpleName());
            }
        }
    }

    /** The shared loops ({@link SharedLoops}) begun in the range being emitted: written at their reduction's turn. */
    private final java.util.Set<SharedLoops.Group> sharedLoops = new java.util.HashSet<>();

    /**
     * Whether n's code is its shared loop's ({@link SharedLoopCode}): the reduction writes the loop, a shared
     * array has no code of its own. A loop is begun at its first member when its row add is in the range being
     * emitted; otherwise its members are written apart.
     */
    private boolean shared(Node n) {
        SharedLoops.Group group = plan.shared.of(n.id());
        if (group == null) {
            return false;
        }
        if (n.id() == group.first() && group.add() < emitEnd) {
            sharedLoops.add(group);
        }
        if (!sharedLoops.contains(group) || n.id() == group.add()) {
            return false;
        }
        if (n.id() == group.reduce()) {
            new SharedLoopCode(this).emit(group, r -> plan.node(r) instanceof Plan.NodePlan.Fused);
        }
        return true;
    }

    private void array(Node n) {
        if (plan.isView(n.id())) {
            m.comment(n);
            String rows = n.op() instanceof Index ? storage.entryRowsOf(n.input(0)) : null;
            if (rows != null) {
                // a row of a matrix held as rows (EntryRows), read in place: that row's array
                String at = m.names.temp();
                m.code.addStatement("int $L = $L", at, entryIndex(this, n, n.input(1), JavaTypes.shape(g.type(n.input(0))), 0));
                rowViews.put(n.id(), rows + "[" + at + "]");
                fused[n.id()] = true;
                return;
            }
            views.put(n.id(), arrays.sliceOffset(n));
            fused[n.id()] = true;
            return;
        }
        if (!ElementCode.isElementwise(n)) {
            m.comment(n);
            if (!arrays.emit(n)) {
                throw new IllegalStateException("no Java form for " + n.op().getClass().getSimpleName());
            }
            return;
        }
        if (plan.node(n.id()) instanceof Plan.NodePlan.Fused) {
            fused[n.id()] = true;
            return;
        }
        m.comment(n);
        writes.loop(n);
    }

    private void scalar(Node n) {
        Expr e = n.op() instanceof Index ix ? scalarIndex(n, ix) : elements.elemOf(n, ElementCode.Idx.ZERO);
        if (plan.node(n.id()) instanceof Plan.NodePlan.Inline) {
            val[n.id()] = e;
            inline[n.id()] = true;
            return;
        }
        m.comment(n);
        String name = declareName(n);
        m.declare(JavaTypes.of(n.type()), name, e.block());
    }

    private Expr scalarIndex(Node n, Index ix) {
        List<CodeBlock> terms = new ArrayList<>();
        var s = JavaTypes.shape(g.type(n.input(0)));
        String rows = storage.entryRowsOf(n.input(0));
        if (rows != null) {
            // an entry of a matrix held as rows (EntryRows)
            return Expr.atom(CodeBlock.of("$L[$L][$L]", rows, entryIndex(this, n, n.input(1), s, 0),
                    entryIndex(this, n, n.input(2), s, 1)));
        }
        for (int k = 0; k < ix.count(); k++) {
            terms.add(checkedTerm(this, n, n.input(k + 1), s, k));
        }
        return Expr.atom(CodeBlock.of("$L[$L]", value(n.input(0)).block(),
                terms.isEmpty() ? CodeBlock.of("0") : CodeBlock.join(terms, " + ")));
    }

    /**
     * {@code Checks.index(index, dim_k, k, "file.grad:L:C") * stride_k}: axis k's term of a checked flat offset
     * into shape s, where int node {@code index} of gc's graph is the index; an index out of range names the
     * indexing expression {@code n} of the source. An index always in range ({@link IndexRanges}) is not checked.
     */
    static CodeBlock checkedTerm(GraphCode gc, Node n, int index, Shape s, int k) {
        Expr stride = JavaTypes.product(s.dims().subList(k + 1, s.rank()), gc.m.sizeVars);
        boolean alone = JavaTypes.isOne(s.dims().subList(k + 1, s.rank()));
        CodeBlock check = indexCheck(gc, n, index, s, k);
        CodeBlock checked = check != null ? check : gc.value(index).in(alone ? Expr.ADDITIVE : Expr.MULTIPLICATIVE);
        return alone ? checked : CodeBlock.of("$L * $L", checked, stride.textAt(Expr.UNARY));
    }

    /**
     * Index k of an entry or a row of a matrix of shape s held as rows ({@link EntryRows}): {@code
     * Checks.index(index, dim_k, k, "file.grad:L:C")}, or the index alone when {@link IndexRanges} proves it in range.
     */
    static CodeBlock entryIndex(GraphCode gc, Node n, int index, Shape s, int k) {
        CodeBlock check = indexCheck(gc, n, index, s, k);
        return check != null ? check : gc.value(index).block();
    }

    /**
     * {@code Checks.index(index, dim_k, k, "file.grad:L:C")}: the check that int node {@code index} of gc's graph
     * lies within axis k of shape s, naming the indexing expression {@code n} of the source; null when
     * {@link IndexRanges} proves it always does.
     */
    static CodeBlock indexCheck(GraphCode gc, Node n, int index, Shape s, int k) {
        if (gc.ranges().within(index, s.dim(k))) {
            return null;
        }
        return CodeBlock.of("$T.index($L, $L, $L, $S)", dev.gradc.runtime.Checks.class, gc.value(index).block(),
                JavaTypes.product(List.of(s.dim(k)), gc.m.sizeVars).code(), k, ArrayCode.where(n));
    }

    /** Allocates the variable of node n (named after its program variable) and binds it. */
    String declareName(Node n) {
        String suggestion = suggestion(n);
        String name = suggestion == null ? m.names.temp(tempSuffix(m.site.cc(), g, n))
                : m.names.newName(suggestion);
        bindVar(n.id(), name);
        return name;
    }

    /**
     * How a temporary's name says what it is: {@code t3Bar} when it holds an adjoint ({@link AdjointValues}; a
     * value the adjoint sweep recomputes or pops is named as a forward one), {@code t4Dot} when a node of the tangent
     * sweep holds a tangent ({@link TangentValues}; a forward value a tangent rule computes is named as such),
     * {@code t5BarDot} when it holds the tangent of an adjoint (forward over reverse).
     */
    static String tempSuffix(GraphMethod.ClassContext cc, Graph g, Node n) {
        return switch (n.role()) {
            case FORWARD -> "";
            case ADJOINT -> cc.adjoints().holdsAdjoint(g, n.id()) ? "Bar" : "";
            case TANGENT -> !cc.tangents().holdsTangent(g, n.id()) || !(n.type() instanceof dev.gradc.ir.Type.Real) ? ""
                    : cc.tangents().holdsTangentOfAdjoint(g, n.id()) ? "BarDot" : "Dot";
        };
    }

    /** The program name of a node: {@code h}, its adjoint {@code hBar}, its tangent {@code hDot}; null for temporaries. */
    static String suggestion(Node n) {
        String label = n.label();
        if (label == null || label.startsWith("#")) {
            return null;
        }
        // the passes label adjoints "hBar" and tangents "hDot"; a node of the adjoint or tangent sweep with a
        // forward label is a recomputed forward value, and keeps its forward name
        return Names.clean(label);
    }

    private Expr literal(Node n) {
        Object op = n.op();
        if (op instanceof Constant c) {
            return JavaTypes.literal(c.scalarValue());
        }
        if (op instanceof IntConstant i) {
            return JavaTypes.literal(i.value());
        }
        if (op instanceof BoolConstant b) {
            return Expr.atom(Boolean.toString(b.value()));
        }
        return Expr.atom(JavaTypes.sizeVar(((SizeOf) op).size(), m.sizeVars));
    }
}
