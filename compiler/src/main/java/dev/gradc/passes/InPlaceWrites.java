package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.Checkpoint;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Index;
import dev.gradc.ops.OperandReads;
import dev.gradc.ops.Overwriting;
import dev.gradc.ops.Where;

/**
 * Which writes ({@link Overwriting} ops) of a graph the interpreter may do in place: the array written is the
 * graph's own (a loop-carried value the loop copied on entry, or the result of an earlier write), no result is
 * it, and every other op that reads it runs before the write and makes a new value of its own (an element
 * read, arithmetic, a sum, a push, which keeps a copy — not a region or a projection, which may keep the array
 * itself, unless the region only reads it, copies it on entry, or passes it on unchanged).
 */
public final class InPlaceWrites {

    private InPlaceWrites() {
    }

    /**
     * Per carried value of a loop body: whether the loop may own its array — copy it once on entry and let the
     * body's writes change it — because the body writes it and its next value is a write's result that nothing
     * else keeps (no other result is it, no op but a read uses it), so that array stays the loop's alone.
     */
    public static boolean[] ownedCarried(Graph body, int carried) {
        return ownedCarried(body, carried, new Known());
    }

    /**
     * What is known of loop bodies ({@link #ownedCarried} of each), kept between the questions asked of one
     * graph and its regions: asked once per loop without it, loops nested d deep cost d² to answer.
     */
    public static final class Known {
        private final java.util.Map<Graph, boolean[]> owned = new java.util.IdentityHashMap<>();
        final java.util.Map<Graph, int[]> through = new java.util.IdentityHashMap<>();
    }

    /** As {@link #ownedCarried(Graph, int)}, with what is known of loop bodies: each one is looked at once. */
    public static boolean[] ownedCarried(Graph body, int carried, Known memo) {
        boolean[] known = memo.owned.get(body);
        if (known != null && known.length == carried) {
            return known;
        }
        boolean[] out = new boolean[carried];
        int[] asResult = asResults(body);
        boolean[] kept = kept(body, memo);
        for (Node u : body.nodes()) {
            if (u.op() instanceof Overwriting) {
                int k = body.params().indexOf(u.input(0));
                if (k >= 0 && k < carried) {
                    int r = body.result(k);
                    out[k] = body.node(r).op() instanceof Overwriting && asResult[r] == 1 && !kept[r];
                }
            }
        }
        for (int k = 0; k < carried; k++) {
            int r = body.result(k);
            out[k] |= asResult[r] == 1 && !kept[r] && origin(body, r, memo) == body.params().get(k);
            out[k] &= !neededAfterChange(body, body.params().get(k), memo);
        }
        memo.owned.put(body, out);
        return out;
    }

    /** How many times each node of g is a result of g. */
    static int[] asResults(Graph g) {
        int[] asResult = new int[g.size()];
        for (int r : g.results()) {
            asResult[r]++;
        }
        return asResult;
    }

    /**
     * Per node of g: whether an op may keep its array (a region or a projection that may hold it, an op that
     * gives it back as it is), rather than only read it, change it in place or pass it on to a region that owns it.
     */
    static boolean[] kept(Graph g, Known memo) {
        boolean[] kept = new boolean[g.size()];
        boolean[] used = g.used();
        for (Node u : g.nodes()) {
            for (int k = 0; k < u.inputs().size(); k++) {
                int in = u.input(k);
                // a write nobody reads (kept for its index check) changes nothing anyone sees: no keeping use
                boolean dead = u.op() instanceof Overwriting && k == 0 && !used[u.id()] && u.inputs().lastIndexOf(in) == 0;
                kept[in] |= !(onlyReads(u.op()) || u.op() instanceof Overwriting && u.input(0) != in
                        || CondWrites.writtenThrough(u, k, memo) >= 0 || loopOwns(u, k, memo) || onlyReadIn(u, k) || dead);
            }
        }
        return kept;
    }

