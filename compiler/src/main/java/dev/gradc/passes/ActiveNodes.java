package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Proj;
import dev.gradc.ops.While;

/** The nodes of a graph whose adjoints reverse mode builds ({@link Reverse}). */
final class ActiveNodes {

    private ActiveNodes() {
    }

    /** A node is active when it varies with a differentiated parameter and a seeded result depends on it. */
    static boolean[] of(Graph graph, boolean[] varied, int[] seeds) {
        boolean[] toSeed = new boolean[graph.size()];
        for (int r = 0; r < graph.results().size(); r++) {
            if (seeds[r] != Primitive.NONE) {
                toSeed[graph.result(r)] = true;
            }
        }
        for (int i = graph.size() - 1; i >= 0; i--) {
            if (toSeed[i]) {
                for (int in : graph.node(i).inputs()) {
                    toSeed[in] = true;
                }
            }
        }
        boolean[] active = new boolean[graph.size()];
        for (int i = 0; i < active.length; i++) {
            active[i] = varied[i] && toSeed[i];
        }
        // a region read only through its results is active only when one of them is: a loop that gives a seed
        // only ints (a pivot search's index) has no adjoint, and its forward copy is not rebuilt to keep any
        boolean[] resultActive = new boolean[graph.size()];
        boolean[] otherUse = new boolean[graph.size()];
        for (Node n : graph.nodes()) {
            for (int in : n.inputs()) {
                if (n.op() instanceof Proj) {
                    resultActive[in] |= active[n.id()];
                } else {
                    otherUse[in] = true;
                }
            }
        }
        for (int r : graph.results()) {
            otherUse[r] = true;
        }
        for (Node n : graph.nodes()) {
            if ((n.op() instanceof While || n.op() instanceof Cond) && !otherUse[n.id()]) {
                active[n.id()] &= resultActive[n.id()];
            }
        }
        return active;
    }
}
