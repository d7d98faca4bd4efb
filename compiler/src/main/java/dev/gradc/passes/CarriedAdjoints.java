package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Proj;
import dev.gradc.ops.While;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Which values of a graph can have a nonzero adjoint, given which of its results are seeded: those from which a
 * path of differentiable operations leads to a seeded result. Regions are seen through: a loop's or cond's
 * input reaches a result of it only when its body or a branch makes that result depend on it (a loop's
 * carried values to a fixpoint over trips), so a value that only feeds the part of a nested loop no seeded
 * result depends on has no adjoint. Over-approximates (every parameter counts as varied), never misses a path.
 */
final class CarriedAdjoints {

    /** Answers already found, by graph (identity) and seeded results: nested loops ask the same again. */
    private final Map<Graph, Map<String, boolean[]>> known = new IdentityHashMap<>();

    /**
     * Which inputs of loop w (carried, then invariants) can have a nonzero adjoint when its carried results
     * {@code seeded} have one: to a fixpoint, as a carried value with an adjoint seeds the trip before.
     */
    boolean[] loopInputs(While w, boolean[] seeded) {
        int k = w.carried();
        Graph body = w.body();
        boolean[] carried = Arrays.copyOf(seeded, k);
        while (true) {
            boolean[] has = reaching(body, carried);
            boolean changed = false;
            for (int j = 0; j < k; j++) {
                if (!carried[j] && has[body.params().get(j)]) {
                    carried[j] = true;
                    changed = true;
                }
            }
            if (!changed) {
                boolean[] out = new boolean[body.params().size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = has[body.params().get(i)];
                }
                return out;
            }
        }
    }

    /** Which inputs of cond c (the predicate first, never) can have an adjoint when its results {@code seeded} do. */
    private boolean[] condInputs(Cond c, boolean[] seeded) {
        boolean[] out = new boolean[c.then().params().size() + 1];
        for (Graph branch : new Graph[] {c.then(), c.otherwise()}) {
            boolean[] has = reaching(branch, seeded);
            for (int i = 0; i < branch.params().size(); i++) {
                out[1 + i] |= has[branch.params().get(i)];
            }
        }
        return out;
    }

    /** Per node of g: whether a differentiable path leads from it to a result marked in {@code seeded}. */
    boolean[] reaching(Graph g, boolean[] seeded) {
        String key = Arrays.toString(seeded);
        boolean[] done = known.computeIfAbsent(g, x -> new HashMap<>()).get(key);
        if (done != null) {
            return done;
        }
        boolean[] all = new boolean[g.params().size()];
        Arrays.fill(all, true);
        boolean[] v = Activity.varied(g, all, true);
        boolean[] has = new boolean[g.size()];
        boolean[][] parts = new boolean[g.size()][];
        for (int r = 0; r < seeded.length; r++) {
            has[g.result(r)] |= seeded[r] && v[g.result(r)];
        }
        for (int i = g.size() - 1; i >= 0; i--) {
            if (!has[i]) {
                continue;
            }
            Node n = g.node(i);
            boolean[] reached = null;
            if (n.op() instanceof Proj p && isRegion(g.node(n.input(0)))) {
                int t = n.input(0);
                if (parts[t] == null) {
                    parts[t] = new boolean[((Type.Tuple) g.type(t)).parts().size()];
                }
                parts[t][p.index()] = true;
                has[t] = true;
                continue;
            } else if (parts[i] != null && n.op() instanceof While w) {
                reached = loopInputs(w, parts[i]);
            } else if (parts[i] != null && n.op() instanceof Cond c) {
                reached = condInputs(c, parts[i]);
            } // a region read whole (not through its projections) is opaque: every input reaches it
            for (int q = 0; q < n.inputs().size(); q++) {
                int in = n.input(q);
                has[in] |= v[in] && (reached == null || reached[q]);
            }
        }
        known.get(g).put(key, has);
        return has;
    }

    private static boolean isRegion(Node n) {
        return n.op() instanceof While || n.op() instanceof Cond;
    }
}
