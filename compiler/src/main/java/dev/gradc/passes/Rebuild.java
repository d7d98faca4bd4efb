package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Node;
import dev.gradc.ir.Op;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Param;
import dev.gradc.ops.Rules;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** Shared machinery of the optimisation passes: copy a graph node by node, letting a pass replace nodes. */
final class Rebuild {

    private Rebuild() {
    }

    /** What a pass does with one node: the id of its replacement in the new graph. */
    interface Step {
        int apply(Rules g, Node n, List<Integer> inputs);
    }

    /** What uses of parameter {@code index} read instead of it: a node made in the new graph, or null for itself. */
    interface Binding {
        Integer bind(Rules g, int index);
    }

    static Graph map(Graph g, Step step) {
        return map(g, step, (r, index) -> null);
    }

    /**
     * As {@link #map(Graph, Step)}, the uses of some parameters reading other nodes instead ({@code binding},
     * asked once per parameter after all parameters are made); the parameters themselves stay.
     */
    static Graph map(Graph g, Step step, Binding binding) {
        GraphBuilder b = new GraphBuilder();
        Rules r = new Rules(b);
        int[] map = params(g, b);
        for (int index = 0; index < g.params().size(); index++) {
            Node n = g.node(g.params().get(index));
            b.setRole(n.role());
            Integer bound = binding.bind(r, index);
            if (bound != null) {
                map[n.id()] = bound;
            }
        }
        nodes(g, r, map, step);
        List<Integer> results = new ArrayList<>();
        for (int res : g.results()) {
            results.add(map[res]);
        }
        return b.build(results);
    }

    /**
     * Makes each node of g but its parameters in r by step, with the node's role, in order: {@code map} holds the
     * ids of g's parameters in r and gets those of the other nodes.
     */
    static void nodes(Graph g, Rules r, int[] map, Step step) {
        for (Node n : g.nodes()) {
            if (n.op() instanceof Param) {
                continue;
            }
            List<Integer> in = new ArrayList<>();
            for (int i : n.inputs()) {
                in.add(map[i]);
            }
            r.builder().setRole(n.role());
            map[n.id()] = step.apply(r, n, in);
        }
    }

    /**
     * Makes g's parameters in b, each with its op, type, span, label and role: the start of a rebuild. Gives the
     * map from g's node ids to b's, the parameters' filled in and every other entry -1.
     */
    static int[] params(Graph g, GraphBuilder b) {
        int[] map = new int[g.size()];
        java.util.Arrays.fill(map, -1);
        for (int p : g.params()) {
            Node n = g.node(p);
            b.setRole(n.role());
            map[p] = b.addParam(n.op(), n.type(), n.span(), n.label());
        }
        return map;
    }

    /** Appends n unchanged but for its inputs. */
    static int copy(Rules g, Node n, List<Integer> in) {
        return copy(g, n, n.op(), in);
    }

    static int copy(Rules g, Node n, Op op, List<Integer> in) {
        int id = g.builder().add(op, n.type(), in, n.span(), null);
        g.builder().label(id, n.label());
        return id;
    }

    /**
     * A pass applied to a graph and its regions, each distinct region graph (by identity) once. The gradient
     * pass shares graphs: each level of nested ifs recomputes the branches inside it from the same graph
     * objects, so the expanded size is quadratic in the nesting depth while the distinct graphs are linear;
     * a pass that rebuilt every occurrence would be quadratic in time and memory.
     */
    static final class Shared {
        private final java.util.Map<Graph, Graph> done = new java.util.IdentityHashMap<>();
        private final java.util.function.BiFunction<Graph, Shared, Graph> pass;

        Shared(java.util.function.BiFunction<Graph, Shared, Graph> pass) {
            this.pass = pass;
        }

        Graph apply(Graph g) {
            Graph out = done.get(g);
            if (out == null) {
                out = pass.apply(g, this);
                done.put(g, out);
            }
            return out;
        }
    }

    /** The number of nodes in g and its regions, each distinct region graph (by identity) counted once. */
    static long distinctSize(Graph g) {
        long n = 0;
        for (Graph next : distinctGraphs(g)) {
            n += next.size();
        }
        return n;
    }

    /** g and every graph inside its regions, at any depth, each distinct graph (by identity) once, g first. */
    static List<Graph> distinctGraphs(Graph g) {
        java.util.Set<Graph> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Graph> work = new java.util.ArrayDeque<>(List.of(g));
        List<Graph> out = new java.util.ArrayList<>();
        seen.add(g);
        while (!work.isEmpty()) {
            Graph next = work.pop();
            out.add(next);
            for (Node node : next.nodes()) {
                if (node.op() instanceof dev.gradc.ir.Region r) {
                    for (Graph inner : r.graphs()) {
                        if (seen.add(inner)) {
                            work.push(inner);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The op with {@code pass} applied to each of its sub-graphs (the op itself when it has none). */
    static Op regions(Op op, UnaryOperator<Graph> pass) {
        if (op instanceof While w) {
            return w.with(pass.apply(w.condition()), pass.apply(w.body()));
        }
        if (op instanceof Cond c) {
            return new Cond(pass.apply(c.then()), pass.apply(c.otherwise()));
        }
        return op;
    }
}
