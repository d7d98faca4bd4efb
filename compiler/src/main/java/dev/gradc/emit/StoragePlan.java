package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Outer;
import dev.gradc.ops.RowsAddAt;
import dev.gradc.ops.While;

/**
 * The part of a graph's {@link Plan} that says where arrays live, decided on the IR before anything is written:
 * which node overwrites a carried array in place, which carried matrix a loop holds as rows and which invariant
 * matrix it copies into rows once, and which arrays a loop body allocates once (or twice, taken in turns) instead
 * of on every trip. What a matrix product writes in its own loop is the {@link ProductPlan}'s, decided after this.
 * The writers ({@link StorageCode}, {@link ElementCode}, {@link MatmulCode}, {@link RegionCode}) only name the
 * variables.
 */
final class StoragePlan {

    /** Where the array of one node goes. */
    sealed interface Storage {

        /** A new array, allocated where the node is computed. */
        record Fresh() implements Storage {
        }

        /** One array allocated before the enclosing loop and reused by every trip: nothing keeps it past its trip. */
        record Reused() implements Storage {
        }

        /**
         * Two arrays allocated before the loop and taken in turns: the node is the next value of carried value
         * {@code carried}, whose previous array nothing else keeps, so the one of two trips ago is free.
         */
        record Alternating(int carried) implements Storage {
        }

        /** The array of carried value {@code carried}, overwritten: the node is its next value and its only reader. */
        record InPlace(int carried) implements Storage {
        }

        /** The rows of carried matrix {@code carried}, held as one array per row by the loop: the node is its update. */
        record HeldRows(int carried) implements Storage {
        }
    }

    /**
     * What a loop body's plan knows of its loop: the loop, which carried arrays are the loop's own, and whether
     * the body is split into methods ({@link SplitMethod}): then its reused arrays, and the two a carried array's
     * next value takes in turns when it {@code alternates}, live in the loop's frames, and it holds no rows and
     * overwrites no carried array by an elementwise op. A split body inside a loop whose buffers its own go to
     * does not alternate: its frames are made per run of its loop, and a loop of a few trips (an LSTM's layers)
     * would make two arrays per run where it made one per trip.
     */
    record Body(While loop, boolean[] owned, boolean split, boolean alternates) {

        Body(While loop, boolean[] owned) {
            this(loop, owned, false, true);
        }
    }

    static final Storage FRESH = new Storage.Fresh();
    private static final Storage REUSED = new Storage.Reused();

    private final GraphInfo info;
    private final Graph g;
    private final boolean[] pinned;
    private final Body body;
    /** Whether this graph is a branch of a cond run within a loop's trip, where buffers made once may go. */
    private final boolean inTrip;
    private final HandedOn handed;
    private final boolean[] held;
    private final boolean[] hoisted;
    private final Storage[] storage;
    /** Per loop node: the carried inputs it copies into buffers the enclosing loop reuses ({@link #copiesReused}). */
    private final java.util.Map<Integer, java.util.BitSet> reusedCopies = new java.util.HashMap<>();
    /** Per loop node: the results that may be such a buffer ({@link #resultReused}). */
    private final java.util.Map<Integer, java.util.BitSet> reusedResults = new java.util.HashMap<>();

    StoragePlan(GraphInfo info, boolean[] pinned, boolean[] escapes, LoopAliases loops,
                Body body, boolean inTrip) {
        this.info = info;
        this.g = info.graph;
        this.pinned = pinned;
        this.body = body;
        this.inTrip = inTrip;
        this.handed = new HandedOn(info, loops);
        int size = g.size();
        held = new boolean[g.params().size()];
        hoisted = new boolean[g.params().size()];
        if (body != null && !body.split()) {
            rows();
        }
        storage = new Storage[size];
        for (Node n : g.nodes()) {
            if (info.emits(n.id()) && info.rep(n.id()) == n.id()) {
                storage[n.id()] = decide(n, escapes);
            }
        }
        if (body == null && !inTrip) {
            return;
        }
        // a loop body's loops, and those of a branch run within a trip, whose arrays that no op keeps and that are
        // no result of the branch die with the trip as a body's do
        java.util.Map<Integer, java.util.BitSet> escaping = escapingResults(escapes);
        for (Node n : g.nodes()) {
            if (n.op() instanceof While w && info.emits(n.id()) && (body != null && body.split() || !pinned[n.id()])) {
                copies(n.id(), w, escaping.getOrDefault(n.id(), new java.util.BitSet()), loops);
            }
        }
    }

