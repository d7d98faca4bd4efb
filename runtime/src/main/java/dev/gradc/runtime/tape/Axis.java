package dev.gradc.runtime.tape;

/**
 * A tensor seen as {@code [outer, n, inner]} around one axis, the view every reduction works on: element
 * {@code (o, j, k)} is at {@code (o·n + j)·inner + k}, and the reduced element {@code (o, k)} at
 * {@code o·inner + k}. Reducing over everything is the view {@code [1, size, 1]}.
 *
 * @param resultShape the shape without the reduced axis
 */
record Axis(int outer, int n, int inner, int[] resultShape) {

    /** The view that reduces every element to a scalar. */
    static Axis whole(int[] shape) {
        return new Axis(1, Broadcast.size(shape), 1, new int[0]);
    }

    /** The view around {@code axis}; a negative axis counts from the end, as in NumPy. */
    static Axis of(int[] shape, int axis, String op) {
        int rank = shape.length;
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new IllegalArgumentException(op + ": axis " + axis + " is out of range for shape "
                    + Broadcast.text(shape) + " of rank " + rank);
        }
        int outer = 1;
        int inner = 1;
        int[] result = new int[rank - 1];
        for (int i = 0; i < rank; i++) {
            if (i < a) {
                outer *= shape[i];
                result[i] = shape[i];
            } else if (i > a) {
                inner *= shape[i];
                result[i - 1] = shape[i];
            }
        }
        return new Axis(outer, shape[a], inner, result);
    }

    /** The number of reduced elements. */
    int size() {
        return outer * inner;
    }

    int at(int o, int j, int k) {
        return (o * n + j) * inner + k;
    }
}