    /**
     * Whether the array of parameter p is still needed as it was after the first op that would change it in
     * place (a write of it, a cond that writes it, a loop that takes it over): a user after that op that is
     * no read of entries of p (a push of the whole array, say: a loop keeping every state). That op then
     * copies it anyway, so the loop owning the array would only add a copy on entry — per trip of a loop
     * around it, even when this loop runs no trip.
     */
    static boolean neededAfterChange(Graph body, int p, Known memo) {
        int change = -1;
        for (Node u : body.nodes()) {
            int k = u.inputs().indexOf(p);
            if (k < 0) {
                continue;
            }
            if (change >= 0 && !readsEntries(body, u, p)) {
                return true;
            }
            boolean changes = u.op() instanceof Overwriting && k == 0 || CondWrites.writtenThrough(u, k, memo) >= 0
                    || loopOwns(u, k, memo);
            if (change < 0 && changes) {
                change = u.id();
            }
        }
        return false;
    }

    /** Whether u reads entries of p's array into a new value (one entry, a column, gathered rows or lines). */
    private static boolean readsEntries(Graph body, Node u, int p) {
        if (u.input(0) != p || u.inputs().lastIndexOf(p) != 0) {
            return false;
        }
        dev.gradc.ir.Type t = body.type(p);
        int rank = t instanceof dev.gradc.ir.Type.Real r ? r.shape().rank()
                : t instanceof dev.gradc.ir.Type.IntArray a ? a.shape().rank() : -1;
        return u.op() instanceof Index ix && ix.count() == rank || u.op() instanceof dev.gradc.ops.Column
                || u.op() instanceof dev.gradc.ops.Gather || u.op() instanceof dev.gradc.ops.LineGather
                || u.op() instanceof dev.gradc.ops.IntIndex ii && ii.count() == rank;
    }

    /**
     * Where the array of node id comes from through writes, conds that write it ({@link CondWrites#writtenThrough})
     * and loops that own it or pass it on unchanged ({@link #passes}):
     * the first node of that chain that is neither, when at least one step was taken; else -1.
     */
    static int origin(Graph g, int id, Known memo) {
        int steps = 0;
        while (true) {
            Node n = g.node(id);
            if (n.op() instanceof Overwriting) {
                id = n.input(0);
            } else if (n.op() instanceof dev.gradc.ops.Proj p && g.node(n.input(0)).op() instanceof Cond
                    && CondWrites.throughInput(g.node(n.input(0)), p.index(), memo) > 0) {
                id = g.node(n.input(0)).input(CondWrites.throughInput(g.node(n.input(0)), p.index(), memo));
            } else if (n.op() instanceof dev.gradc.ops.Proj p && (loopOwns(g.node(n.input(0)), p.index(), memo)
                    || passes(g.node(n.input(0)), p.index(), memo))) {
                id = g.node(n.input(0)).input(p.index()); // a loop's own array, or the one it passes on unchanged
            } else {
                return steps == 0 ? -1 : id;
            }
            steps++;
        }
    }

    /**
     * Whether node u is a loop whose result k is an array of its own that nobody else has: the loop keeps its
     * carried value k its own ({@link #ownedCarried}: it copies or takes over the array on entry and writes it
     * in place from trip to trip) and is no segment of a checkpointed loop ({@link Checkpoint#segment}), whose
     * arrays live in its sweep's buffers. The one rule for a loop's result in the compiled code and here.
     */
    public static boolean ownsResult(Node u, int k) {
        return ownsResult(u, k, new Known());
    }

    /** As {@link #ownsResult(Node, int)}, with what is known of loop bodies. */
    public static boolean ownsResult(Node u, int k, Known memo) {
        return u.op() instanceof dev.gradc.ops.While w && k < w.carried()
                && (w.checkpoint() == null || !w.checkpoint().segment()) && ownedCarried(w.body(), w.carried(), memo)[k];
    }

    /** Whether u is a loop that owns its carried value k ({@link #ownsResult}) and input k is no other input too. */
    static boolean loopOwns(Node u, int k, Known memo) {
        return ownsResult(u, k, memo) && u.inputs().indexOf(u.input(k)) == k && u.inputs().lastIndexOf(u.input(k)) == k;
    }

    /**
     * Whether u is a region (a loop or a cond) that only reads its input k ({@link RegionReads}): in each of its
     * graphs that parameter is used only by ops that make values of their own, by writes nobody reads, or by
     * regions inside that only read it in turn, and is no result; a loop does not carry it. A write after such a
     * region may change the array in place: the region is done with it.
     */
    public static boolean onlyReadIn(Node u, int k) {
        return RegionReads.onlyReads(u.op(), k, (g, v, j) -> onlyReads(v.op()) || deadWrite(g, v, v.input(j)));
    }

