package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Param;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that a graph is well formed after a pass: every node's type is what its op's rule gives for its
 * inputs, every region's sub-graphs take and give what the region node says, and a loop's trip count
 * ({@link While#counted}) is what its graphs count. Throws on a compiler bug. Regions nested at any depth are
 * checked from a work list, not by recursion.
 */
public final class Verifier {

    private Verifier() {
    }

    public static Graph verify(Graph g) {
        java.util.ArrayDeque<Graph> work = new java.util.ArrayDeque<>(List.of(g));
        while (!work.isEmpty()) {
            verifyNodes(work.pop(), work);
        }
        return g;
    }

    /** Checks the nodes of one graph; adds its regions' graphs to {@code work}. */
    private static void verifyNodes(Graph g, java.util.Deque<Graph> work) {
        for (Node n : g.nodes()) {
            if (n.op() instanceof Param) {
                continue;
            }
            List<Type> in = new ArrayList<>();
            for (int i : n.inputs()) {
                in.add(g.type(i));
            }
            if (n.op() instanceof While w) {
                loop(n, w, in, work);
            } else if (n.op() instanceof Cond c) {
                check(n, in.get(0).equals(Type.BOOL), "predicate type");
                for (Graph branch : List.of(c.then(), c.otherwise())) {
                    check(n, branch.params().size() == in.size() - 1, "branch parameter count");
                    for (int k = 1; k < in.size(); k++) {
                        check(n, in.get(k).equals(branch.type(branch.params().get(k - 1))), "branch parameter " + k);
                    }
                    for (int r = 0; r < c.then().results().size(); r++) {
                        check(n, branch.type(branch.result(r)).equals(c.then().type(c.then().result(r))), "branch result " + r);
                    }
                    work.push(branch);
                }
                check(n, n.type().equals(c.resultType()), "result type");
            } else {
                Type expected = ((Primitive) n.op()).inferType(in);
                check(n, expected.equals(n.type()), "type " + n.type() + " but the rule gives " + expected);
            }
        }
    }

    /** A loop's graphs take and give its carried and invariant types, and its trip count is what they count. */
    private static void loop(Node n, While w, List<Type> in, java.util.Deque<Graph> work) {
        check(n, in.size() == w.body().params().size() && in.size() == w.condition().params().size(),
                "input count");
        for (int k = 0; k < in.size(); k++) {
            check(n, in.get(k).equals(w.body().type(w.body().params().get(k))), "body parameter " + k);
            check(n, in.get(k).equals(w.condition().type(w.condition().params().get(k))), "condition parameter " + k);
        }
        for (int j = 0; j < w.carried(); j++) {
            check(n, w.body().type(w.body().result(j)).equals(in.get(j)), "carried result " + j);
        }
        check(n, w.condition().type(w.condition().result(0)).equals(Type.BOOL), "condition type");
        check(n, n.type().equals(w.resultType()), "result type");
        While.Counted counts = While.Counted.of(w.condition(), w.body(), w.carried());
        check(n, w.counted() == null || w.counted().equals(counts), "trip count " + w.counted() + " but the graphs count "
                + counts);
        work.push(w.condition());
        work.push(w.body());
    }

    private static void check(Node n, boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("malformed node %" + n.id() + " (" + n.op().mnemonic() + "): " + what);
        }
    }
}