    /** Per loop: its results that are arrays and escape (through their projections). */
    private java.util.Map<Integer, java.util.BitSet> escapingResults(boolean[] escapes) {
        java.util.Map<Integer, java.util.BitSet> escaping = new java.util.HashMap<>();
        for (Node u : g.nodes()) {
            if (u.op() instanceof dev.gradc.ops.Proj p && escapes[info.rep(u.id())] && JavaTypes.isArray(u.type())) {
                escaping.computeIfAbsent(info.rep(u.input(0)), x -> new java.util.BitSet()).set(p.index());
            }
        }
        return escaping;
    }

    /** Decides which carried inputs loop id copies into reused buffers: those no escaping result may be. */
    private void copies(int id, While w, java.util.BitSet escaping, LoopAliases loops) {
        java.util.BitSet inputs = new java.util.BitSet();
        java.util.BitSet results = new java.util.BitSet();
        for (int k = 0; k < w.carried(); k++) {
            java.util.BitSet may = loops.results(id, k);
            if (!may.intersects(escaping)) {
                inputs.set(k);
                results.or(may);
            }
        }
        reusedCopies.put(id, inputs);
        reusedResults.put(id, results);
    }

    /**
     * Whether loop node id, in a loop body, copies carried array k, which its body writes in place, into a buffer
     * the enclosing loop allocates once, instead of into a new array: no result of the loop that may be that
     * array ({@link LoopAliases#results}) outlives the trip of the enclosing loop (no op keeps it, none is a
     * result), so its copy of the trip before is dead by the time it is made again — the stage loops of an RK4
     * step, each copying the step's {@code zeros(N)}; the adjoint loop clearing a stage's seed while it adds into
     * x's adjoint, which outlives the step. Such a loop's results that may be the copy are then not this code's
     * own ({@link #resultReused}): a write that might outlive the trip must not go into the buffer.
     */
    boolean copiesReused(int id, int k) {
        return diesInTrip(id, k);
    }

    /**
     * Whether every result of loop node id that may be the array of its carried value k ({@link
     * LoopAliases#results}) is dead when the trip of the loop whose body this graph is ends: no op keeps it, none is
     * a result of the body. The arrays such a loop's body makes for that value's next values, two taken in turns
     * ({@link Storage.Alternating}), then serve every run of the loop, not one per trip of the loop around it:
     * an LSTM's layer loop, whose output {@code h} is read by the step's error and pushed (copied) once.
     */
    boolean diesInTrip(int id, int k) {
        java.util.BitSet inputs = reusedCopies.get(id);
        return inputs != null && inputs.get(k);
    }

    /** Whether result j of loop node id may be a buffer of a copy the loop made ({@link #copiesReused}). */
    boolean resultReused(int id, int j) {
        java.util.BitSet results = reusedResults.get(id);
        return results != null && results.get(j);
    }

    /** Where node id's array goes (a representative that the graph emits). */
    Storage storage(int id) {
        return storage[id];
    }

    /** Whether the loop holds carried matrix k as one array per row from before its first trip to after its last. */
    boolean holdsRows(int k) {
        return k < held.length && held[k];
    }

    /** Whether node id is a body parameter whose matrix (a loop invariant) the loop copies into rows before it starts. */
    boolean hoisted(int id) {
        int k = g.params().indexOf(id);
        return k >= 0 && hoisted[k];
    }

    /** Whether body parameter k's matrix (a loop invariant) is copied into rows once, before the loop. */
    boolean hoistsRows(int k) {
        return hoisted[k];
    }

    /** Whether this graph runs once per call: no loop body, no part of one, no branch run within a trip. */
    boolean outsideLoops() {
        return body == null && !inTrip;
    }

    /** How many values the loop whose body this is carries; 0 outside loop bodies. */
    int carried() {
        return body == null ? 0 : body.loop().carried();
    }

    /** Whether carried value k's array is the loop's own (it may be overwritten in place). */
    boolean owns(int k) {
        return body != null && k < body.owned().length && body.owned()[k];
    }