    /**
     * Whether v writes p and nothing uses what it gives (a branch recomputed for its reads, its array not
     * given back): kept only for its index checks, it leaves p as it is wherever p is its own.
     */
    private static boolean deadWrite(Graph b, Node v, int p) {
        if (!(v.op() instanceof Overwriting) || v.input(0) != p || v.inputs().lastIndexOf(p) != 0
                || b.results().contains(v.id())) {
            return false;
        }
        for (Node u : b.nodes()) {
            if (u.inputs().contains(v.id())) {
                return false;
            }
        }
        return true;
    }


    /** Per node of g: whether it is a write that may change its first input's array. */
    public static boolean[] of(Graph g, boolean[] ownedParams) {
        return analyse(g, ownedParams, new Known()).inPlace();
    }

    /**
     * Per node of g: for a cond whose branches may write an input's array in place, per branch parameter
     * whether they may (the array is g's own, the cond its last use, nothing else keeps it, and it leaves the
     * cond as one result: {@link CondWrites#writtenThrough}); null for every other node.
     */
    public static boolean[][] ofBranches(Graph g, boolean[] ownedParams) {
        return analyse(g, ownedParams, new Known()).branches();
    }

    /**
     * Per node of g: for a loop, per carried value, whether it may take over its input's array instead of
     * copying it on entry: the loop owns that carried value ({@link #ownedCarried}), and the array is g's own,
     * the loop its last use, nothing else keeps it, and it is no other input; null for every other node. The
     * compiled code's rule ({@code RegionCode.takesOver}).
     */
    public static boolean[][] ofLoops(Graph g, boolean[] ownedParams) {
        return analyse(g, ownedParams, new Known()).loops();
    }

    /** What {@link #of}, {@link #ofBranches} and {@link #ofLoops} give, per node of one graph. */
    public record Writes(boolean[] inPlace, boolean[][] branches, boolean[][] loops) {
    }

    /**
     * {@link #of}, {@link #ofBranches} and {@link #ofLoops} at once, with what is known of loop bodies: an engine
     * that asks of every graph of a nest keeps one {@link Known}, and each loop body is looked at once.
     */
    public static Writes analyse(Graph g, boolean[] ownedParams, Known memo) {
        int n = g.size();
        boolean[] owned = new boolean[n];
        for (int k = 0; k < ownedParams.length && k < g.params().size(); k++) {
            owned[g.params().get(k)] = ownedParams[k];
        }
        int[] name = names(g, memo);
        int[] lastUse = new int[n];
        boolean[] kept = new boolean[n];
        java.util.Arrays.fill(lastUse, -1);
        for (Node u : g.nodes()) {
            for (int k = 0; k < u.inputs().size(); k++) {
                int in = u.input(k);
                int x = name[in];
                lastUse[x] = Math.max(lastUse[x], u.id());
                kept[x] |= !(u.op() instanceof Overwriting || onlyReads(u.op()) || onlyReadIn(u, k)
                        || CondWrites.writtenThrough(u, k, memo) >= 0 || LoopPasses.copiesOnEntry(u, i -> i == in, false, memo)
                        || pushedCopy(g, u, k) || passes(u, k, memo));
            }
        }
        for (int r : g.results()) {
            lastUse[name[r]] = Integer.MAX_VALUE;
        }
        for (Node u : g.nodes()) {
            for (int k = 1; k < u.inputs().size(); k++) {
                // a cond that gives the array back keeps it unless it is the array's last use
                kept[name[u.input(k)]] |= CondWrites.writtenThrough(u, k, memo) >= 0 && lastUse[name[u.input(k)]] != u.id();
            }
        }
        for (int id = 0; id < n; id++) { // what is known of an array, known of each of its names
            lastUse[id] = lastUse[name[id]];
            kept[id] = kept[name[id]];
        }
        boolean[] inPlace = new boolean[n];
        boolean[][] branches = new boolean[n][];
        boolean[][] loops = new boolean[n][];
        for (Node u : g.nodes()) {
            if (u.op() instanceof Cond) {
                branches[u.id()] = ownedInside(u, owned, lastUse, kept, memo);
            } else if (u.op() instanceof dev.gradc.ops.While w) {
                loops[u.id()] = takenOver(u, w, owned, lastUse, kept, memo);
            } else if (u.op() instanceof dev.gradc.ops.Proj p && branches[u.input(0)] != null) {
                Node c = g.node(u.input(0));
                int k = CondWrites.throughInput(c, p.index(), memo);
                owned[u.id()] = k > 0 && branches[c.id()][k - 1];
            } else if (u.op() instanceof dev.gradc.ops.Proj p && loops[u.input(0)] != null) {
                Node loop = g.node(u.input(0));
                // the loop's own copy, or what it took over; or the array it passes on unchanged, owned as its input was
                owned[u.id()] = ownsResult(loop, p.index(), memo)
                        || passes(loop, p.index(), memo) && owned[loop.input(p.index())];
            }
            if (!(u.op() instanceof Overwriting)) {
                continue;
            }
            owned[u.id()] = true;
            int x = u.input(0);
            inPlace[u.id()] = owned[x] && lastUse[x] == u.id() && !kept[x] && writesOnce(u, x);
        }
        return new Writes(inPlace, branches, loops);
    }

