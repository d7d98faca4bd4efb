package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes what one graph's {@link StoragePlan} and {@link ProductPlan} decided about where arrays live, for its
 * {@link GraphCode}: the buffers a loop body declares before its loop and reuses on every trip, the carried
 * matrices it holds as rows and the invariant ones it copies into rows once, the elementwise ops a product writes
 * as its epilogue, and which arrays are this code's own to overwrite. The plans decide; this only names.
 */
final class StorageCode {

    private final GraphCode gc;
    /**
     * Per parameter of a loop body: the variable holding this carried matrix as one array per row while the
     * loop runs ({@link RegionCode}, as the plan says), or null. Only its update, the body's result of the same
     * index, reads it.
     */
    private final String[] heldRows;
    /** Row copies of matrices made once outside a loop, by the id of the node (here a body parameter) they copy. */
    private final Map<Integer, String> hoistedRows = new HashMap<>();
    /** In a loop body: where declarations made once before the loop go ({@link #reuseArray}); null elsewhere. */
    private CodeBlock.Builder preamble;
    /** Per node: its array is this code's own, so a write may change it in place ({@link OverwriteCode}). */
    private java.util.BitSet owned;
    /** Per node: its array is a buffer of the trip ({@link #markBuffer}), own to write but reused by the next trip. */
    private java.util.BitSet buffers;
    /** Per carried value of a loop body, lazily: whether its array stays the loop's alone from trip to trip. */
    private boolean[] writable;
    /** In a part of a split loop body: the carried arrays the loop owns (null: none). */
    private boolean[] ownedCarried;
    /**
     * Where this code's reused arrays are allocated when not before its own loop: before an enclosing loop of the
     * same method, or in the frames of the split loop body this code is part of ({@link SplitMethod}); or null.
     */
    private Buffers hoisted;
    /**
     * In a loop body: whether the two arrays carried value k's next value takes in turns may go where the reused
     * arrays go ({@link #hoisted}), the loop's results that may be them dying with the trip of the loop around it
     * ({@link StoragePlan#diesInTrip}); null: they stay before this body's loop.
     */
    private java.util.function.IntPredicate alternatesOutward;

    /**
     * Where the buffers of loop bodies go, once for all trips of an enclosing loop: {@code declare} makes
     * {@code name}, of Java type {@code type}, a local where {@code local} is written, holding the object that
     * {@code make} (given the method it is written in) makes once, where these buffers are made. In the frames of
     * a split loop body, {@code outward} lets the object go on to the loops around that loop (through each one's
     * frames: a few lines per level); without it, it is made before that split loop.
     */
    interface Buffers {
        void declare(CodeBlock.Builder local, TypeName type, String name, Function<MethodContext, CodeBlock> make,
                boolean outward);
    }

    StorageCode(GraphCode gc) {
        this.gc = gc;
        this.heldRows = new String[gc.g.params().size()];
    }

    /** A carried matrix held as rows: the variable of its rows, its body parameter and its update. */
    record Held(String rows, int param, Node update) {
    }

    /** Makes this loop body declare the arrays it reuses on every trip into {@code preamble}. */
    void reuseInto(CodeBlock.Builder preamble) {
        this.preamble = preamble;
    }

    /** Adds a statement before the enclosing loop (once, not per trip); false, adding nothing, outside loops. */
    boolean beforeLoop(String format, Object... args) {
        if (preamble == null) {
            return false;
        }
        preamble.addStatement(format, args);
        return true;
    }

