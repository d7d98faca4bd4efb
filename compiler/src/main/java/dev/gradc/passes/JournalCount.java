package dev.gradc.passes;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Rules;
import dev.gradc.ops.SizeOf;
import dev.gradc.ops.While;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values one trip of a journaled loop ({@link CheckpointJournal}) keeps, as an int node built before the loop
 * runs, for its kept-values budget: the carried values kept whole, the journal's entries and indices ({@link
 * Journal#perTrip}), and per inner loop the chain passes through, what it keeps per inner trip times an upper bound
 * of its trip count ({@link #trips}) that holds for every outer trip. An inner loop whose trip count has no such
 * bound (a {@code while} on data) is counted as its whole array and two copies of what it keeps whole: right only
 * when it writes each entry at most once and runs at most one trip.
 */
final class JournalCount {

    private final Rules g;
    /** The journaled loop's node (in the graph {@code fwd} maps from) and its op. */
    private final Node loop;
    private final While w;
    /** The ids in g of the journaled loop's inputs' nodes: {@code fwd[loop.input(i)]}. */
    private final int[] fwd;

    JournalCount(Rules g, Node loop, While w, int[] fwd) {
        this.g = g;
        this.loop = loop;
        this.w = w;
        this.fwd = fwd;
    }

    Rules g() {
        return g;
    }

    /** The values one trip of the loop keeps, as an int node. */
    int perTrip() {
        Graph body = w.body();
        Journal journal = new Journal(body, w.carried());
        int total = g.intConstant(0);
        for (int j = 0; j < w.carried(); j++) {
            if (!journal.journaled(j)) {
                total = g.add(total, size(body.type(body.params().get(j))));
            }
        }
        return journal.perTrip(this, total);
    }

    /**
     * {@code total} plus what inner loop {@code t} of graph {@code body} keeps in one trip of the graph's loop: its
     * trip count; per inner trip its journal ({@code perInnerTrip}), the values it keeps whole and its products
     * ({@link KeptProducts}); and the values kept whole once more after it.
     */
    int throughLoop(Graph body, JournalLoops.Through t, int perInnerTrip, int total) {
        int kept = -1;
        for (int j : t.kept()) {
            int s = size(((Type.Stack) t.keptType(j)).element());
            kept = kept < 0 ? s : g.add(kept, s);
        }
        total = g.add(total, g.intConstant(1));
        Integer trips = trips(body, t.loop());
        if (trips == null) { // no bound (so no products): the guess of an array written once, one trip kept whole
            Type whole = t.op().body().type(t.op().body().params().get(t.carried()));
            total = g.add(total, size(whole));
            return kept < 0 ? total : g.add(total, g.mul(g.intConstant(2), kept));
        }
        int perTrip = kept < 0 ? perInnerTrip : g.add(perInnerTrip, kept);
        for (Type p : t.productTypes()) {
            perTrip = g.add(perTrip, size(((Type.Stack) p).element()));
        }
        total = g.add(total, g.mul(trips, perTrip));
        return kept < 0 ? total : g.add(total, kept);
    }

    /**
     * An upper bound of the trip count of counted inner loop {@code inner} of graph {@code body}, as an int node, in
     * every trip of the journaled loop; null when there is none. In any graph: a count from an int literal to a
     * literal or size ({@link KeptProducts#trips}). In the journaled loop's body, the count {@code step·(to − from)}
     * as a sum of multiples of int nodes ({@link #affine}: terms of both bounds cancel, so {@code i − 3..i} counts
     * 3), each of them a literal, a size, an invariant of the loop or its counter (from its first value to its
     * bound less one, whichever bounds the sum from above).
     */
    Integer trips(Graph body, Node inner) {
        KeptProducts.Bound exact = KeptProducts.trips(body, inner);
        if (exact != null) {
            return exact.build(g);
        }
        While.Counted c = ((While) inner.op()).counted();
        if (c == null || body != w.body()) {
            return null;
        }
        Map<Object, Long> terms = new LinkedHashMap<>();
        long[] constant = {c.literalBound() ? (long) c.step() * c.toValue() : 0};
        if (c.inputBound()) {
            affine(body, inner.input(c.toInput()), c.step(), terms, constant);
        } else if (!c.literalBound()) {
            terms.put(c.toSize(), (long) c.step());
        }
        affine(body, inner.input(c.counter()), -c.step(), terms, constant);
        int sum = -1;
        for (Map.Entry<Object, Long> t : terms.entrySet()) {
            long k = t.getValue();
            Integer v = k == 0 ? null : bound(body, t.getKey(), k > 0);
            if (k != 0 && v == null) {
                return null;
            }
            if (v == null) {
                continue;
            }
            if (g.builder().node(v).op() instanceof IntConstant i) {
                constant[0] += k * i.value();
                continue;
            }
            int term = k == 1 || k == -1 ? v : g.mul(g.intConstant((int) Math.abs(k)), v);
            sum = sum < 0 ? (k > 0 ? term : g.sub(g.intConstant(0), term)) : k > 0 ? g.add(sum, term) : g.sub(sum, term);
        }
        int count = sum < 0 ? g.intConstant((int) constant[0]) : constant[0] > 0 ? g.add(sum, g.intConstant((int) constant[0]))
                : constant[0] < 0 ? g.sub(sum, g.intConstant((int) -constant[0])) : sum;
        return g.binary(Binary.MAX, count, g.intConstant(0));
    }

    /**
     * Adds {@code k} times int node id of the body to {@code terms} (per int node of the body or size name, its
     * multiple) and {@code constant}: sums, differences and multiples by literals of nodes, as a worklist.
     */
    private static void affine(Graph body, int id, long k, Map<Object, Long> terms, long[] constant) {
        ArrayDeque<long[]> todo = new ArrayDeque<>();
        todo.push(new long[] {id, k});
        while (!todo.isEmpty()) {
            long[] t = todo.pop();
            Node n = body.node((int) t[0]);
            Node a = n.inputs().size() == 2 ? body.node(n.input(0)) : null;
            Node b = n.inputs().size() == 2 ? body.node(n.input(1)) : null;
            if (n.op() instanceof IntConstant v) {
                constant[0] += t[1] * v.value();
            } else if (n.op() instanceof SizeOf s) {
                terms.merge(s.size(), t[1], Long::sum);
            } else if (n.op() == Binary.ADD || n.op() == Binary.SUB) {
                todo.push(new long[] {a.id(), t[1]});
                todo.push(new long[] {b.id(), n.op() == Binary.ADD ? t[1] : -t[1]});
            } else if (n.op() == Binary.MUL && b.op() instanceof IntConstant v) {
                todo.push(new long[] {a.id(), t[1] * v.value()});
            } else if (n.op() == Binary.MUL && a.op() instanceof IntConstant v) {
                todo.push(new long[] {b.id(), t[1] * v.value()});
            } else {
                terms.merge(n.id(), t[1], Long::sum);
            }
        }
    }

    /**
     * A bound from above ({@code high}) or below of term {@code key} (a size name, or an int node of the body) in
     * every trip, as an int node; null when there is none: a size, an invariant's value, or the counter's first
     * value and its bound less one.
     */
    private Integer bound(Graph body, Object key, boolean high) {
        if (key instanceof String size) {
            return g.apply(new SizeOf(size));
        }
        int p = body.params().indexOf((Integer) key);
        if (p >= w.carried()) {
            return fwd[loop.input(p)];
        }
        While.Counted c = w.counted();
        if (p < 0 || c == null || p != c.counter() || c.step() < 0) {
            return null;
        }
        if (!high) {
            return fwd[loop.input(p)];
        }
        int to = c.literalBound() ? g.intConstant(c.toValue())
                : c.inputBound() ? fwd[loop.input(c.toInput())] : g.apply(new SizeOf(c.toSize()));
        return g.sub(to, g.intConstant(1));
    }

    /** The number of values of one value of type t, as an int node (1 for anything but an array). */
    int size(Type t) {
        Shape shape = t instanceof Type.Real r ? r.shape() : t instanceof Type.Bool b ? b.shape()
                : t instanceof Type.IntArray a ? a.shape() : Shape.SCALAR;
        int size = g.intConstant(1);
        for (Dim d : shape.dims()) {
            int dim = g.intConstant((int) d.constant());
            for (Map.Entry<String, Long> e : d.terms().entrySet()) {
                dim = g.add(dim, g.mul(g.intConstant(e.getValue().intValue()), g.apply(new SizeOf(e.getKey()))));
            }
            size = g.mul(size, dim);
        }
        return size;
    }
}
