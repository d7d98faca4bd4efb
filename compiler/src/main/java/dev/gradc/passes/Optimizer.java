package dev.gradc.passes;

import dev.gradc.ir.Graph;

/**
 * The optimisation pipeline: constant folding, element reads of a reversed cond's arrays taken inside it
 * ({@link CondReads}), simplification, CSE and dead-node removal, to a fixed size; then
 * the sums of arrays that loops write element by element taken inside those loops ({@link LoopSums}), and the
 * adjoint loops that can run inside the forward loops they reverse run there ({@link FusedAdjointLoops}), and the
 * chains of adds from one trip's element to the next trip's carried in scalars ({@link CarriedChains}), and the
 * reversal of an elimination's row loop runs two rows per pass over the columns ({@link JammedRows}).
 */
public final class Optimizer {

    private static final int ROUNDS = 4;

    private Optimizer() {
    }

    public static Graph optimize(Graph g) {
        return optimize(g, true);
    }

    /**
     * As {@link #optimize(Graph)}; without {@link JammedRows} when {@code jam} is false: the graph whose bits the
     * jammed one must give, for its tests.
     */
    static Graph optimize(Graph g, boolean jam) {
        Graph simplified = simplify(g);
        Graph fused = CarriedChains.apply(FusedAdjointLoops.apply(LoopSums.apply(simplified)));
        Graph jammed = jam ? JammedRows.apply(fused) : fused;
        return jammed == simplified ? jammed : DeadNodes.apply(CommonSubexpressions.apply(jammed));
    }

    private static Graph simplify(Graph g) {
        Graph current = g;
        for (int round = 0; round < ROUNDS; round++) {
            Graph next = DeadNodes.apply(CommonSubexpressions.apply(Simplify.apply(CondReads.apply(
                    ConstantFolding.apply(current)))));
            if (Rebuild.distinctSize(next) == Rebuild.distinctSize(current) && round > 0) {
                return next;
            }
            current = next;
        }
        return current;
    }
}