    /**
     * Declares node n's array {@code name} as its plan says ({@link StoragePlan.Storage}): one allocated once
     * before the enclosing loop and reused by every trip, when nothing keeps it past its trip; or two taken in
     * turns (double buffering), when it outlives its trip only as the next value of one carried value whose
     * previous value is itself only read: a trip writes the one the carried value does not hold, and the value
     * of two trips ago, which nothing can hold any more, is overwritten. {@code zero} clears it first, for code
     * that accumulates into it. False, declaring nothing, when the plan gives n a fresh array.
     */
    boolean reuseArray(Node n, String name, String size, boolean zero) {
        MethodContext m = gc.m;
        StoragePlan.Storage where = gc.plan.storage.storage(n.id());
        if (n.type() instanceof dev.gradc.ir.Type.Bool) {
            // a mask (the adjoint of max, a comparison) no trip keeps: one array made once, as for doubles
            if (!(where instanceof StoragePlan.Storage.Reused) || gc.buffers != null) {
                return false;
            }
            String buffer = m.names.newName(name + "Buffer");
            if (!declareOnce(JavaTypes.BOOLEAN_ARRAY, buffer, mc -> WorkspaceCode.booleans(mc, size))) {
                return false;
            }
            m.code.addStatement("boolean[] $L = $L", name, buffer);
            markBuffer(n.id());
            return true;
        }
        if (where instanceof StoragePlan.Storage.Reused) {
            String buffer = m.names.newName(name + "Buffer");
            declareBuffer(buffer, size, true);
            m.code.addStatement("double[] $L = $L", name, buffer);
            markBuffer(n.id());
        } else if (where instanceof StoragePlan.Storage.Alternating alt) {
            // a carried value's parameter is always the loop's variable for it
            String carried = gc.value(gc.g.params().get(alt.carried())).code();
            String a = m.names.newName(name + "Buffer");
            String b = m.names.newName(name + "Buffer");
            // the loop's result is one of them: they stay the loop's, declared before it, unless that result dies
            // with the trip of the loop around it
            boolean outward = alternatesOutward != null && alternatesOutward.test(alt.carried());
            declareBuffer(a, size, outward);
            declareBuffer(b, size, outward);
            m.code.addStatement("double[] $L = $L == $L ? $L : $L", name, carried, a, b, a);
            // this trip's own: the write or loop that hands it on to the carried value may write it in place
            markOwned(n.id());
        } else {
            return false;
        }
        if (zero) {
            m.code.addStatement("$T.fill($L, 0.0)", java.util.Arrays.class, name);
        }
        return true;
    }

    /**
     * Declares {@code var}, a loop's copy of its carried array k, {@code init} of {@code size} entries, in a
     * buffer this loop body reuses on every trip, as the plan says ({@link StoragePlan#copiesReused}): the copy is written
     * into the buffer, not into a new array. False, declaring nothing, when the plan does not say so.
     */
    boolean copyIntoBuffer(Node loop, int k, String var, CodeBlock init, String size) {
        if (!gc.plan.storage.copiesReused(loop.id(), k)) {
            return false;
        }
        String buffer = gc.m.names.newName(var + "Buffer");
        declareBuffer(buffer, size, true);
        gc.m.code.addStatement("double[] $L = $L", var, buffer);
        gc.m.code.addStatement("$T.arraycopy($L, 0, $L, 0, $L.length)", System.class, init, var, var);
        return true;
    }

    /**
     * Declares a buffer this loop body reuses: where {@link GraphCode#buffers} puts it, or before the outermost
     * enclosing loop that can hold it ({@link #hoistInto}), or before its own loop. An array no trip keeps is
     * dead when the loop ends, so one buffer serves every run of the loop, not one per trip of a loop around it.
     */
    private void declareBuffer(String name, String size, boolean hoist) {
        if (gc.buffers != null) {
            gc.buffers.declare(preamble, name, size);
        } else if (hoisted != null && (hoist || preamble == null)) {
            // a part of a split body has no preamble: a buffer that stays the loop's goes in the loop's frames
            hoisted.declare(preamble != null ? preamble : gc.m.code, JavaTypes.DOUBLE_ARRAY, name,
                    m -> WorkspaceCode.zeros(m, size), hoist);
        } else {
            preamble.addStatement("double[] $L = $L", name, WorkspaceCode.zeros(gc.m, size));
        }
    }

    /**
     * Declares {@code name}, of Java type {@code type}, made by {@code make} once before the enclosing loop (or
     * where this code's reused arrays go, {@link #hoistInto}) instead of on every trip: scratch that only the
     * code of one op reads and writes within a trip. False, declaring nothing, outside loop bodies.
     */
    boolean declareOnce(TypeName type, String name, Function<MethodContext, CodeBlock> make) {
        if (hoisted != null) {
            hoisted.declare(preamble != null ? preamble : gc.m.code, type, name, make, true);
        } else if (preamble != null) {
            preamble.addStatement("$T $L = $L", type, name, make.apply(gc.m));
        } else {
            return false;
        }
        return true;
    }

    /** Makes this code's reused arrays go where {@code buffers} puts them (null: before its own loop). */
    void hoistInto(Buffers buffers) {
        hoisted = buffers;
    }

    /**
     * Makes the two arrays that carried value k's next value takes in turns go where the reused arrays go when
     * {@code outward} holds for k ({@link StoragePlan#diesInTrip} of the code around this loop body).
     */
    void alternateOutward(java.util.function.IntPredicate outward) {
        alternatesOutward = outward;
    }

    /**
     * Where the loops inside this code may put their reused arrays: where this code puts its own, or before this
     * loop body's loop; null outside loop bodies.
     */
    Buffers forInnerLoops() {
        if (hoisted != null || preamble == null) {
            return hoisted;
        }
        CodeBlock.Builder before = preamble;
        return (local, type, name, make, outward) -> before.addStatement("$T $L = $L", type, name, make.apply(gc.m));
    }

