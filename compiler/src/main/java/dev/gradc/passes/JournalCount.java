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
 * when it writes each entry at most once and runs at most one trip; the count is then a guess ({@link #guessed}),
 * which the loop checks against its stacks' sizes before each trip.
 */
final class JournalCount {

    private final Rules g;
    /** The journaled loop's node (in the graph {@code fwd} maps from) and its op. */
    private final Node loop;
    private final While w;
    /** The ids in g of the journaled loop's inputs' nodes: {@code fwd[loop.input(i)]}. */
    private final int[] fwd;
    /** Per graph inside the body whose journal is counted (by identity): the graph around it ({@link #link}). */
    private final Map<Graph, Link> links = new java.util.IdentityHashMap<>();
    /** The values of the carried values one trip keeps whole, as an int node ({@link #whole}). */
    private int whole = -1;
    /** Whether {@link #perTrip} counted an inner loop with no bound by the guess ({@link #throughLoop}). */
    private boolean guessed;

    JournalCount(Rules g, Node loop, While w, int[] fwd) {
        this.g = g;
        this.loop = loop;
        this.w = w;
        this.fwd = fwd;
    }

    Rules g() {
        return g;
    }

    /**
     * Whether the last {@link #perTrip} is a guess: an inner loop it counted has no bound of its trip count, so a trip
     * may keep more, and the loop must check its stacks as it runs ({@link dev.gradc.ops.JournalRoom}).
     */
    boolean guessed() {
        return guessed;
    }

    /**
     * Of the last {@link #perTrip}, the values of the carried values kept whole (not journaled), as an int node: a
     * loop counts them per trip, not by its stacks' sizes (a sum's stack, never popped, is not kept at all).
     */
    int whole() {
        return whole;
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
        whole = total;
        return journal.perTrip(this, total);
    }

    /**
     * {@code total} plus what inner loop {@code t} of graph {@code body} keeps in one trip of the graph's loop: its
     * trip count when kept ({@link JournalLoops.Through#tripsKept}) and the scalar inputs it keeps ({@link
     * JournalLoops.Through#inputs}); per inner trip its journal ({@code
     * perInnerTrip}), the values it keeps whole and its products ({@link KeptProducts}); and the values kept whole once
     * more after it.
     */
    int throughLoop(Graph body, JournalLoops.Through t, int perInnerTrip, int total) {
        int kept = -1;
        for (int j : t.kept()) {
            int s = size(((Type.Stack) t.keptType(j)).element());
            kept = kept < 0 ? s : g.add(kept, s);
        }
        total = g.add(total, g.intConstant(t.tripStacks() + t.inputs().size())); // the trip count, the scalar inputs
        Integer trips = trips(body, t.loop());
        if (trips == null) { // no bound (so no products): the guess of an array written once, one trip kept whole
            guessed = true;
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
     * literal or size ({@link KeptProducts#trips}). Else the count {@code step·(to − from)} as a sum of multiples of
     * int nodes ({@link #affine}: terms of both bounds cancel, so {@code i − 3..i} counts 3; parameters of branches
     * and inner loops' bodies read as what they stand for in the graph around), each of them a literal, a size, in
     * the journaled loop's body an invariant of the loop or its counter (from its first value to its bound less one,
     * whichever bounds the sum from above), or an inner loop's counter, bounded so in turn ({@link #innerCounter}).
     */
    Integer trips(Graph body, Node inner) {
        KeptProducts.Bound exact = KeptProducts.trips(body, inner);
        if (exact != null) {
            return exact.build(g);
        }
        While.Counted c = ((While) inner.op()).counted();
        if (c == null) {
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
        Integer count = combine(terms, constant[0], true, 0);
        if (count == null) {
            return null;
        }
        return g.binary(Binary.MAX, count, g.intConstant(0));
    }

    /**
     * {@code constant} plus the sum of the terms (per key, its multiple) with each term bounded from above ({@code
     * high}) or below as its sign asks ({@link #bound}), as an int node; null when some term has no such bound.
     * {@code depth}: the levels of inner loops' counters bounded so far (at most {@link #DEEPEST}).
     */
    private Integer combine(Map<Object, Long> terms, long constant, boolean high, int depth) {
        int sum = -1;
        for (Map.Entry<Object, Long> t : terms.entrySet()) {
            long k = t.getValue();
            if (k == 0) {
                continue;
            }
            Integer v = bound(t.getKey(), high == k > 0, depth);
            if (v == null) {
                return null;
            }
            if (g.builder().node(v).op() instanceof IntConstant i) {
                constant += k * i.value();
                continue;
            }
            int term = k == 1 || k == -1 ? v : g.mul(g.intConstant((int) Math.abs(k)), v);
            sum = sum < 0 ? (k > 0 ? term : g.sub(g.intConstant(0), term)) : k > 0 ? g.add(sum, term) : g.sub(sum, term);
        }
        return sum < 0 ? g.intConstant((int) constant) : constant > 0 ? g.add(sum, g.intConstant((int) constant))
                : constant < 0 ? g.sub(sum, g.intConstant((int) -constant)) : sum;
    }

    /**
     * Adds {@code k} times int node id of graph {@code body} to {@code terms} (per size name or {@link Atom}, its
     * multiple) and {@code constant}: sums, differences and multiples by literals of nodes, and a parameter of a
     * branch or an inner loop's body ({@link #link}: of a branch, or an invariant of the loop) as the node it
     * stands for in the graph around; as a worklist.
     */
    private void affine(Graph body, int id, long k, Map<Object, Long> terms, long[] constant) {
        ArrayDeque<Object[]> todo = new ArrayDeque<>();
        todo.push(new Object[] {body, id, k});
        while (!todo.isEmpty()) {
            Object[] t = todo.pop();
            Graph in = (Graph) t[0];
            long m = (Long) t[2];
            Node n = in.node((Integer) t[1]);
            Node a = n.inputs().size() == 2 ? in.node(n.input(0)) : null;
            Node b = n.inputs().size() == 2 ? in.node(n.input(1)) : null;
            Link up = links.get(in);
            int p = in.params().indexOf(n.id());
            if (n.op() instanceof IntConstant v) {
                constant[0] += m * v.value();
            } else if (n.op() instanceof SizeOf s) {
                terms.merge(s.size(), m, Long::sum);
            } else if (n.op() == Binary.ADD || n.op() == Binary.SUB) {
                todo.push(new Object[] {in, a.id(), m});
                todo.push(new Object[] {in, b.id(), n.op() == Binary.ADD ? m : -m});
            } else if (n.op() == Binary.MUL && (b.op() instanceof IntConstant || a.op() instanceof IntConstant)) {
                boolean right = b.op() instanceof IntConstant;
                todo.push(new Object[] {in, (right ? a : b).id(), m * ((IntConstant) (right ? b : a).op()).value()});
            } else if (up != null && p >= 0 && (up.branch() || p >= ((While) up.node().op()).carried())) {
                todo.push(new Object[] {up.graph(), up.node().input(up.branch() ? 1 + p : p), m});
            } else {
                terms.merge(new Atom(in, n.id()), m, Long::sum);
            }
        }
    }

    /** Graph {@code inner} is a branch of cond node {@code node} of {@code outer}, or the body of loop node {@code node}. */
    void link(Graph inner, Graph outer, Node node, boolean branch) {
        links.put(inner, new Link(outer, node, branch));
    }

    /** The graph around a branch or an inner loop's body, and the cond or loop node there. */
    private record Link(Graph graph, Node node, boolean branch) {
    }

    /** An int node of a graph, the same only in the same graph (the same object). */
    private record Atom(Graph graph, int id) {

        @Override
        public boolean equals(Object o) {
            return o instanceof Atom a && a.graph == graph && a.id == id;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(graph) * 31 + id;
        }
    }

    /**
     * A bound from above ({@code high}) or below of term {@code key} (a size name, or an int node of the loop's body) in
     * every trip, as an int node; null when there is none: a size, an invariant's value, or the counter's first
     * value and its bound less one.
     */
    private Integer bound(Object key, boolean high, int depth) {
        if (key instanceof String size) {
            return g.apply(new SizeOf(size));
        }
        Atom atom = (Atom) key;
        if (atom.graph() != w.body()) {
            return innerCounter(atom, high, depth);
        }
        int p = atom.graph().params().indexOf(atom.id());
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
        int to = c.end(g, i -> fwd[loop.input(i)]);
        return g.sub(to, g.intConstant(1));
    }

    /** How many levels of inner loops' counters {@link #innerCounter} bounds through (deeper: no bound). */
    private static final int DEEPEST = 4;

    /**
     * A bound of the counter of an inner loop that counts up, in its body: from below its first value, from above its
     * bound less one, each an int node of the graph around bounded in turn ({@link #affine}, {@link #combine}): a
     * third level's {@code for l in 0..i} inside {@code for i in 0..8} counts at most 7 trips. Null for any other
     * node, or past {@link #DEEPEST} levels.
     */
    private Integer innerCounter(Atom atom, boolean high, int depth) {
        Link up = links.get(atom.graph());
        int p = atom.graph().params().indexOf(atom.id());
        if (up == null || up.branch() || depth >= DEEPEST || !(up.node().op() instanceof While loop)) {
            return null;
        }
        While.Counted c = loop.counted();
        if (c == null || p < 0 || p != c.counter() || c.step() < 0) {
            return null;
        }
        Map<Object, Long> terms = new LinkedHashMap<>();
        long[] constant = {0};
        if (!high) {
            affine(up.graph(), up.node().input(p), 1, terms, constant);
        } else if (c.inputBound()) {
            affine(up.graph(), up.node().input(c.toInput()), 1, terms, constant);
        } else if (c.literalBound()) {
            constant[0] = c.toValue();
        } else {
            terms.put(c.toSize(), 1L);
        }
        return combine(terms, high ? constant[0] - 1 : constant[0], high, depth + 1);
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
