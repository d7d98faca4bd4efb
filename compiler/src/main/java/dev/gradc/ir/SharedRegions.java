package dev.gradc.ir;

import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The region ops (loops, conds) that a graph uses at more than one place: the derivative passes share a
 * region between the places that run it (a loop's forward run and the adjoint's recomputation of it, a
 * checkpointed loop's replays), so one op, with its graphs, may be the op of several nodes. Generated code
 * writes such a region once, as a method of its own called from each place, and the size of written-out
 * code counts it once; a region used at one place is written where it is.
 */
public final class SharedRegions {

    /**
     * Regions with more inputs than this are written where they are used even when shared: a method takes at
     * most 255 parameter slots, and a {@code double} takes two.
     */
    public static final int MAX_INPUTS = 100;

    private SharedRegions() {
    }

    /**
     * The region ops of root's nodes and of its regions' graphs (each distinct graph visited once) that are the
     * op of two nodes or more and take at most {@link #MAX_INPUTS} inputs; an identity set, as ops are compared
     * by identity. Iterative: nesting depth is the program's.
     */
    public static Set<Region> of(Graph root) {
        Map<Region, Integer> uses = new IdentityHashMap<>();
        Set<Graph> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<Graph> work = new ArrayDeque<>(List.of(root));
        seen.add(root);
        while (!work.isEmpty()) {
            for (Node n : work.pop().nodes()) {
                if (n.op() instanceof Region r && n.inputs().size() <= MAX_INPUTS) {
                    uses.merge(r, 1, Integer::sum);
                }
                if (n.op() instanceof Region r) {
                    for (Graph g : r.graphs()) {
                        if (seen.add(g)) {
                            work.push(g);
                        }
                    }
                }
            }
        }
        Set<Region> shared = Collections.newSetFromMap(new IdentityHashMap<>());
        uses.forEach((r, count) -> {
            if (count > 1) {
                shared.add(r);
            }
        });
        return shared;
    }
}