    /**
     * Per node of g: the first name of its array, following the results of loops that pass their input's array on
     * ({@link LoopPasses#passesOn}): after no trip, such a result is that very array.
     */
    private static int[] names(Graph g, Known memo) {
        int[] name = new int[g.size()];
        for (Node u : g.nodes()) {
            name[u.id()] = u.id();
            if (u.op() instanceof dev.gradc.ops.Proj p && passes(g.node(u.input(0)), p.index(), memo)) {
                name[u.id()] = name[g.node(u.input(0)).input(p.index())];
            }
        }
        return name;
    }

    /** Whether loop u passes its carried input k's array on ({@link LoopPasses#passesOn}; pushes copy what they keep). */
    private static boolean passes(Node u, int k, Known memo) {
        return u.op() instanceof dev.gradc.ops.While w && k < w.carried()
                && LoopPasses.passesOn(u, i -> i == u.input(k), true, memo);
    }

    /** Whether u pushes its input k, an array: the stack keeps a copy of it ({@code Push#eval}), not the array. */
    private static boolean pushedCopy(Graph g, Node u, int k) {
        return u.op() instanceof dev.gradc.ops.Push && k == 1
                && (g.type(u.input(1)) instanceof dev.gradc.ir.Type.Real || g.type(u.input(1)) instanceof dev.gradc.ir.Type.IntArray);
    }

    /** Per carried value of loop u: whether it may take over its input's array ({@link #ofLoops}). */
    private static boolean[] takenOver(Node u, dev.gradc.ops.While w, boolean[] owned, int[] lastUse, boolean[] kept,
                                       Known memo) {
        boolean[] own = ownedCarried(w.body(), w.carried(), memo);
        boolean[] takes = new boolean[w.carried()];
        for (int k = 0; k < takes.length; k++) {
            int x = u.input(k);
            takes[k] = own[k] && owned[x] && lastUse[x] == u.id() && !kept[x] && u.inputs().indexOf(x) == k
                    && u.inputs().lastIndexOf(x) == k && (w.checkpoint() == null || !w.checkpoint().segment());
        }
        return takes;
    }

    /** Per branch parameter of cond u: whether its branches may write the input's array in place. */
    private static boolean[] ownedInside(Node u, boolean[] owned, int[] lastUse, boolean[] kept, Known memo) {
        boolean[] inside = new boolean[u.inputs().size() - 1];
        for (int k = 1; k < u.inputs().size(); k++) {
            int x = u.input(k);
            inside[k - 1] = owned[x] && lastUse[x] == u.id() && !kept[x] && CondWrites.writtenThrough(u, k, memo) >= 0;
        }
        return inside;
    }

    /** Whether the write u is the only op that uses x as the array it writes (and uses x nowhere else). */
    private static boolean writesOnce(Node u, int x) {
        for (int k = 1; k < u.inputs().size(); k++) {
            if (u.input(k) == x) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether op keeps nothing of its operands' arrays when the interpreter runs it ({@link OperandReads}): what
     * only reads in every engine, and the parts and gathers it copies.
     */
    public static boolean onlyReads(Object op) {
        return OperandReads.onlyReads(op) || OperandReads.copiesEntries(op);
    }
}
