package dev.gradc.ops;

import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;

/**
 * The language's broadcasting rule: a scalar goes with anything, and an array goes with a larger one whose
 * trailing dimensions equal its own ({@code [B,N]} with {@code [N]}). No size-1 stretching.
 */
public final class Broadcasting {

    private Broadcasting() {
    }

    /** The broadcast shape, or null when the shapes do not broadcast. */
    public static Shape shape(Shape a, Shape b) {
        Shape big = a.rank() >= b.rank() ? a : b;
        Shape small = big == a ? b : a;
        if (small.isScalar()) {
            return big;
        }
        return big.suffix(small.rank()).equals(small) ? big : null;
    }

    /** The broadcast shape of two real types, or an {@link OpError} naming both. */
    public static Shape require(String what, Shape a, Shape b) {
        Shape s = shape(a, b);
        if (s == null) {
            throw new OpError("shapes " + a + " and " + b + " do not broadcast in " + what
                    + " (a scalar goes with anything; [B,N] with [N])");
        }
        return s;
    }

    static Shape shapeOf(Type t) {
        if (t instanceof Type.Real r) {
            return r.shape();
        }
        if (t instanceof Type.Bool b) {
            return b.shape();
        }
        return Shape.SCALAR;
    }

    /** Concrete broadcast shape of two concrete shapes (already checked statically). */
    static int[] shape(int[] a, int[] b) {
        return a.length >= b.length ? a : b;
    }

    static int size(int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        return n;
    }
}
