package dev.gradc.ops;

import java.util.Arrays;

/**
 * A real value as the interpreter holds it: row-major data and its concrete shape (rank 0 = scalar).
 * Treated as immutable: ops always make new arrays.
 */
public record NDArray(double[] data, int[] shape) {

    public NDArray {
        long n = 1;
        for (int s : shape) {
            n *= s;
        }
        if (n != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + data.length);
        }
    }

    public static NDArray scalar(double v) {
        return new NDArray(new double[] {v}, new int[0]);
    }

    public static NDArray filled(double v, int[] shape) {
        int n = 1;
        for (int s : shape) {
            n *= s;
        }
        double[] d = new double[n];
        Arrays.fill(d, v);
        return new NDArray(d, shape.clone());
    }

    public boolean isScalar() {
        return shape.length == 0;
    }

    public double item() {
        if (data.length != 1) {
            throw new IllegalStateException("not a scalar: shape " + Arrays.toString(shape));
        }
        return data[0];
    }

    public int size() {
        return data.length;
    }

    public int rank() {
        return shape.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NDArray a && Arrays.equals(data, a.data) && Arrays.equals(shape, a.shape);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(data) + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        if (isScalar()) {
            return Double.toString(data[0]);
        }
        return "NDArray" + Arrays.toString(shape) + Arrays.toString(data);
    }
}