    /**
     * Matrices the loop body reads or accumulates row by row, split into one array per row before the loop,
     * so that its inner loops index every array by the bare loop variable and HotSpot vectorises them: a carried
     * matrix whose only use is its own update by an outer product ({@code WBar = WBar + a ⊗ b}, the adjoint of
     * {@code W @ h} accumulated over a reverse loop's trips; {@code WBar[r:r+K, :] += a ⊗ b}, the adjoint of a row
     * slice {@code W[r:r+K, :] @ h}), or that it only hands on to an inner loop that holds it so, is held as rows
     * for the whole loop; a loop-invariant matrix that a product in the body reads by rows ({@link
     * ProductForms#readsRows}) is copied once.
     */
    private void rows() {
        While w = body.loop();
        GraphInfo condInfo = new GraphInfo(w.condition());
        for (int k = 0; k < g.params().size(); k++) {
            int p = g.params().get(k);
            if (!(g.type(p) instanceof Type.Real r) || r.shape().rank() != 2 || !info.emits(p) || info.uses(p) == 0) {
                continue;
            }
            if (k < w.carried()) {
                held[k] = holds(info, k) && condInfo.uses(w.condition().params().get(k)) == 0;
            } else {
                hoisted[k] = ProductForms.readsRows(g, info, p);
            }
        }
    }

    /**
     * Whether a loop body (info) holds its carried matrix k as rows: read only by its own next value, an outer
     * product added into the whole of it or into a row slice of it ({@link #isOuterUpdate}, {@link
     * #isSliceUpdate}), or handed on whole to an inner loop that holds it in turn and gives it back as that next
     * value ({@link #handsOnHeld}). Decided on the IR alone, so that the loop around an inner loop knows it.
     */
    static boolean holds(GraphInfo info, int k) {
        return isOuterUpdate(info, k) || isSliceUpdate(info, k) || handsOnHeld(info, k);
    }

