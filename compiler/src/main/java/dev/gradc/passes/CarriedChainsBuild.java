package dev.gradc.passes;

import dev.gradc.diag.Span;
import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Constant;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Param;
import dev.gradc.ops.Rules;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the loop of {@link CarriedChains}: its carried values, then one scalar per chain (the amount the last trip
 * added at the index this trip reads), then its invariants; and after it, per chain, the array with the last
 * trip's amount added, when the loop ran a trip.
 */
final class CarriedChainsBuild {

    private CarriedChainsBuild() {
    }

    /**
     * The rewritten loop n (its graphs already rebuilt in {@code w}) on the inputs {@code in}; {@code arrays} gets,
     * per carried array with a chain, the node of its final value (the loop's result, with the last amount added).
     */
    static int loop(Rules r, Node n, While w, List<CarriedChains.Chain> chains, List<Integer> in, int[] arrays) {
        int carried = w.carried();
        int count = chains.size();
        int ran = Copy.graph(r, w.condition(), in.stream().mapToInt(Integer::intValue).toArray())
                [w.condition().result(0)]; // whether the loop runs a trip: the condition on its inputs
        List<Integer> inputs = new ArrayList<>(in.subList(0, carried));
        List<Type> parts = new ArrayList<>(w.resultType().parts());
        List<String> labels = new ArrayList<>();
        for (CarriedChains.Chain c : chains) {
            inputs.add(r.builder().add(Constant.scalar(-0.0), Type.SCALAR, List.of(), n.span(), null));
            parts.add(Type.SCALAR);
            String label = w.body().node(w.body().params().get(c.carried())).label();
            labels.add(label == null ? null : label + "Carry");
        }
        inputs.addAll(in.subList(carried, in.size()));
        GraphBuilder cb = new GraphBuilder(false, r.builder().budget());
        int[] cm = params(cb, w.condition(), carried, labels);
        copy(cb, w.condition(), cm, null);
        Graph condition = cb.build(List.of(cm[w.condition().result(0)]));
        While loop = w.with(condition, body(r, w, chains, labels), carried + count,
                i -> i < carried ? i : i + count);
        int id = r.builder().add(loop, new Type.Tuple(parts), inputs, n.span(), null);
        r.builder().label(id, n.label());
        for (int k = 0; k < count; k++) {
            CarriedChains.Chain c = chains.get(k);
            Span at = w.body().node(c.add()).span();
            arrays[c.carried()] = flush(r, n, at, ran, r.proj(id, c.carried()), r.proj(id, carried + k),
                    index(r, r.proj(id, c.counter()), c.offset(), at));
        }
        return id;
    }

    /** The trip: a chain's read adds the carried amount, its add is handed on, its store (or the sum read) kept. */
    private static Graph body(Rules r, While w, List<CarriedChains.Chain> chains, List<String> labels) {
        Graph body = w.body();
        GraphBuilder b = new GraphBuilder(false, r.builder().budget());
        int[] m = params(b, body, w.carried(), labels);
        List<Integer> results = new ArrayList<>();
        for (int res : body.results()) {
            results.add(res);
        }
        int[] reads = new int[body.size()];
        java.util.Arrays.fill(reads, -1);
        for (int k = 0; k < chains.size(); k++) {
            reads[chains.get(k).read()] = k;
        }
        copy(b, body, m, (node, id) -> {
            int k = reads[node.id()];
            if (k < 0) {
                return id;
            }
            int carry = b.param(w.carried() + k);
            return b.add(Binary.ADD, Type.SCALAR, List.of(id, carry), node.span(), node.label());
        });
        List<Integer> next = new ArrayList<>();
        for (int i = 0; i < w.carried(); i++) {
            next.add(m[results.get(i)]);
        }
        for (CarriedChains.Chain c : chains) {
            Node add = body.node(c.add());
            int array = m[body.params().get(c.carried())];
            next.set(c.carried(), c.store() >= 0 ? m[c.store()]
                    : b.add(FusedAdjointLoops.STORE, body.type(body.params().get(c.carried())),
                            List.of(array, m[c.read()], m[body.node(c.read()).input(1)]), add.span(), add.label()));
        }
        for (CarriedChains.Chain c : chains) {
            next.add(m[body.node(c.add()).input(1)]); // the amount this trip adds at the next trip's index
        }
        return b.build(next);
    }

    /** The parameters of a loop graph with one more carried scalar per chain (labelled), mapped by old id. */
    private static int[] params(GraphBuilder b, Graph g, int carried, List<String> labels) {
        int[] m = new int[g.size()];
        for (int p = 0; p < g.params().size(); p++) {
            if (p == carried) {
                b.setRole(Node.Role.ADJOINT);
                for (String label : labels) {
                    b.addParam(new Param(b.paramCount()), Type.SCALAR, Span.NONE, label);
                }
            }
            Node n = g.node(g.params().get(p));
            b.setRole(n.role());
            m[n.id()] = b.addParam(new Param(b.paramCount()), n.type(), n.span(), n.label());
        }
        if (g.params().size() == carried) {
            b.setRole(Node.Role.ADJOINT);
            for (String label : labels) {
                b.addParam(new Param(b.paramCount()), Type.SCALAR, Span.NONE, label);
            }
        }
        return m;
    }

    /** Copies g's nodes but its parameters into b; {@code then} (or null) may replace each copy as it is made. */
    private static void copy(GraphBuilder b, Graph g, int[] m, java.util.function.BiFunction<Node, Integer, Integer> then) {
        for (Node n : g.nodes()) {
            if (n.op() instanceof Param) {
                continue;
            }
            b.setRole(n.role());
            List<Integer> in = new ArrayList<>();
            for (int i : n.inputs()) {
                in.add(m[i]);
            }
            int id = b.add(n.op(), n.type(), in, n.span(), n.label());
            m[n.id()] = then == null ? id : then.apply(n, id);
        }
    }

    /** The counter's final value plus the offset: where the last trip added ({@code k - 1} for an offset of -1). */
    private static int index(Rules r, int counter, int offset, Span span) {
        if (offset == 0) {
            return counter;
        }
        boolean minus = offset < 0 && offset != Integer.MIN_VALUE;
        int c = r.builder().add(new IntConstant(minus ? -offset : offset), Type.INT, List.of(), span, null);
        return r.builder().add(minus ? Binary.SUB : Binary.ADD, Type.INT, List.of(counter, c), span, null);
    }

    /** {@code ran ? add_at(array, amount, at) : array}: the last trip's amount added where it was to go. */
    private static int flush(Rules r, Node loop, Span span, int ran, int array, int amount, int at) {
        Type type = r.builder().node(array).type();
        List<Type> types = List.of(type, Type.SCALAR, Type.INT);
        List<String> labels = new ArrayList<>(java.util.Arrays.asList(r.builder().node(array).label(), null, null));
        Rules then = Copy.region(types, labels, Node.Role.ADJOINT);
        int[] p = Copy.params(then);
        then.builder().setSpan(span);
        Graph added = then.builder().build(List.of(then.apply(FusedAdjointLoops.ADD, p[0], p[1], p[2])));
        Rules otherwise = Copy.region(types, labels, Node.Role.ADJOINT);
        Graph kept = otherwise.builder().build(List.of(Copy.params(otherwise)[0]));
        Cond cond = new Cond(added, kept);
        r.builder().setSpan(loop.span());
        int id = r.region(cond, cond.resultType(), List.of(ran, array, amount, at));
        return r.proj(id, 0);
    }
}
