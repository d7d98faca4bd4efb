package dev.gradc.passes;

import dev.gradc.diag.Span;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Compare;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Index;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Param;
import dev.gradc.ops.Proj;
import dev.gradc.ops.ReduceSum;
import dev.gradc.ops.Rules;
import dev.gradc.ops.SizeOf;
import dev.gradc.ops.Update;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The sum of an array that a loop writes element by element, accumulated inside that loop instead of in a pass
 * of its own after it: {@code for i in 1..M { z[i] = e; } ... sum(z)} carries {@code s = s + e} through the
 * trips, started at the entries before the first one the loop writes. Exact, not reassociated: the sum after the
 * loop adds {@code z[0], z[1], ...} in that order from 0, and so does the accumulator ({@code 0 + z[0]} before
 * the loop, then each entry as it is written, in increasing order).
 *
 * <p>Strict about when that holds. The sum is {@code sum(proj k (loop))} over the one axis of a rank-1 array,
 * and the loop is
 * <ul>
 *   <li>counted ({@link While.Counted#of}, read again from its graphs, not taken from the fact): its condition is
 *       nothing but {@code i < to}, and {@code i} steps by +1 every trip, so it has no other exit and runs
 *       {@code i = from, from + 1, ..., to - 1};</li>
 *   <li>{@code from} is an int constant s (at most {@link #MAX_PREFIX}) and {@code to} is the array's length
 *       (the same size name or the same literal as its type's dimension), so the trips write exactly the
 *       entries s..length-1;</li>
 *   <li>the body's next z is {@code update(z, e, i)} of its own parameter z at the counter itself: each trip
 *       writes entry i once and changes nothing else of z (reads of z are free to happen anywhere).</li>
 * </ul>
 * Then the loop's final z is its initial z at 0..s-1 and the value e of trip j at each j >= s, which no later trip
 * overwrites. When the loop runs no trip (length <= s) the sum is the initial array's, taken in a cond before the
 * loop: its other branch adds the s entries before the first write, which exist exactly when a trip runs.
 * Applied last in the {@link Optimizer}: to value and derivative graphs alike, after the gradient pass, so the
 * accumulator is no state the adjoint sees.
 */
public final class LoopSums {

    /** The most entries before a loop's first write that are added before it (more: the sum stays after it). */
    static final int MAX_PREFIX = 4;

    private LoopSums() {
    }

    /** g with every sum that can be taken inside the loop writing its array taken there; g itself when none can. */
    public static Graph apply(Graph g) {
        return anywhere(g) ? new Rebuild.Shared(LoopSums::apply).apply(g) : g;
    }

    /** Whether g or a graph inside it has a sum that can be taken in a loop (each distinct graph looked at once). */
    private static boolean anywhere(Graph g) {
        for (Graph next : Rebuild.distinctGraphs(g)) {
            for (Node n : next.nodes()) {
                if (fusable(next, n) >= 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static Graph apply(Graph g, Rebuild.Shared shared) {
        Map<Integer, Integer> sums = new TreeMap<>();
        Map<Integer, TreeSet<Integer>> loops = new TreeMap<>();
        Map<Integer, Span> spans = new TreeMap<>();
        for (Node n : g.nodes()) {
            int k = fusable(g, n);
            if (k >= 0) {
                int loop = g.node(n.input(0)).input(0);
                sums.put(n.id(), loop);
                loops.computeIfAbsent(loop, l -> new TreeSet<>()).add(k);
                spans.putIfAbsent(loop, n.span());
            }
        }
        if (sums.isEmpty() && !hasRegions(g)) {
            return g;
        }
        Map<Integer, Integer> newLoops = new TreeMap<>();
        return Rebuild.map(g, (r, n, in) -> {
            TreeSet<Integer> written = loops.get(n.id());
            if (written != null) {
                Span was = r.builder().span();
                r.builder().setSpan(spans.get(n.id())); // the accumulator's start is the sum's code
                int id = fused(r, g, n, in, written, shared);
                r.builder().setSpan(was);
                newLoops.put(n.id(), id);
                return id;
            }
            Integer loop = sums.get(n.id());
            if (loop != null) {
                int k = g.node(n.input(0)).op() instanceof Proj p ? p.index() : -1;
                While w = (While) g.node(loop).op();
                int part = w.carried() + loops.get(loop).headSet(k).size();
                int id = r.proj(newLoops.get(loop), part);
                r.builder().label(id, n.label());
                return id;
            }
            return Rebuild.copy(r, n, Rebuild.regions(n.op(), shared::apply), in);
        });
    }

    private static boolean hasRegions(Graph g) {
        for (Node n : g.nodes()) {
            if (n.op() instanceof Region) {
                return true;
            }
        }
        return false;
    }

    /** The carried value k of the loop whose sum node n is, when that sum can be taken in the loop; else -1. */
    static int fusable(Graph g, Node n) {
        if (!(n.op() instanceof ReduceSum s) || !s.axes().equals(List.of(0))
                || !(g.node(n.input(0)).op() instanceof Proj p)) {
            return -1;
        }
        Node loop = g.node(g.node(n.input(0)).input(0));
        if (!(loop.op() instanceof While w) || !(g.type(n.input(0)) instanceof Type.Real array)
                || array.shape().rank() != 1) {
            return -1;
        }
        int k = p.index();
        if (w.checkpoint() != null) {
            return -1; // a loop the gradient pass split into a checkpointing schedule: the emitter's own shape
        }
        While.Counted c = While.Counted.of(w.condition(), w.body(), w.carried());
        if (c == null || c.step() != 1 || c.counter() == k || prefix(g, loop, c) < 0
                || !boundIsLength(g, loop, c, array.shape().dim(0))) {
            return -1;
        }
        Graph body = w.body();
        Node next = body.node(body.result(k));
        return next.op() instanceof Update u && u.count() == 1 && next.input(0) == body.params().get(k)
                && next.input(2) == body.params().get(c.counter()) ? k : -1;
    }

    /** The constant the counter starts from, when it is one in 0..{@link #MAX_PREFIX}; else -1. */
    private static int prefix(Graph g, Node loop, While.Counted c) {
        return g.node(loop.input(c.counter())).op() instanceof IntConstant from && from.value() >= 0
                && from.value() <= MAX_PREFIX ? from.value() : -1;
    }

    /** Whether the loop's bound is the length {@code dim}: the same size name, or the same literal. */
    private static boolean boundIsLength(Graph g, Node loop, While.Counted c, Dim dim) {
        if (c.literalBound()) {
            return dim instanceof Dim.Fixed f && f.value() == c.toValue();
        }
        if (c.toSize() != null) {
            return dim instanceof Dim.Named name && name.name().equals(c.toSize());
        }
        Node to = g.node(loop.input(c.toInput()));
        return to.op() instanceof SizeOf size && dim instanceof Dim.Named name && name.name().equals(size.size())
                || to.op() instanceof IntConstant k && dim instanceof Dim.Fixed f && f.value() == k.value();
    }

    /**
     * The loop n rebuilt with one accumulator per carried array in {@code written} (after its carried values, in
     * that order), each started at its array's entries before the first write.
     */
    private static int fused(Rules r, Graph g, Node n, List<Integer> in, TreeSet<Integer> written,
            Rebuild.Shared shared) {
        While w = (While) n.op();
        While.Counted c = While.Counted.of(w.condition(), w.body(), w.carried());
        int from = ((IntConstant) g.node(n.input(c.counter())).op()).value();
        Type real = Type.real(dev.gradc.ir.Shape.SCALAR);
        List<Integer> inputs = new ArrayList<>(in.subList(0, w.carried()));
        List<Type> parts = new ArrayList<>(w.resultType().parts());
        List<Integer> addends = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        int to = bound(r, n, in, c);
        for (int k : written) {
            inputs.add(start(r, in.get(k), from, to));
            parts.add(real);
            addends.add(w.body().node(w.body().result(k)).input(1));
            String array = w.body().node(w.body().params().get(k)).label();
            labels.add((array == null ? "z" : array) + "Sum");
        }
        inputs.addAll(in.subList(w.carried(), in.size()));
        int added = written.size();
        Graph condition = withAccumulators(shared.apply(w.condition()), w.carried(), labels, null);
        Graph body = withAccumulators(shared.apply(w.body()), w.carried(), labels, addends);
        While fused = w.with(condition, body, w.carried() + added, i -> i < w.carried() ? i : i + added);
        int id = r.builder().add(fused, new Type.Tuple(parts), inputs, n.span(), null);
        r.builder().label(id, n.label());
        return id;
    }

    /** The loop's bound in the new graph: its input, or the literal or size it names. */
    private static int bound(Rules r, Node n, List<Integer> in, While.Counted c) {
        if (c.literalBound()) {
            return r.intConstant(c.toValue());
        }
        return c.toSize() != null ? r.apply(new SizeOf(c.toSize())) : in.get(c.toInput());
    }

    /**
     * The accumulator's start: when a trip runs ({@code from < to}), 0 plus the entries 0..from-1 of the initial
     * array in order (they exist: the array is longer than from); when none runs, the initial array's sum.
     */
    private static int start(Rules r, int array, int from, int to) {
        int runs = r.compare(Compare.LT, r.intConstant(from), to);
        Type arrayType = r.type(array);
        Type real = Type.real(dev.gradc.ir.Shape.SCALAR);
        GraphBuilder then = new GraphBuilder(false, r.builder().budget());
        then.setSpan(r.builder().span());
        Rules t = new Rules(then);
        int a = then.addParam(new Param(0), arrayType, r.builder().span(), null);
        int s = t.constant(0.0);
        for (int j = 0; j < from; j++) {
            s = t.add(s, t.apply(new Index(1), a, t.intConstant(j)));
        }
        GraphBuilder otherwise = new GraphBuilder(false, r.builder().budget());
        otherwise.setSpan(r.builder().span());
        Rules o = new Rules(otherwise);
        int b = otherwise.addParam(new Param(0), arrayType, r.builder().span(), null);
        int all = o.sumAll(b);
        Cond cond = new Cond(then.build(List.of(s)), otherwise.build(List.of(all)));
        int region = r.region(cond, new Type.Tuple(List.of(real)), List.of(runs, array));
        return r.proj(region, 0);
    }

    /**
     * Graph g of a loop with one real parameter per label after its {@code carried} carried ones; a body
     * ({@code addends} not null) also gives each one's next value, itself plus its addend, after its carried
     * results.
     */
    private static Graph withAccumulators(Graph g, int carried, List<String> labels, List<Integer> addends) {
        GraphBuilder b = new GraphBuilder(false, null);
        int[] map = new int[g.size()];
        boolean[] param = new boolean[g.size()];
        List<Integer> accumulators = new ArrayList<>();
        Type real = Type.real(dev.gradc.ir.Shape.SCALAR);
        for (int p = 0; p <= g.params().size(); p++) {
            if (p == carried) {
                b.setRole(g.node(g.params().get(0)).role());
                for (String label : labels) {
                    accumulators.add(b.addParam(new Param(b.paramCount()), real, Span.NONE, label));
                }
            }
            if (p < g.params().size()) {
                Node n = g.node(g.params().get(p));
                b.setRole(n.role());
                map[n.id()] = b.addParam(new Param(b.paramCount()), n.type(), n.span(), n.label());
                param[n.id()] = true;
            }
        }
        for (Node n : g.nodes()) {
            if (!param[n.id()]) {
                List<Integer> in = new ArrayList<>();
                for (int i : n.inputs()) {
                    in.add(map[i]);
                }
                b.setRole(n.role());
                map[n.id()] = b.add(n.op(), n.type(), in, n.span(), n.label());
            }
        }
        List<Integer> results = new ArrayList<>();
        for (int res : g.results()) {
            results.add(map[res]);
        }
        if (addends != null) {
            List<Integer> next = new ArrayList<>();
            for (int a = 0; a < labels.size(); a++) {
                b.setRole(g.node(addends.get(a)).role());
                next.add(b.add(Binary.ADD, real, List.of(accumulators.get(a), map[addends.get(a)]),
                        g.node(addends.get(a)).span(), labels.get(a)));
            }
            results.addAll(carried, next);
        }
        return b.build(results);
    }
}
