package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Param;
import dev.gradc.ops.Proj;
import dev.gradc.ops.While;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Which nodes of the adjoint sweep hold an adjoint, so that only those are named {@code t7Bar}: the sweep also
 * recomputes forward values (a pivot read again, a trip's state restored), pops them from stacks, and counts
 * trips, and a temporary holding such a value is named as a forward one. A node of role adjoint holds an adjoint
 * when it is real-valued and
 * <ul>
 *   <li>one of its inputs holds one (a contribution, a sum, a copy of an adjoint's row), or</li>
 *   <li>it reads no value of the sweep at all and is no mere read of an array's entries: a seed, the zeros an
 *       adjoint starts from, or a contribution whose seed of 1 was simplified away ({@code t5 + t5}, the adjoint
 *       of {@code t5 * t5});</li>
 *   <li>a parameter of a region holds one when the value it starts from or (in a loop) the value the body
 *       carries on does, or when the passes named it as an adjoint ({@code xBar}); a region's result when a
 *       branch's or the body's result does or its start did.</li>
 * </ul>
 * A value computed only from values of the sweep that hold none (a region's parameters holding the forward
 * state, popped values, recomputed ones) holds none. Ints, booleans and stacks never hold an adjoint.
 */
final class AdjointValues {

    /**
     * Per graph (by identity) of the emission that owns this ({@link GraphMethod.ClassContext}, one per {@link
     * JavaEmitter#emit}): the answers for it. Nothing outlives the emission, whether it ends or throws.
     */
    private final Map<Graph, Answer> known = new IdentityHashMap<>();

    record Answer(boolean[] params, boolean[] nodes) {
    }

    AdjointValues() {
    }

    /** Whether node id of graph g holds an adjoint. */
    boolean holdsAdjoint(Graph g, int id) {
        return known(g).nodes()[id];
    }

    /**
     * The answers for graph g, analysed the first time it is seen as a method's graph (its regions' graphs with it):
     * a parameter of role adjoint holds an adjoint (a seed), others do not.
     */
    Answer known(Graph g) {
        Answer a = known.get(g);
        if (a == null) {
            boolean[] params = new boolean[g.params().size()];
            for (int k = 0; k < params.length; k++) {
                Node p = g.node(g.params().get(k));
                params[k] = p.role() == Node.Role.ADJOINT && isReal(p.type());
            }
            a = analyse(g, params, false);
        }
        return a;
    }

    /**
     * Records graph g (built while emitting, such as the graph of one region node alone) with the given answers for
     * its parameters, before its code is written.
     */
    void declare(Graph g, boolean[] params) {
        analyse(g, params, false);
    }

    /** Whether n reads part of an array: an entry, a line, rows, a column, a gathered set, a reshaped view. */
    private static boolean isRead(Node n) {
        Object op = n.op();
        return op instanceof dev.gradc.ops.Index || op instanceof dev.gradc.ops.Rows
                || op instanceof dev.gradc.ops.Column
                || op instanceof dev.gradc.ops.Gather || op instanceof dev.gradc.ops.LineGather
                || op instanceof dev.gradc.ops.Reshape;
    }

    private static boolean isReal(Type t) {
        return t instanceof Type.Real;
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
            // the passes name a region's carried adjoint after its value (xBar): so named, it holds one even when
            // the constant it starts from (1 or 0) is shared with the forward sweep's
            holds[p.id()] = params[k] || p.role() == Node.Role.ADJOINT && isReal(p.type()) && p.label() != null
                    && p.label().endsWith("Bar");
        }
        for (Node n : g.nodes()) {
            if (n.op() instanceof While w) {
                regionResults[n.id()] = loop(w, n, holds);
                continue;
            }
            if (n.op() instanceof Cond c) {
                regionResults[n.id()] = cond(c, n, holds);
                continue;
            }
            if (n.op() instanceof Param || n.role() != Node.Role.ADJOINT || !isReal(n.type())) {
                continue;
            }
            if (n.op() instanceof Proj p && regionResults[n.input(0)] != null) {
                holds[n.id()] = regionResults[n.input(0)][p.index()];
                continue;
            }
            boolean any = false;
            boolean readsSweep = false;
            for (int in : n.inputs()) {
                Node i = g.node(in);
                if (i.inputs().isEmpty() && !(i.op() instanceof Param)) {
                    continue; // a constant: 1 / U[k, k] is a forward value, 0.0 + ā an adjoint
                }
                any |= holds[in];
                readsSweep |= i.role() == Node.Role.ADJOINT || body && i.op() instanceof Param;
            }
            // reading no value of the sweep: a seed, zeros, or a contribution whose seed of 1 was simplified away;
            // but an entry, row or column read from the forward sweep's array is that forward value read again
            holds[n.id()] = any || !readsSweep && !isRead(n);
        }
        Answer a = new Answer(params, holds);
        known.put(g, a);
        return a;
    }

    /** The answers for a loop's results: its body analysed until its carried parameters' answers stay. */
    private boolean[] loop(While w, Node n, boolean[] holds) {
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
                analyse(w.condition(), params, true);
                boolean[] out = new boolean[w.carried()];
                for (int k = 0; k < out.length; k++) {
                    out[k] = params[k];
                }
                return out;
            }
        }
    }

    /** The answers for a cond's results: either branch's result holding an adjoint. */
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
