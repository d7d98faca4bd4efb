package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Type;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Rules;
import java.util.function.IntFunction;

/**
 * Whether the carried adjoints of an adjoint loop have a path ({@link Paths}) on the trip being reversed. A
 * carried value whose result no seeded result reads (or reads only on a path not taken) has an adjoint only
 * from the trip on which the program first used it towards a result — {@code if (i == 0) { s = s + a; }}
 * reaches {@code a} on the first trip only — and before that (the later trips, reversed first) its adjoint is
 * zero because no path exists: such a carried adjoint goes with a carried bool, false until a trip's
 * contribution with a path arrives, which the trip's reversal takes as its seed's path, so a zero adjoint times
 * a NaN or infinite partial adds exactly zero, as on the tape. Adjoints seeded on every path need no flag, and
 * their code is unchanged.
 */
final class TripPaths {

    private TripPaths() {
    }

    /**
     * Per input of a loop (carried, then invariants), where the flag of its adjoint in the adjoint loop starts:
     * NONE when it needs none. A carried adjoint needs one when its seed may have no path (not seeded, or
     * seeded only on some paths); an invariant's sum, when a trip may add to it without a path — the body has a
     * region (a branch, an inner loop) or a carried adjoint has a flag —, so that the sum's path is the trips'
     * that reached it, not merely that the loop ran.
     *
     * @param types the body's parameters' types (only real adjoints are guarded; a stack's never is)
     * @param resultPaths per result, when its seed has a path (NONE always), then per invariant, when a given
     *     starting sum has one; or null (always)
     * @param invariantSums per invariant, the sum it starts at (NONE: zero), or null
     */
    static int[] starts(Rules g, boolean[] cv, boolean[] iv, int[] resultBar, int[] resultPaths, int[] invariantSums,
                        Graph body, IntFunction<Type> types) {
        int k = cv.length;
        int[] starts = new int[k + iv.length];
        java.util.Arrays.fill(starts, Primitive.NONE);
        boolean any = false;
        for (int j = 0; j < k; j++) {
            if (!cv[j] || !Activity.isReal(types.apply(j))) {
                continue;
            }
            if (resultBar[j] == Primitive.NONE) {
                starts[j] = g.boolConstant(false);
            } else if (resultPaths != null && resultPaths[j] != Primitive.NONE) {
                starts[j] = resultPaths[j];
            }
            any |= starts[j] != Primitive.NONE;
        }
        if (!any && !hasRegion(body)) {
            return starts;
        }
        for (int i = 0; i < iv.length; i++) {
            if (!iv[i]) {
                continue;
            }
            boolean given = invariantSums != null && invariantSums[i] != Primitive.NONE;
            int path = resultPaths != null && resultPaths.length > k + i ? resultPaths[k + i] : Primitive.NONE;
            starts[k + i] = !given ? g.boolConstant(false) : path != Primitive.NONE ? path : g.boolConstant(true);
        }
        return starts;
    }

    private static boolean hasRegion(Graph body) {
        for (dev.gradc.ir.Node n : body.nodes()) {
            if (n.op() instanceof dev.gradc.ir.Region) {
                return true;
            }
        }
        return false;
    }

    /**
     * A flag after a reversed trip, from the trip's adjoint of that input and its path: a carried adjoint's
     * is the trip's ({@code flag} unused), an invariant's sum's is {@code flag} or the trip's.
     */
    static int next(Rules bg, boolean carried, int flag, int adjoint, int path) {
        if (adjoint == Primitive.NONE) {
            return carried ? bg.boolConstant(false) : flag;
        }
        if (path == Primitive.NONE) {
            return bg.boolConstant(true);
        }
        return carried ? path : bg.apply(dev.gradc.ops.Logic.OR, flag, path);
    }
}
