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
 * inputs, and every region's sub-graphs take and give what the region node says. Throws on a compiler bug.
 */
public final class Verifier {

    private Verifier() {
    }

    public static Graph verify(Graph g) {
        for (Node n : g.nodes()) {
            if (n.op() instanceof Param) {
                continue;
            }
            List<Type> in = new ArrayList<>();
            for (int i : n.inputs()) {
                in.add(g.type(i));
            }
            if (n.op() instanceof While w) {
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
                verify(w.condition());
                verify(w.body());
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
                    verify(branch);
                }
                check(n, n.type().equals(c.resultType()), "result type");
            } else {
                Type expected = ((Primitive) n.op()).inferType(in);
                check(n, expected.equals(n.type()), "type " + n.type() + " but the rule gives " + expected);
            }
        }
        return g;
    }

    private static void check(Node n, boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("malformed node %" + n.id() + " (" + n.op().mnemonic() + "): " + what);
        }
    }
}
