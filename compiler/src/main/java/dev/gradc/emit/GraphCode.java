package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.BoolConstant;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Constant;
import dev.gradc.ops.Index;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Param;
import dev.gradc.ops.Proj;
import dev.gradc.ops.ReduceMax;
import dev.gradc.ops.ReduceSum;
import dev.gradc.ops.SizeOf;
import dev.gradc.ops.ToReal;
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
    final ArrayCode arrays = new ArrayCode(this);
    private final RegionCode regions = new RegionCode(this);
    private final Expr[] val;
    private final List<String>[] parts;
    private final boolean[] fused;
    private final Integer[] folded;
    /** Per node: its value is an expression written where it is used (planned inline, or a folded int). */
    private final boolean[] inline;
    private final boolean[] ownVar;
    private final boolean[] pinned;
    /** Per parameter of a loop body: the loop owns the array of this carried value, so it may be updated in place. */
    private boolean[] ownedParams = new boolean[0];
    /**
     * Per parameter of a loop body: the variable holding this carried matrix as one array per row while the
     * loop runs ({@link RegionCode}), or null. Only its update, the body's result of the same index, reads it.
     */
    private String[] heldRows = new String[0];
    /**
     * In a loop body: where declarations made once before the loop go ({@link #reuseArray}); null elsewhere.
     */
    private com.palantir.javapoet.CodeBlock.Builder preamble;
    /** Row copies of matrices made once outside a loop, by the id of the node (here a body parameter) they copy. */
    private final java.util.Map<Integer, String> hoistedRows = new java.util.HashMap<>();

    @SuppressWarnings("unchecked")
    GraphCode(MethodContext m, GraphInfo info, List<Expr> params, boolean[] pinned, boolean inlineResults) {
        this.m = m;
        this.info = info;
        this.g = info.graph;
        int n = g.size();
        val = new Expr[n];
        parts = new List[n];
        fused = new boolean[n];
        folded = new Integer[n];
        inline = new boolean[n];
        ownVar = new boolean[n];
        this.pinned = pinned == null ? new boolean[n] : pinned;
        this.plan = Plan.of(info, this.pinned, inlineResults);
        for (int i = 0; i < params.size(); i++) {
            val[g.params().get(i)] = params.get(i);
        }
    }

    /** The code of a region's sub-graph, written into the same method. */
    GraphCode sub(Graph sub, List<Expr> params, boolean inlineResults) {
        return new GraphCode(m, new GraphInfo(sub), params, null, inlineResults);
    }

    /** A loop body whose carried arrays marked in {@code owned} belong to the loop alone. */
    GraphCode body(Graph sub, List<Expr> params, boolean[] owned) {
        GraphCode body = sub(sub, params, true);
        body.ownedParams = owned.clone();
        body.heldRows = new String[owned.length];
        return body;
    }

    /** Makes this loop body declare the arrays it reuses on every trip into {@code preamble}. */
    void reuseInto(com.palantir.javapoet.CodeBlock.Builder preamble) {
        this.preamble = preamble;
    }

    /** The loop whose body this is, or null: what {@link CheckpointCode} needs to know of a pop. */
    dev.gradc.ops.While loop;
    /**
     * Where the arrays this loop body reuses on every trip are allocated when not before its own loop: before
     * an enclosing loop of the same checkpointed loop ({@link CheckpointCode.Hoist}); null otherwise.
     */
    CheckpointCode.Hoist buffers;
    /** The {@link #buffers} of the loops nested in this body, or null. */
    CheckpointCode.Hoist nested;

    /** Adds a statement before the enclosing loop (once, not per trip); false, adding nothing, outside loops. */
    boolean beforeLoop(String format, Object... args) {
        if (preamble == null) {
            return false;
        }
        preamble.addStatement(format, args);
        return true;
    }

    /**
     * Declares node n's array {@code name} as one allocated once before the enclosing loop and reused by every
     * trip, when n is computed directly in a loop body and its array cannot outlive the trip: every op reading
     * it only reads (no result, no region, no op that might keep the array itself). When n's array outlives
     * its trip only as the next value of one carried value, whose previous value is itself only read, two
     * buffers alternate (double buffering): a trip writes the one the carried value does not hold, and the
     * value of two trips ago, which nothing can hold any more, is overwritten. {@code zero} clears it first,
     * for code that accumulates into it. False, declaring nothing, otherwise.
     */
    boolean reuseArray(Node n, String name, String size, boolean zero) {
        if (preamble == null || pinned[n.id()]) {
            return false;
        }
        if (!plan.escapes(n.id())) {
            String buffer = m.names.newName(name + "Buffer");
            declareBuffer(buffer, size);
            m.code.addStatement("double[] $L = $L", name, buffer);
        } else {
            String carried = doubleBuffered(n.id());
            if (carried == null) {
                return false;
            }
            String a = m.names.newName(name + "Buffer");
            String b = m.names.newName(name + "Buffer");
            declareBuffer(a, size);
            declareBuffer(b, size);
            m.code.addStatement("double[] $L = $L == $L ? $L : $L", name, carried, a, b, a);
        }
        if (zero) {
            m.code.addStatement("$T.fill($L, 0.0)", java.util.Arrays.class, name);
        }
        return true;
    }

    /** Declares a buffer this loop body reuses: before its loop, or where {@link #buffers} puts it. */
    private void declareBuffer(String name, String size) {
        if (buffers != null) {
            buffers.declare(preamble, name, size);
        } else {
            preamble.addStatement("double[] $L = $L", name, WorkspaceCode.zeros(m, size));
        }
    }

    /**
     * The variable of the carried value whose next value node {@code id} is, when two alternating buffers may
     * hold it ({@link #reuseArray}): id is that one result of the loop body and no op keeps it, and the carried
     * value's previous array is only read (it is no result and no op keeps it). Else null.
     */
    private String doubleBuffered(int id) {
        if (plan.keptByUse(id)) {
            return null;
        }
        int k = -1;
        for (int r = 0; r < g.results().size(); r++) {
            if (info.rep(g.results().get(r)) == id) {
                if (k >= 0) {
                    return null;
                }
                k = r;
            }
        }
        if (k < 0 || k >= g.params().size() || k < heldRows.length && heldRows[k] != null) {
            return null;
        }
        int p = g.params().get(k);
        if (info.rep(p) != p || plan.escapes(p) || !(g.type(p) instanceof Type.Real)) {
            return null;
        }
        // a carried value's parameter is always the loop's variable for it
        return value(p).code();
    }

    /** Marks carried value k of this loop body as held in {@code rows}, one array per row. */
    void holdRows(int k, String rows) {
        heldRows[k] = rows;
    }

    /** Records that the matrix of node id (a body parameter) has a row copy {@code rows}. */
    void hoistRows(int id, String rows) {
        hoistedRows.put(info.rep(id), rows);
    }

    /** The row copy of the matrix of node id made before the enclosing loop, or null. */
    String hoistedRows(int id) {
        return hoistedRows.get(info.rep(id));
    }

    /** A carried matrix held as rows: the variable of its rows, its body parameter and its update. */
    record Held(String rows, int param, Node update) {
    }

    /** The held carried matrix that n updates, or null. */
    Held heldRowsTarget(Node n) {
        for (int k = 0; k < heldRows.length; k++) {
            if (heldRows[k] != null && info.rep(g.results().get(k)) == n.id()) {
                return new Held(heldRows[k], g.params().get(k), n);
            }
        }
        return null;
    }

    /**
     * A held update {@code P + v ⊗ u} of the given shape, not yet written, whose v is node v and whose u has
     * its value already: a product reading v row by row can write it in the same loop. Null if none.
     */
    Held outerUpdateOf(int v, dev.gradc.ir.Shape shape) {
        for (int k = 0; k < heldRows.length; k++) {
            if (heldRows[k] == null) {
                continue;
            }
            Node update = g.node(info.rep(g.results().get(k)));
            if (val[update.id()] != null || !JavaTypes.shape(update.type()).equals(shape)) {
                continue;
            }
            for (int in : update.inputs()) {
                Node outer = g.node(info.rep(in));
                if (outer.op() instanceof dev.gradc.ops.Outer && info.soleUser(outer.id()) == update.id()
                        && info.rep(outer.input(0)) == info.rep(v) && hasValue(outer.input(1))) {
                    return new Held(heldRows[k], g.params().get(k), update);
                }
            }
        }
        return null;
    }

    /**
     * The elementwise ops that would consume a matrix product's result element by element, when the product
     * may write its rows straight through them ({@link MatmulCode}): the chain of only users from the product
     * on, each of the product's shape, ending at the op that would store its array (not in place, not fused
     * into a reduction), with every other input already computed. Marks the chain as taken (all but the last
     * fused, the last named by the caller) and returns it; empty when there is none.
     */
    List<Node> epilogue(Node product) {
        dev.gradc.ir.Shape shape = JavaTypes.shape(product.type());
        List<Node> chain = new ArrayList<>();
        int cur = product.id();
        while (true) {
            int u = info.soleUser(cur);
            if (u < 0 || pinned[cur] || chain.size() == Plan.MAX_FUSED) {
                break;
            }
            Node user = g.node(u);
            if (user.op() instanceof ReduceSum || user.op() instanceof ReduceMax) {
                return List.of();
            }
            if (!ElementCode.isElementwise(user) || !(user.type() instanceof Type.Real)
                    || !JavaTypes.shape(user.type()).equals(shape)) {
                break;
            }
            chain.add(user);
            cur = u;
        }
        if (chain.isEmpty()) {
            return List.of();
        }
        Node last = chain.get(chain.size() - 1);
        if (inPlaceTarget(last) != null || heldRowsTarget(last) != null) {
            return List.of();
        }
        java.util.Set<Integer> inChain = new java.util.HashSet<>();
        inChain.add(product.id());
        for (Node c : chain) {
            inChain.add(c.id());
        }
        List<Integer> side = new ArrayList<>();
        for (Node c : chain) {
            for (int in : c.inputs()) {
                int r = info.rep(in);
                if (!inChain.contains(r) && !ready(r, side, 0)) {
                    return List.of();
                }
            }
        }
        for (int k = 0; k < chain.size() - 1; k++) {
            fused[chain.get(k).id()] = true;
        }
        for (int id : side) {
            fused[id] = true;
        }
        return chain;
    }

    /**
     * Whether node id can be read inside an epilogue: computed already, or an elementwise op used only there
     * whose inputs can (such as the {@code 1 - h * h} of tanh's adjoint), which is then fused into it.
     */
    private boolean ready(int id, List<Integer> side, int depth) {
        if (hasValue(id)) {
            return true;
        }
        Node n = g.node(id);
        if (depth >= Plan.MAX_FUSED || fused[id] || pinned[id] || info.soleUser(id) < 0 || !ElementCode.isElementwise(n)) {
            return false;
        }
        for (int in : n.inputs()) {
            if (!ready(info.rep(in), side, depth + 1)) {
                return false;
            }
        }
        side.add(id);
        return true;
    }

    /** Whether node id's value can be read here already. */
    private boolean hasValue(int id) {
        int r = info.rep(id);
        return val[r] != null || GraphInfo.isLiteral(g.node(r));
    }

    /**
     * The variable an elementwise node may overwrite instead of allocating: carried value k of a loop body,
     * owned by the loop, read only by n, of n's shape, when n is the body's result k (its next value). Null
     * when there is none.
     */
    String inPlaceTarget(Node n) {
        if (info.soleUser(n.id()) != GraphInfo.RESULT || n.type() instanceof Type.Bool) {
            return null;
        }
        int k = -1;
        for (int r = 0; r < g.results().size(); r++) {
            if (info.rep(g.results().get(r)) == n.id()) {
                k = r;
            }
        }
        if (k < 0 || k >= ownedParams.length || !ownedParams[k] || k >= g.params().size()) {
            return null;
        }
        int p = g.params().get(k);
        if (info.uses(p) != 1 || info.soleUser(p) != n.id()
                || !JavaTypes.shape(g.type(p)).equals(JavaTypes.shape(n.type()))) {
            return null;
        }
        for (int in : n.inputs()) {
            if (info.rep(in) == p) {
                return value(p).code();
            }
        }
        return null;
    }

    /** The end of the id range {@link #emit} is emitting: a node may be emitted early only inside it. */
    private int emitEnd;

    /** Per node: its array is this code's own, so a write may change it in place ({@link OverwriteCode}). */
    private boolean[] owned;
    /** Per carried value of a loop body, lazily: whether its array stays the loop's alone from trip to trip. */
    private boolean[] writable;

    void markOwned(int id) {
        if (owned == null) {
            owned = new boolean[g.size()];
        }
        owned[id] = true;
    }

    /** Whether the array of node id belongs to this code alone: a carried value the loop owns, or a write's. */
    boolean ownsArray(int id) {
        int k = g.params().indexOf(id);
        if (k >= 0) {
            if (writable == null) {
                writable = dev.gradc.passes.InPlaceWrites.ownedCarried(g, ownedParams.length);
            }
            return k < ownedParams.length && ownedParams[k] && writable[k];
        }
        return owned != null && owned[id];
    }

    /** Whether node id's value is an expression written where it is used (not a variable, not a literal). */
    boolean isInline(int id) {
        return inline[id];
    }

    /** Nodes whose inline expression was given a local ({@link #materialize}): read by that name since. */
    private final java.util.Set<Integer> materialized = new java.util.HashSet<>();

    /** Gives node id's inline expression a local, evaluated here. */
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

    void materialize(int id) {
        Node n = g.node(id);
        String name = suggestion(n) == null ? m.names.temp(tempSuffix(n)) : m.names.newName(suggestion(n));
        m.code.addStatement("$T $L = $L", JavaTypes.of(n.type()), name, val[id].block());
        val[id] = Expr.atom(name);
        inline[id] = false;
        materialized.add(id);
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
    }

    /** The expression of a node's value: its variable, its inlined expression or its literal. */
    Expr value(int id) {
        int r = info.rep(id);
        if (val[r] != null) {
            return val[r];
        }
        Node n = g.node(r);
        if (GraphInfo.isLiteral(n)) {
            return literal(n);
        }
        throw new IllegalStateException("node %" + r + " (" + n.op().mnemonic() + ") has no value yet");
    }

    boolean isFused(int id) {
        return fused[id];
    }

    /** Binds a node to a variable defined elsewhere (a value loaded from a frame). */
    void bind(int id, String var) {
        val[id] = Expr.atom(var);
    }

    void bindVar(int id, String var) {
        val[id] = Expr.atom(var);
        ownVar[id] = true;
    }

    void bindAlias(int id, String var) {
        val[id] = Expr.atom(var);
    }

    void bindParts(int id, List<String> vars) {
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
        if (GraphInfo.isLiteral(n)) {
            val[id] = literal(n);
        } else if (op instanceof Proj p) {
            val[id] = Expr.atom(parts[info.rep(n.input(0))].get(p.index()));
        } else if (op instanceof While w) {
            regions.loop(n, w);
        } else if (op instanceof Cond c) {
            regions.cond(n, c);
        } else if (regions.stack(n)) {
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

    private void array(Node n) {
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
        elements.loop(n);
    }

    private void scalar(Node n) {
        if (fold(n)) {
            return;
        }
        Expr e = n.op() instanceof Index ix ? scalarIndex(n, ix) : elements.elemOf(n, "0");
        if (plan.node(n.id()) instanceof Plan.NodePlan.Inline) {
            val[n.id()] = e;
            inline[n.id()] = true;
            return;
        }
        m.comment(n);
        String name = declareName(n);
        m.code.addStatement("$T $L = $L", JavaTypes.of(n.type()), name, e.block());
    }

    /** Int arithmetic on literals (such as the {@code 0 - 1} of {@code x^-1}) is written as its value. */
    private boolean fold(Node n) {
        if (n.op() instanceof Binary b && n.type() instanceof Type.Int) {
            Integer a = intValue(n.input(0));
            Integer c = intValue(n.input(1));
            if (a != null && c != null) {
                int v = (Integer) b.eval(new Object[] {a, c}, null);
                folded[n.id()] = v;
                val[n.id()] = JavaTypes.literal(v);
                inline[n.id()] = true;
                return true;
            }
        } else if (n.op() instanceof ToReal) {
            Integer a = intValue(n.input(0));
            if (a != null) {
                val[n.id()] = JavaTypes.literal((double) a);
                inline[n.id()] = true;
                return true;
            }
        }
        return false;
    }

    private Integer intValue(int id) {
        int r = info.rep(id);
        return g.node(r).op() instanceof IntConstant c ? Integer.valueOf(c.value()) : folded[r];
    }

    private Expr scalarIndex(Node n, Index ix) {
        List<CodeBlock> terms = new ArrayList<>();
        var s = JavaTypes.shape(g.type(n.input(0)));
        for (int k = 0; k < ix.count(); k++) {
            terms.add(checkedTerm(n, value(n.input(k + 1)), s, k, m.sizeVars));
        }
        return Expr.atom(CodeBlock.of("$L[$L]", value(n.input(0)).block(),
                terms.isEmpty() ? CodeBlock.of("0") : CodeBlock.join(terms, " + ")));
    }

    /**
     * {@code Checks.index(index, dim_k, k, "file.grad:L:C") * stride_k}: axis k's term of a checked flat offset
     * into shape s; an index out of range names the indexing expression {@code n} of the source.
     */
    static CodeBlock checkedTerm(Node n, Expr index, Shape s, int k, java.util.Map<String, String> sizeVars) {
        String dim = JavaTypes.product(List.of(s.dim(k)), sizeVars).code();
        Expr stride = JavaTypes.product(s.dims().subList(k + 1, s.rank()), sizeVars);
        CodeBlock checked = CodeBlock.of("$T.index($L, $L, $L, $S)", dev.gradc.runtime.Checks.class, index.block(), dim,
                k, ArrayCode.where(n));
        return JavaTypes.isOne(s.dims().subList(k + 1, s.rank())) ? checked : CodeBlock.of("$L * $L", checked, stride.textAt(Expr.UNARY));
    }

    /** Allocates the variable of node n (named after its program variable) and binds it. */
    String declareName(Node n) {
        String suggestion = suggestion(n);
        String name = suggestion == null ? m.names.temp(tempSuffix(n)) : m.names.newName(suggestion);
        bindVar(n.id(), name);
        return name;
    }

    /** How a temporary's name says what it is: {@code t3Bar} in the adjoint sweep, {@code t4Dot} in the tangent's. */
    static String tempSuffix(Node n) {
        return switch (n.role()) {
            case FORWARD -> "";
            case ADJOINT -> "Bar";
            case TANGENT -> "Dot";
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
