package dev.gradc.ops;

import static dev.gradc.ops.Primitive.NONE;

import java.util.Arrays;
import java.util.function.IntSupplier;

/**
 * The derivative rules every "add v into acc at a place" op shares ({@link AddAt}, {@link RowsAddAt},
 * {@link ColumnAddAt}, {@link ScatterAddAt}): the op is linear in (acc, v), so acc's adjoint is the output's,
 * v's is the output's adjoint read at the place, and the tangent is the same op on the tangents — the output's
 * tangent is acc's alone when v has none, and v's tangent scattered into zeros when acc has none.
 */
final class AddAtRules {

    private AddAtRules() {
    }

    /** Adjoints of (acc, v, place...): acc gets {@code bar}; v, when needed, what {@code readAt} makes of it. */
    static int[] vjp(int[] in, int bar, boolean[] need, IntSupplier readAt) {
        int[] result = new int[in.length];
        Arrays.fill(result, NONE);
        if (need[1]) {
            result[1] = readAt.getAsInt();
        }
        if (need[0]) {
            result[0] = bar;
        }
        return result;
    }

    /** The output's tangent from the tangents {@code t} of (acc, v, place...). */
    static int jvp(int[] t, IntSupplier scatterV, IntSupplier addBoth) {
        if (t[1] == NONE) {
            return t[0];
        }
        return t[0] == NONE ? scatterV.getAsInt() : addBoth.getAsInt();
    }
}
