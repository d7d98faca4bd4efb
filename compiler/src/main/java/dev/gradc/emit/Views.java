package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Index;
import dev.gradc.ops.Matmul;
import dev.gradc.ops.Overwriting;
import dev.gradc.ops.ReduceMax;
import dev.gradc.ops.ReduceSum;
import dev.gradc.ops.Rows;
import dev.gradc.ops.While;

/**
 * Slices read where they lie: rows {@code x[a:a+L]} or one row {@code x[i]} of an array are a checked offset
 * into x's array, not a copy, when every consumer reads its operands element by element (an elementwise op, a
 * reduction, a matrix product other than a dot of two vectors: their code reads {@code x[offset + i]}) and
 * nothing in the graph can change x's array while they run — no write takes x, no branch takes it and no loop
 * carries it (a loop only reads its invariants), x is no carried matrix held as rows, and no elementwise op overwrites x's array in place. The layer
 * weights of an LSTM, rows of one matrix per layer, are read in place by the layer's products, as written by
 * hand. A slice that is a result, crosses a method split, or feeds anything else is copied as before. (Where
 * the array is written later in the graph, {@link RowViews} still reads a slice in place when nothing between
 * it and its elementwise users can write.)
 */
final class Views {

    private Views() {
    }

    /** Per node of info's graph: whether it is a slice read in place (see above). */
    static boolean[] of(GraphInfo info, boolean[] pinned, StoragePlan storage) {
        Graph g = info.graph;
        boolean[] views = new boolean[g.size()];
        boolean[] results = new boolean[g.size()];
        for (int r : g.results()) {
            results[info.rep(r)] = true;
        }
        for (Node n : g.nodes()) {
            int id = n.id();
            views[id] = info.emits(id) && isSlice(g, n) && !pinned[id] && !results[id]
                    && readsInPlace(info, id) && unchanged(info, info.rep(n.input(0)), storage);
        }
        return views;
    }

    /** Per node: either plan reads it in place (this one, or {@link RowViews}'s). */
    static boolean[] or(boolean[] a, boolean[] b) {
        boolean[] out = new boolean[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] || b[i];
        }
        return out;
    }

    /** Whether n takes consecutive rows of a real array (more than one element). */
    static boolean isSlice(Graph g, Node n) {
        if (!(n.type() instanceof Type.Real r) || r.isScalar()) {
            return false;
        }
        return n.op() instanceof Rows
                || n.op() instanceof Index ix && ix.count() < JavaTypes.shape(g.type(n.input(0))).rank();
    }

    /** Whether every user of node id reads its elements through {@link ElementCode#elem} or a product's loops. */
    private static boolean readsInPlace(GraphInfo info, int id) {
        Graph g = info.graph;
        boolean used = false;
        for (Node u : g.nodes()) {
            if (!info.emits(u.id()) || u.inputs().stream().noneMatch(in -> info.rep(in) == id)) {
                continue;
            }
            used = true;
            boolean reads = ElementCode.isElementwise(u) || u.op() instanceof ReduceSum || u.op() instanceof ReduceMax
                    || u.op() instanceof Matmul && !(JavaTypes.shape(g.type(u.input(0))).rank() == 1
                    && JavaTypes.shape(g.type(u.input(1))).rank() == 1);
            if (!reads || !(u.type() instanceof Type.Real)) {
                return false;
            }
        }
        return used;
    }

    /** Whether nothing in the graph can change the array of node x while the graph runs. */
    private static boolean unchanged(GraphInfo info, int x, StoragePlan storage) {
        Graph g = info.graph;
        int k = g.params().indexOf(x);
        if (k >= 0 && storage.holdsRows(k) || !(storage.storage(x) == null
                || storage.storage(x) instanceof StoragePlan.Storage.Fresh
                || storage.storage(x) instanceof StoragePlan.Storage.Reused)) {
            return false;
        }
        for (Node u : g.nodes()) {
            if (!info.emits(u.id())) {
                continue;
            }
            if (storage.storage(u.id()) instanceof StoragePlan.Storage.InPlace in && g.params().get(in.carried()) == x) {
                return false;
            }
            for (int j = 0; j < u.inputs().size(); j++) {
                if (info.rep(u.input(j)) != x) {
                    continue;
                }
                // a loop never writes an invariant's array (it owns carried arrays alone); a branch may own its inputs
                if (u.op() instanceof Overwriting && j == 0 || u.op() instanceof Cond
                        || u.op() instanceof While w && j < w.carried()) {
                    return false;
                }
            }
        }
        return true;
    }
}
