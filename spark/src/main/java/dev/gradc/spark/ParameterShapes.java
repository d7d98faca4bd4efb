package dev.gradc.spark;

import java.io.Serializable;
import java.util.Arrays;

/**
 * The lengths of a model's parameter arrays, to go between the arrays the generated method takes and the
 * one flat vector an optimiser works on (the parameters one after another).
 */
public final class ParameterShapes implements Serializable {

    private static final long serialVersionUID = 1L;

    private final int[] lengths;
    private final int total;

    private ParameterShapes(int[] lengths) {
        this.lengths = lengths;
        this.total = Arrays.stream(lengths).sum();
    }

    /** The shapes of {@code params} (their lengths). */
    public static ParameterShapes of(double[][] params) {
        return new ParameterShapes(Arrays.stream(params).mapToInt(p -> p.length).toArray());
    }

    /** The number of parameters in all. */
    public int total() {
        return total;
    }

    /** The arrays one after another in a new flat array. */
    public double[] flatten(double[][] arrays) {
        if (arrays.length != lengths.length) {
            throw new IllegalArgumentException(arrays.length + " arrays for " + lengths.length + " parameters");
        }
        double[] flat = new double[total];
        int at = 0;
        for (int i = 0; i < arrays.length; i++) {
            if (arrays[i].length != lengths[i]) {
                throw new IllegalArgumentException("parameter " + i + " has " + arrays[i].length
                        + " entries, expected " + lengths[i]);
            }
            System.arraycopy(arrays[i], 0, flat, at, lengths[i]);
            at += lengths[i];
        }
        return flat;
    }

    /** The flat vector cut into new arrays, one per parameter. */
    public double[][] split(double[] flat) {
        if (flat.length != total) {
            throw new IllegalArgumentException("a vector of " + flat.length + " for " + total + " parameters");
        }
        double[][] out = new double[lengths.length][];
        int at = 0;
        for (int i = 0; i < lengths.length; i++) {
            out[i] = Arrays.copyOfRange(flat, at, at + lengths[i]);
            at += lengths[i];
        }
        return out;
    }
}
