package dev.gradc.passes;

import dev.gradc.ir.Node;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Rules;
import dev.gradc.ops.While;
import java.util.Arrays;

/**
 * Where the reversal of a loop starts the sums of its invariants' adjoints: at the adjoint an invariant already
 * has from its later uses, so that the adjoint loop adds into it in place — a loop inside a loop adds into the
 * outer adjoint loop's sum, not into a fresh array per outer trip added back afterwards.
 */
final class InvariantSums {

    private InvariantSums() {
    }

    /**
     * Per input of region n, the adjoint its reversal starts the sum of that input's contributions from
     * (NONE: from zero): for an invariant real input of a loop that already has an adjoint from later uses and
     * is no other input of the loop, that adjoint, so that the adjoint loop adds its trips into it (in place)
     * instead of into a fresh array of zeros added afterwards: a loop inside a loop adds into the outer loop's
     * sum, not into a new array per outer trip. A region reversed otherwise starts every sum from zero.
     */
    static int[] of(Rules g, Node n, Reverse.LoopForm form, int[] bar) {
        int[] sums = new int[n.inputs().size()];
        Arrays.fill(sums, Primitive.NONE);
        if (!(n.op() instanceof While w) || form instanceof Reverse.Mixed || form instanceof Reverse.Independent
                || form == null) {
            return sums;
        }
        for (int q = w.carried(); q < sums.length; q++) {
            int in = n.input(q);
            if (bar[in] != Primitive.NONE && n.inputs().indexOf(in) == n.inputs().lastIndexOf(in)
                    && Activity.isReal(g.type(bar[in]))) {
                sums[q] = bar[in];
            }
        }
        return sums;
    }

    /**
     * Per input of cond n, the adjoint its reversal starts that input's sum from (NONE: from zero): for an array
     * input (real, not a scalar) that already has an adjoint from later uses and is no other input of the cond,
     * that adjoint. Each branch of the adjoint cond adds into it (in place: a loop in the branch adds its trips
     * into it, {@link #of}) or passes it on, where the branch's contribution made from zeros and added after the
     * cond would cost the array's size per trip of a loop around the cond.
     */
    static int[] ofCond(Rules g, Node n, int[] bar) {
        int[] sums = new int[n.inputs().size()];
        Arrays.fill(sums, Primitive.NONE);
        for (int q = 1; q < sums.length; q++) {
            int in = n.input(q);
            if (bar[in] != Primitive.NONE && n.inputs().indexOf(in) == q && n.inputs().lastIndexOf(in) == q
                    && g.type(bar[in]) instanceof dev.gradc.ir.Type.Real r && !r.isScalar()) {
                sums[q] = bar[in];
            }
        }
        return sums;
    }

    /**
     * The paths the region's reversal starts from ({@link TripPaths#starts}): the results' seeds', then, per
     * invariant whose sum starts at its adjoint so far ({@code sums}), that adjoint's.
     */
    static int[] startPaths(Node n, int[] resultPaths, int[] sums, Paths paths) {
        boolean given = false;
        for (int s : sums) {
            given |= s != Primitive.NONE;
        }
        if (!given) {
            return resultPaths;
        }
        int[] out = new int[sums.length];
        Arrays.fill(out, Primitive.NONE);
        if (resultPaths != null) {
            System.arraycopy(resultPaths, 0, out, 0, Math.min(resultPaths.length, out.length));
        }
        for (int q = 0; q < sums.length; q++) {
            if (sums[q] != Primitive.NONE) {
                out[q] = paths.of(n.input(q));
            }
        }
        return out;
    }
}