    /**
     * Whether carried value k is read only by its own next value, an elementwise sum with an outer product
     * ({@code p + a ⊗ b}) that is written element by element over rows and columns.
     */
    private static boolean isOuterUpdate(GraphInfo info, int k) {
        Graph g = info.graph;
        int p = g.params().get(k);
        int n = info.soleUser(p);
        if (n < 0 || info.rep(g.results().get(k)) != n) {
            return false;
        }
        Node update = g.node(n);
        if (update.op() != Binary.ADD || !JavaTypes.shape(update.type()).equals(JavaTypes.shape(g.type(p)))) {
            return false;
        }
        for (int in : update.inputs()) {
            if (g.node(info.rep(in)).op() instanceof Outer) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether carried matrix k is read only by its own next value, outer products added into consecutive rows of
     * it ({@code P[r:r+K, :] += a ⊗ b}, {@link RowsAddAt}), one after the other, each read by the next alone (two
     * slices of one matrix read in a trip): the rows of the held matrix from r on gain each, row by row.
     */
    static boolean isSliceUpdate(GraphInfo info, int k) {
        return sliceUpdates(info, k) != null;
    }

    /** The chain of slice updates of carried matrix k, from the first to the next value ({@link #isSliceUpdate}), or null. */
    private static java.util.List<Integer> sliceUpdates(GraphInfo info, int k) {
        Graph g = info.graph;
        int p = g.params().get(k);
        int next = info.rep(g.results().get(k));
        java.util.List<Integer> chain = new java.util.ArrayList<>();
        int at = p;
        while (at != next) {
            int n = info.soleUser(at);
            if (n < 0) {
                return null;
            }
            Node update = g.node(n);
            if (!(update.op() instanceof RowsAddAt) || info.rep(update.input(0)) != at
                    || !(g.node(info.rep(update.input(1))).op() instanceof Outer)) {
                return null;
            }
            chain.add(n);
            at = n;
        }
        return chain.isEmpty() || info.soleUser(next) != GraphInfo.RESULT ? null : chain;
    }

    /**
     * Whether carried matrix k is read only by an inner loop, as its carried value j, whose body holds it as
     * rows ({@link #holds}), and the inner loop's result j is k's next value and read by nothing else: the
     * rows held here are the inner loop's, with no split nor join per run of it (the layer loop of an LSTM,
     * inside its loop over time).
     */
    private static boolean handsOnHeld(GraphInfo info, int k) {
        Graph g = info.graph;
        int p = g.params().get(k);
        int n = info.soleUser(p);
        if (n < 0 || !(g.node(n).op() instanceof While inner)) {
            return false;
        }
        int j = -1;
        for (int q = 0; q < g.node(n).inputs().size(); q++) {
            j = info.rep(g.node(n).input(q)) == p ? q : j;
        }
        int next = info.rep(g.results().get(k));
        if (j < 0 || j >= inner.carried() || !(g.node(next).op() instanceof dev.gradc.ops.Proj pr)
                || pr.index() != j || info.rep(g.node(next).input(0)) != n || info.soleUser(next) != GraphInfo.RESULT) {
            return false;
        }
        GraphInfo innerInfo = new GraphInfo(inner.body());
        int q = inner.body().params().get(j);
        return innerInfo.emits(q) && innerInfo.uses(q) > 0 && holds(innerInfo, j)
                && new GraphInfo(inner.condition()).uses(inner.condition().params().get(j)) == 0;
    }

    private Storage decide(Node n, boolean[] escapes) {
        if (body != null && body.split()) {
            // a part of a split body: an array no trip keeps is one buffer of the loop's frames, pinned or not;
            // the next value of a carried array is two of them, taken in turns, as in a body written inline
            if (!escapes[n.id()]) {
                return REUSED;
            }
            int k = body.alternates() ? alternating(n.id(), escapes) : -1;
            return k >= 0 ? new Storage.Alternating(k) : FRESH;
        }
        if (n.op() instanceof RowsAddAt) {
            for (int k = 0; k < held.length; k++) {
                java.util.List<Integer> chain = held[k] ? sliceUpdates(info, k) : null;
                if (chain != null && chain.contains(n.id())) {
                    return new Storage.HeldRows(k);
                }
            }
        }
        if (ElementCode.isElementwise(n)) {
            for (int k = 0; k < held.length; k++) {
                if (held[k] && info.rep(g.results().get(k)) == n.id()) {
                    return new Storage.HeldRows(k);
                }
            }
            int k = inPlace(n);
            if (k >= 0) {
                return new Storage.InPlace(k);
            }
        }
        if (body == null) {
            // a branch run within a trip: an array that dies with the branch dies with the trip, as a body's does
            return inTrip && !pinned[n.id()] && !escapes[n.id()] ? REUSED : FRESH;
        }
        if (pinned[n.id()]) {
            return FRESH;
        }
        if (!escapes[n.id()]) {
            return REUSED;
        }
        int k = alternating(n.id(), escapes);
        return k >= 0 ? new Storage.Alternating(k) : FRESH;
    }

    /**
     * The carried value an elementwise node may overwrite instead of allocating: carried value k of a loop body,
     * owned by the loop, read only by n, of n's shape, when n is the body's result k (its next value); or -1.
     */
    private int inPlace(Node n) {
        if (info.soleUser(n.id()) != GraphInfo.RESULT || n.type() instanceof Type.Bool) {
            return -1;
        }
        int k = -1;
        for (int r = 0; r < g.results().size(); r++) {
            if (info.rep(g.results().get(r)) == n.id()) {
                k = r;
            }
        }
        if (k < 0 || !owns(k) || k >= g.params().size()) {
            return -1;
        }
        int p = g.params().get(k);
        if (info.uses(p) != 1 || info.soleUser(p) != n.id()
                || !JavaTypes.shape(g.type(p)).equals(JavaTypes.shape(n.type()))) {
            return -1;
        }
        for (int in : n.inputs()) {
            if (info.rep(in) == p) {
                return k;
            }
        }
        return -1;
    }

    /**
     * The carried value whose next value node id is, when two alternating buffers may hold it: id is that one
     * result of the loop body and no op keeps it, or hands its array on to that result alone ({@link HandedOn});
     * and the carried value's previous array is only read (it is no result and no op keeps it). Else -1.
     */
    private int alternating(int id, boolean[] escapes) {
        int end = handed.end(id);
        if (end < 0) {
            return -1;
        }
        int k = -1;
        for (int r = 0; r < g.results().size(); r++) {
            if (info.rep(g.results().get(r)) == end) {
                if (k >= 0) {
                    return -1;
                }
                k = r;
            }
        }
        if (k < 0 || k >= g.params().size() || holdsRows(k)) {
            return -1;
        }
        int p = g.params().get(k);
        return info.rep(p) != p || escapes[p] || !(g.type(p) instanceof Type.Real) ? -1 : k;
    }
}
