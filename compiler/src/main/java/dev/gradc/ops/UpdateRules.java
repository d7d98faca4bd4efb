package dev.gradc.ops;

import static dev.gradc.ops.Primitive.NONE;

import dev.gradc.ir.Type;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntBinaryOperator;
import java.util.function.IntSupplier;

/**
 * What every "write v into x at a place" op shares ({@link Update}, {@link RowsUpdate}, {@link ColumnUpdate}):
 * the written part's type must be v's; the op is linear in (x, v), so v's adjoint is the output's read at the
 * place — read first, before x's adjoint overwrites that place in the same array — x's is the output's with the
 * place zeroed (the overwritten entries contribute nothing), and the tangent is the same op writing v's tangent
 * into x's, either zeros when it has none.
 */
final class UpdateRules {

    private UpdateRules() {
    }

    /** x's type, after checking that {@code written}, the part the op writes, is v's ({@code what} names the op). */
    static Type inferType(List<Type> inputs, Type written, String what) {
        if (!inputs.get(1).equals(written)) {
            throw new OpError(what + " of " + inputs.get(0) + " writes " + written + ", got " + inputs.get(1));
        }
        return inputs.get(0);
    }

    /**
     * Adjoints of (x, v, place...): v's, when needed, what {@code readAt} makes of the output's adjoint; x's, when
     * needed, {@code write} of zeros of v's type at the place into the output's adjoint.
     */
    static int[] vjp(Rules g, int[] in, int bar, boolean[] need, IntSupplier readAt, IntBinaryOperator write) {
        int[] result = new int[in.length];
        Arrays.fill(result, NONE);
        if (need[1]) {
            result[1] = readAt.getAsInt();
        }
        if (need[0]) {
            int zero = g.type(in[1]) instanceof Type.Real r && r.isScalar() ? g.constant(0) : g.zerosLike(in[1]);
            result[0] = write.applyAsInt(bar, zero);
        }
        return result;
    }

    /** The output's tangent from the tangents {@code t} of (x, v, place...): {@code write} of v's into x's. */
    static int jvp(Rules g, int[] in, int[] t, IntBinaryOperator write) {
        if (t[0] == NONE && t[1] == NONE) {
            return NONE;
        }
        int x = t[0] == NONE ? g.zerosLike(in[0]) : t[0];
        int v = t[1] == NONE ? g.zerosLike(in[1]) : t[1];
        return write.applyAsInt(x, v);
    }
}
