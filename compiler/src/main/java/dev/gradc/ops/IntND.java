package dev.gradc.ops;

import java.util.Arrays;

/**
 * An int array as the interpreter and the tape engine hold it: row-major data and its concrete shape (rank 1
 * or more). Treated as immutable: ops always make new arrays.
 */
public record IntND(int[] data, int[] shape) {

    public IntND {
        if (shape.length == 0 || Broadcasting.size(shape) != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + data.length);
        }
    }

    /** A vector of the given ints (not copied). */
    public static IntND vector(int... data) {
        return new IntND(data, new int[] {data.length});
    }

    public int size() {
        return data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IntND a && Arrays.equals(data, a.data) && Arrays.equals(shape, a.shape);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "IntND" + Arrays.toString(shape) + Arrays.toString(data);
    }
}
