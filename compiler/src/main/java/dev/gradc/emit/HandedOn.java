package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.While;

/**
 * Where a loop body's array goes when ops hand it on in place, for {@link StoragePlan}'s buffers taken in turns:
 * the next value of a carried array may be an array that a write changes, or that a loop carries and gives back,
 * before it becomes that value (RK4's reversed step sums the stage adjoints into the next ȳ, and the first stage's
 * adjoint loop adds into that sum).
 */
final class HandedOn {

    private final GraphInfo info;
    private final Graph g;
    private final LoopAliases loops;
    /** Per node, the nodes that use it, or null until asked. */
    private int[][] users;

    HandedOn(GraphInfo info, LoopAliases loops) {
        this.info = info;
        this.g = info.graph;
        this.loops = loops;
    }

    /**
     * The node id's array ends in when it is handed on, in place, along a chain of ops of which each is the one
     * use that may keep the array (the others only read it): a write that changes it (its array operand), a loop
     * that carries it and may give it back only as that same result (a stage adjoint adding into the sum it
     * starts from: {@code t = a + b; for i … { t[i] += … }}), that result's projection. The node itself when
     * nothing keeps its array; -1 when the chain ends elsewhere, or a node of it before the end is a result.
     */
    int end(int id) {
        int at = id;
        while (true) {
            int keeper = -1;
            int input = -1;
            int keepers = 0;
            for (int u : users(at)) {
                Node n = g.node(u);
                for (int k = 0; k < n.inputs().size(); k++) {
                    if (info.rep(n.input(k)) == at && Plan.keeps(g, n, k)) {
                        keepers++;
                        keeper = u;
                        input = k;
                    }
                }
            }
            if (keepers == 0) {
                return at;
            }
            int here = at;
            if (keepers > 1 || g.results().stream().anyMatch(r -> info.rep(r) == here)) {
                return -1;
            }
            Node n = g.node(keeper);
            if (n.op() instanceof dev.gradc.ops.Overwriting && input == 0) {
                at = keeper;
            } else if (n.op() instanceof While w && loops.tracks(keeper) && input < w.carried()
                    && loops.results(keeper, input).cardinality() == 1) {
                at = projection(keeper, input);
                if (at < 0) {
                    return -1;
                }
            } else {
                return -1;
            }
        }
    }

    /** The emitted nodes that use node id, once each (made on first use), ascending. */
    private int[] users(int id) {
        if (users == null) {
            int[] count = new int[g.size()];
            for (Node n : g.nodes()) {
                if (info.emits(n.id())) {
                    n.inputs().stream().map(info::rep).distinct().forEach(in -> count[in]++);
                }
            }
            users = new int[g.size()][];
            for (int i = 0; i < count.length; i++) {
                users[i] = new int[count[i]];
                count[i] = 0;
            }
            for (Node n : g.nodes()) {
                if (info.emits(n.id())) {
                    n.inputs().stream().map(info::rep).distinct().forEach(in -> users[in][count[in]++] = n.id());
                }
            }
        }
        return users[id];
    }

    /** The one emitted projection of result c of loop node u, when every use of u is a projection; else -1. */
    private int projection(int u, int c) {
        int found = -1;
        int projections = 0;
        for (int id = u + 1; id < g.size(); id++) {
            Node n = g.node(id);
            if (n.op() instanceof dev.gradc.ops.Proj p && info.rep(n.input(0)) == u && info.emits(id)) {
                projections++;
                if (p.index() == c) {
                    found = found < 0 ? id : -2;
                }
            }
        }
        return projections == info.uses(u) && found >= 0 ? found : -1;
    }
}
