package dev.gradc.ops;

import java.util.Arrays;

/** An array of truth values as the interpreter holds it (a scalar truth value is a plain Boolean). */
public record Mask(boolean[] data, int[] shape) {

    @Override
    public boolean equals(Object o) {
        return o instanceof Mask m && Arrays.equals(data, m.data) && Arrays.equals(shape, m.shape);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "Mask" + Arrays.toString(shape) + Arrays.toString(data);
    }
}
