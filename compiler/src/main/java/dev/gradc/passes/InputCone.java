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
        return of(body, n, allBut(n, skip));
    }

    /** The nodes of body that n's inputs q with {@code inputs[q]} are computed from, those inputs included. */
    static boolean[] of(Graph body, Node n, boolean[] inputs) {
        boolean[] cone = new boolean[body.size()];
        for (int q = 0; q < n.inputs().size(); q++) {
            if (inputs[q]) {
                cone[n.input(q)] = true;
            }
        }
        return below(body, cone);
    }

    /** The nodes of g that node {@code id} is computed from, itself included. */
    static boolean[] below(Graph g, int id) {
        boolean[] cone = new boolean[g.size()];
        cone[id] = true;
        return below(g, cone);
    }

    /** {@code cone} (marked nodes of g) with every node a marked one is computed from marked too. */
    private static boolean[] below(Graph g, boolean[] cone) {
        for (int i = g.size() - 1; i >= 0; i--) {
            if (cone[i]) {
                for (int in : g.node(i).inputs()) {
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
        return copied(bg, body, n, params, allBut(n, skip));
    }

    /**
     * n's inputs q with {@code inputs[q]}, computed in bg from the body's parameters {@code params}: the nodes of
     * their cone copied again; the others NONE.
     */
    static int[] copied(Rules bg, Graph body, Node n, int[] params, boolean[] inputs) {
        int[] map = new int[body.size()];
        for (int i = 0; i < params.length; i++) {
            map[body.params().get(i)] = params[i];
        }
        boolean[] cone = of(body, n, inputs);
        for (Node m : body.nodes()) {
            if (cone[m.id()] && !(m.op() instanceof Param)) {
                map[m.id()] = Copy.node(bg, m, map);
            }
        }
        int[] in = new int[n.inputs().size()];
        for (int q = 0; q < in.length; q++) {
            in[q] = inputs[q] ? map[n.input(q)] : Primitive.NONE;
        }
        return in;
    }

    /** Every input of n but input {@code skip} (-1: none skipped). */
    private static boolean[] allBut(Node n, int skip) {
        boolean[] inputs = new boolean[n.inputs().size()];
        java.util.Arrays.fill(inputs, true);
        if (skip >= 0) {
            inputs[skip] = false;
        }
        return inputs;
    }
}