    /**
     * Makes the stack of {@link dev.gradc.ops.StackNew} n (Java type {@code type}, for the loop at {@code where})
     * one stack made once before this loop body's loop, or where its buffers go, and emptied here on every trip
     * ({@code reset}, which keeps the room it grew): the variable {@code name} is declared; false, declaring
     * nothing, when this code is no loop body or the stack may outlive the trip ({@link TripStacks#diesInGraph}).
     * A journal filled and reversed within each trip then grows its room once, not on every trip. A stack made in
     * a split body's frames stays there, before its own loop: nested loops make stacks at every level (their
     * journals' stacks of stacks), and passing each through the frames of every level around it would make the
     * code of loops nested d deep grow with d².
     */
    boolean reuseStack(Node n, TypeName type, String name, String where) {
        Buffers to = forInnerLoops();
        if (to == null || !TripStacks.diesInGraph(gc.g, n.id())) {
            return false;
        }
        String made = gc.m.names.newName(name + "Reused");
        to.declare(preamble != null ? preamble : gc.m.code, type, made, m -> WorkspaceCode.stack(m, type, where),
                false);
        gc.m.code.addStatement("$T $L = $L.reset(maxKeptValues, $S)", type, name, made, where);
        return true;
    }

    /**
     * Per node: the variable of the rows in which it holds a matrix addressed by entries and rows ({@link
     * EntryRows}); its flat variable is not written while the rows hold it.
     */
    private final Map<Integer, String> entryRows = new HashMap<>();

    /** Records that node id's matrix is held in {@code rows} ({@link EntryRows}). */
    void holdEntries(int id, String rows) {
        entryRows.put(gc.info.rep(id), rows);
    }

    /** The rows in which node id's matrix is held ({@link EntryRows}), or null: it is flat. */
    String entryRowsOf(int id) {
        return entryRows.get(gc.info.rep(id));
    }

    /**
     * Per node: the loop to which the rows of a loop's result are handed over ({@link EntryRows#takes}): that loop
     * goes on with the rows, every other reader (a loop) joins them into a flat array of its own first.
     */
    private final Map<Integer, Integer> handedTo = new HashMap<>();

    /** Records that node id's matrix is held in {@code rows}, handed over to loop {@code taker}. */
    void handOver(int id, String rows, int taker) {
        holdEntries(id, rows);
        handedTo.put(gc.info.rep(id), taker);
    }

    /** The loop to which node id's rows are handed over ({@link #handOver}), or -1: they are not. */
    int takerOf(int id) {
        return handedTo.getOrDefault(gc.info.rep(id), -1);
    }

    /** Marks carried value k of this loop body as held in {@code rows}, one array per row. */
    void holdRows(int k, String rows) {
        heldRows[k] = rows;
    }

    /** Records that the matrix of node id (a body parameter) has a row copy {@code rows}. */
    void hoistRows(int id, String rows) {
        hoistedRows.put(gc.info.rep(id), rows);
    }

    /** The row copy of the matrix of node id made before the enclosing loop, or null. */
    String hoistedRows(int id) {
        return hoistedRows.get(gc.info.rep(id));
    }

    /**
     * The rows in which this loop body holds the matrix of node id (a carried parameter, {@link
     * StoragePlan#holdsRows}), or null: a loop inside it given that matrix to hold uses these rows instead of
     * splitting and joining it on every run ({@link StoragePlan#holds}).
     */
    String heldRowsOf(int id) {
        int k = gc.g.params().indexOf(gc.info.rep(id));
        return k >= 0 && k < heldRows.length ? heldRows[k] : null;
    }

    /** The held carried matrix that n updates, as the plan says, or null. */
    Held heldRowsTarget(Node n) {
        if (gc.plan.storage.storage(n.id()) instanceof StoragePlan.Storage.HeldRows h) {
            return new Held(heldRows[h.carried()], gc.g.params().get(h.carried()), n);
        }
        return null;
    }

    /** The held update {@code P + v ⊗ u} that product n ({@code Aᵀ v}) writes in its own loop, or null. */
    Held fusedUpdate(Node product) {
        Graph g = gc.g;
        int k = gc.plan.products.fusedUpdate(product.id());
        return k < 0 ? null : new Held(heldRows[k], g.params().get(k), g.node(gc.info.rep(g.results().get(k))));
    }

