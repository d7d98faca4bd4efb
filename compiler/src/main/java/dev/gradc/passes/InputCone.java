package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.Param;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Rules;

/**
 * The nodes of a loop body that a region's inputs are computed from, and those inputs computed again from the
 * body's parameters: what the reversal of a trip copies to rebuild an inner loop's inputs without running the
 * body ({@link InnerCounts}, {@link HandedLoops}).
 */
final class InputCone {

    private InputCone() {
    }

    /**
     * The nodes of body that n's inputs other than input {@code skip} (-1: none skipped) are computed from, those
     * inputs included.
     */
    static boolean[] of(Graph body, Node n, int skip) {
        boolean[] cone = new boolean[body.size()];
        for (int q = 0; q < n.inputs().size(); q++) {
            if (q != skip) {
                cone[n.input(q)] = true;
            }
        }
        for (int i = body.size() - 1; i >= 0; i--) {
            if (cone[i]) {
                for (int in : body.node(i).inputs()) {
                    cone[in] = true;
                }
            }
        }
        return cone;
    }

    /**
     * n's inputs other than input {@code skip} (which is NONE), computed in bg from the body's parameters
     * {@code params}: the nodes of their cone copied again.
     */
    static int[] copied(Rules bg, Graph body, Node n, int[] params, int skip) {
        int[] map = new int[body.size()];
        for (int i = 0; i < params.length; i++) {
            map[body.params().get(i)] = params[i];
        }
        boolean[] cone = of(body, n, skip);
        for (Node m : body.nodes()) {
            if (cone[m.id()] && !(m.op() instanceof Param)) {
                map[m.id()] = Copy.node(bg, m, map);
            }
        }
        int[] in = new int[n.inputs().size()];
        for (int q = 0; q < in.length; q++) {
            in[q] = q == skip ? Primitive.NONE : map[n.input(q)];
        }
        return in;
    }
}
