package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Param;
import dev.gradc.ops.Proj;
import dev.gradc.ops.While;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Which nodes of a method's graph hold a value of one sweep of differentiation (an adjoint, {@link AdjointValues};
 * a tangent, {@link TangentValues}), so that a temporary is named {@code t7Bar} or {@code t7Dot} only when it holds
 * one: each sweep also computes values that are not its own (a pivot read again in the adjoint sweep, the factor
 * {@code cos(x)} of a tangent rule). What flows through regions is the same for both: a parameter of a region holds
 * such a value when the value it starts from or (in a loop) the value the body carries on does, and a region's
 * result when a branch's or the body's result does or its start did. What a node holds otherwise is the sweep's
 * own rule ({@link #holds}).
 */
abstract class SweepValues {

    /**
     * Per graph (by identity) of the emission that owns this ({@link GraphMethod.ClassContext}, one per {@link
     * JavaEmitter#emit}): the answers for it. Nothing outlives the emission, whether it ends or throws.
     */
    private final Map<Graph, Answer> known = new IdentityHashMap<>();

    record Answer(boolean[] params, boolean[] nodes) {
    }

    /** Whether node id of graph g holds a value of the sweep. */
    final boolean holds(Graph g, int id) {
        return known(g).nodes()[id];
    }

    /**
     * The answers for graph g, analysed the first time it is seen as a method's graph (its regions' graphs with it),
     * its parameters answered by {@link #seed}.
     */
    final Answer known(Graph g) {
        Answer a = known.get(g);
        if (a == null) {
            boolean[] params = new boolean[g.params().size()];
            for (int k = 0; k < params.length; k++) {
                params[k] = seed(g.node(g.params().get(k)));
            }
            a = analyse(g, params, false);
        }
        return a;
    }

    /**
     * Records graph g (built while emitting, such as the graph of one region node alone) with the given answers for
     * its parameters, before its code is written.
     */
    final void declare(Graph g, boolean[] params) {
        analyse(g, params, false);
    }

    /** Whether parameter p of a method's graph holds a value of the sweep. */
    abstract boolean seed(Node p);

    /** Whether parameter p of a region, not known to hold one from its start, holds one by the name the passes gave it. */
    abstract boolean named(Node p);

    /** Whether node n is one the sweep's rule answers (others hold nothing). */
    abstract boolean answers(Node n);

    /**
     * Whether node n (answered by the sweep, no parameter, region or part of a region's results) holds a value of
     * the sweep, given what the nodes before it hold; {@code body} when g is a region's graph.
     */
    abstract boolean holds(Graph g, Node n, boolean[] holds, boolean body);

    /**
     * Whether a literal a loop's carried value starts from holds what the carried value holds (zeros made for it,
     * which the sweep's rule cannot tell from others); no reader of a literal takes its answer.
     */
    boolean marksStarts() {
        return false;
    }

    /** Whether node i is a literal: no inputs and no parameter. */
    static boolean isLiteral(Node i) {
        return i.inputs().isEmpty() && !(i.op() instanceof Param);
    }

    private Answer analyse(Graph g, boolean[] params, boolean body) {
        Answer old = known.get(g);
        if (old != null) {
            boolean same = true;
            for (int k = 0; k < params.length; k++) {
                same &= !params[k] || old.params()[k];
            }
            if (same) {
                return old;
            }
            boolean[] merged = old.params().clone();
            for (int k = 0; k < params.length; k++) {
                merged[k] |= params[k];
            }
            params = merged;
        }
        boolean[] holds = new boolean[g.size()];
        boolean[][] regionResults = new boolean[g.size()][];
        for (int k = 0; k < params.length; k++) {
            Node p = g.node(g.params().get(k));
            holds[p.id()] = params[k] || named(p);
        }
        for (Node n : g.nodes()) {
            if (n.op() instanceof While w) {
                regionResults[n.id()] = loop(g, w, n, holds);
                continue;
            }
            if (n.op() instanceof Cond c) {
                regionResults[n.id()] = cond(c, n, holds);
                continue;
            }
            if (n.op() instanceof Param || !answers(n)) {
                continue;
            }
            if (n.op() instanceof Proj p && regionResults[n.input(0)] != null) {
                holds[n.id()] = regionResults[n.input(0)][p.index()];
                continue;
            }
            holds[n.id()] = holds(g, n, holds, body);
        }
        Answer a = new Answer(params, holds);
        known.put(g, a);
        return a;
    }

    /** The answers for a loop's results: its body analysed until its carried parameters' answers stay. */
    private boolean[] loop(Graph g, While w, Node n, boolean[] holds) {
        Graph body = w.body();
        boolean[] params = new boolean[body.params().size()];
        for (int k = 0; k < params.length && k < n.inputs().size(); k++) {
            params[k] = holds[n.input(k)];
        }
        while (true) {
            Answer a = analyse(body, params, true);
            boolean changed = false;
            for (int k = 0; k < w.carried() && k < body.results().size(); k++) {
                if (a.nodes()[body.result(k)] && !params[k]) {
                    params[k] = true;
                    changed = true;
                }
            }
            if (!changed) {
                for (int k = 0; k < w.carried() && marksStarts(); k++) {
                    if (params[k] && isLiteral(g.node(n.input(k)))) {
                        holds[n.input(k)] = true; // the zeros it starts from: literals, read by others as no value
                    }
                }
                analyse(w.condition(), params, true);
                boolean[] out = new boolean[w.carried()];
                for (int k = 0; k < out.length; k++) {
                    out[k] = params[k];
                }
                return out;
            }
        }
    }

    /** The answers for a cond's results: either branch's result holding one. */
    private boolean[] cond(Cond c, Node n, boolean[] holds) {
        boolean[] out = null;
        for (Graph branch : c.graphs()) {
            boolean[] params = new boolean[branch.params().size()];
            for (int k = 0; k < params.length && k + 1 < n.inputs().size(); k++) {
                params[k] = holds[n.input(k + 1)];
            }
            Answer a = analyse(branch, params, true);
            if (out == null) {
                out = new boolean[branch.results().size()];
            }
            for (int k = 0; k < out.length && k < branch.results().size(); k++) {
                out[k] |= a.nodes()[branch.result(k)];
            }
        }
        return out;
    }
}