    /**
     * The elementwise ops that consume a matrix product's result element by element and that the product writes
     * row by row ({@link MatmulCode}), as the plan says ({@link ProductPlan.Epilogue}): marks them taken (all
     * but the last fused, the last named by the caller, and the side ops fused) and returns the chain; empty
     * when there is none.
     */
    List<Node> epilogue(Node product) {
        ProductPlan.Epilogue e = gc.plan.products.epilogue(product.id());
        if (e == null) {
            return List.of();
        }
        List<Node> chain = new ArrayList<>();
        for (int k = 0; k < e.chain().size(); k++) {
            chain.add(gc.g.node(e.chain().get(k)));
            if (k < e.chain().size() - 1) {
                gc.fuse(e.chain().get(k));
            }
        }
        for (int id : e.side()) {
            gc.fuse(id);
        }
        return chain;
    }

    /** Makes this code, a part of a split loop body, know which carried arrays the loop owns (null: none). */
    void ownCarried(boolean[] owned) {
        ownedCarried = owned;
    }

    /** Whether the loop whose body this is (written inline, or split into parts) owns its carried array k. */
    boolean ownsCarried(int k) {
        return gc.plan.storage.owns(k) || ownedCarried != null && k < ownedCarried.length && ownedCarried[k];
    }

    /** Records that node id's array is this code's own: a write that is its last use may write into it. */
    void markOwned(int id) {
        if (owned == null) {
            owned = new java.util.BitSet(); // sized by the ids marked: a part of a split branch marks its few
        }
        owned.set(id);
    }

    /**
     * The nodes {@link #markOwned} marked (null: none): a part of a split method hands them to the parts after it,
     * which run the same graph on in the same call (the arrays stay this call's alone; only the method changed).
     */
    java.util.BitSet ownedMarks() {
        return owned;
    }

    /** The nodes {@link #markBuffer} marked (null: none), handed on with {@link #ownedMarks}. */
    java.util.BitSet bufferMarks() {
        return buffers;
    }

    /**
     * Records that node id's array is a buffer of this trip: this code's own to write in place while the trip runs,
     * since nothing keeps it past the trip, nor what a write or a loop makes of it ({@link Plan#escapes}), but never
     * to be the array of a value that outlives the trip ({@link #isBuffer}).
     */
    void markBuffer(int id) {
        markOwned(id);
        if (buffers == null) {
            buffers = new java.util.BitSet();
        }
        buffers.set(id);
    }

    /**
     * Whether node id's array may be a buffer that the next trip reuses: one of this trip's ({@link #markBuffer}), or
     * a result of a loop that may be its copy in such a buffer ({@link StoragePlan#resultReused}). An op whose array
     * outlives the trip must not write into it.
     */
    boolean isBuffer(int id) {
        Node n = gc.g.node(id);
        return buffers != null && buffers.get(id)
                || n.op() instanceof dev.gradc.ops.Proj p
                        && gc.plan.storage.resultReused(gc.info.rep(n.input(0)), p.index());
    }

    /**
     * Whether the array of node id belongs to this code alone: a write's, or a branch's parameter its cond gave
     * it to write ({@link #markOwned}); a carried value the loop owns ({@link #ownsCarried}) and keeps its own
     * from trip to trip ({@link dev.gradc.passes.InPlaceWrites#ownedCarried}); or the result of a loop that
     * keeps that array its own ({@link dev.gradc.passes.InPlaceWrites#ownsResult}). Whether a write or a loop
     * may then change it in place is the other half of the rule: nothing reads it after ({@link
     * OverwriteCode#mayOverwrite}).
     */
    boolean ownsArray(int id) {
        Graph g = gc.g;
        Node n = g.node(id);
        if (n.op() instanceof dev.gradc.ops.Proj r
                && gc.plan.storage.resultReused(gc.info.rep(n.input(0)), r.index())) {
            return false; // the loop's copy may be a buffer of the enclosing loop, reused by its next trip
        }
        if (owned != null && owned.get(id)) {
            return true;
        }
        if (n.op() instanceof dev.gradc.ops.Proj p) {
            return dev.gradc.passes.InPlaceWrites.ownsResult(g.node(gc.info.rep(n.input(0))), p.index(), gc.known());
        }
        int k = g.params().indexOf(id);
        if (k < 0 || !ownsCarried(k)) {
            return false;
        }
        if (writable == null) {
            int carried = Math.max(gc.plan.storage.carried(), ownedCarried == null ? 0 : ownedCarried.length);
            writable = dev.gradc.passes.InPlaceWrites.ownedCarried(g, Math.min(carried, g.results().size()),
                    gc.known());
        }
        return k < writable.length && writable[k];
    }
}
