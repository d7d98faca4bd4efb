package dev.gradc.runtime.tape;

import java.util.Arrays;

/**
 * An immutable tensor of booleans (row-major, with a shape like {@link Tensor}'s): what the comparisons
 * {@link Tensor#lt}, {@link Tensor#gt}, ... make and what {@link Tensor#where(Mask, Tensor, Tensor)}
 * selects with. Never differentiated. Combines with {@link #and}, {@link #or} and {@link #not}, with
 * the same broadcasting as tensors.
 */
public final class Mask {

    final boolean[] values;
    final int[] shape;

    Mask(boolean[] values, int[] shape) {
        this.values = values;
        this.shape = shape;
    }

    /** A vector mask (shape {@code [values.length]}); the array is copied. */
    public static Mask of(boolean... values) {
        return new Mask(values.clone(), new int[] {values.length});
    }

    /** A mask of the given shape over row-major {@code values}, which are copied. */
    public static Mask of(boolean[] values, int... shape) {
        Tensor.checkSize(values.length, shape);
        return new Mask(values.clone(), shape.clone());
    }

    /** A rank-0 mask. */
    public static Mask scalar(boolean value) {
        return new Mask(new boolean[] {value}, new int[0]);
    }

    /** The shape (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** The values in row-major order (a copy). */
    public boolean[] values() {
        return values.clone();
    }

    /** Elementwise and. */
    public Mask and(Mask other) {
        return combine(other, "and", true);
    }

    /** Elementwise or. */
    public Mask or(Mask other) {
        return combine(other, "or", false);
    }

    /** Elementwise not. */
    public Mask not() {
        boolean[] out = new boolean[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = !values[i];
        }
        return new Mask(out, shape);
    }

    /** Whether any element holds. */
    public boolean any() {
        for (boolean v : values) {
            if (v) {
                return true;
            }
        }
        return false;
    }

    /** Whether every element holds (true for an empty mask). */
    public boolean all() {
        for (boolean v : values) {
            if (!v) {
                return false;
            }
        }
        return true;
    }

    private Mask combine(Mask other, String op, boolean and) {
        int[] out = Broadcast.shape(shape, other.shape, op);
        boolean[] result = new boolean[Broadcast.size(out)];
        for (int i = 0; i < result.length; i++) {
            boolean a = values[i % values.length];
            boolean b = other.values[i % other.values.length];
            result[i] = and ? a && b : a || b;
        }
        return new Mask(result, out);
    }

    @Override
    public String toString() {
        return "mask(" + Arrays.toString(values) + ", shape " + Broadcast.text(shape) + ")";
    }
}
