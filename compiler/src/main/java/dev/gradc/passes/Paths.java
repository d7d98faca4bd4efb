package dev.gradc.passes;

import dev.gradc.ops.Logic;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Rules;
import java.util.Arrays;

/**
 * Whether each adjoint of a backward sweep came along a path the program took. An adjoint that only a loop
 * of no trips or an untaken branch gives is zero because no path exists, and contributes nothing — as on the
 * tape, which never reaches such a value — even where a partial derivative is infinite ({@code h = t / n}
 * with n = 0, read only inside a loop of n trips): 0·∞ would make it NaN. Per node: {@link Primitive#NONE}
 * when its adjoint (if any) has a path whenever the sweep runs, else the node of a bool saying whether it has
 * one this time; the contributions of a node whose adjoint may have none are chosen by that bool (where it
 * is false, exactly zero). Most adjoints have a path always, and their code is unchanged.
 */
final class Paths {

    private final Rules g;
    private final int[] taken;

    Paths(Rules g, int size) {
        this.g = g;
        this.taken = new int[size];
        Arrays.fill(taken, Primitive.NONE);
    }

    /** Whether node id's adjoint has a path: NONE (always) or a bool node. */
    int of(int id) {
        return taken[id];
    }

    /** A contribution with a path when {@code path} says so has arrived at node id (which had an adjoint or not). */
    void arrive(int id, int path, boolean first) {
        if (first) {
            taken[id] = path;
        } else if (taken[id] != Primitive.NONE) {
            taken[id] = path == Primitive.NONE ? Primitive.NONE : g.apply(Logic.OR, taken[id], path);
        }
    }

    /** Both paths (NONE: always). */
    int and(int a, int b) {
        if (a == Primitive.NONE) {
            return b;
        }
        return b == Primitive.NONE ? a : g.apply(Logic.AND, a, b);
    }

    /** The contribution where {@code path} holds, else zero (the contribution itself when the path is always). */
    int guard(int contribution, int path) {
        return path == Primitive.NONE ? contribution : g.where(path, contribution, g.constant(0));
    }
}
