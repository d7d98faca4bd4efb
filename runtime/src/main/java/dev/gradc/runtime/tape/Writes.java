package dev.gradc.runtime.tape;

import java.util.Arrays;

/**
 * An indexed update as a value on the tape: {@code x} with the consecutive entries {@code [offset, offset + n)}
 * (an element, a row, a run of rows) replaced by {@code value}'s {@code n} entries. The overwritten entries get
 * no adjoint and the value's adjoint is read back from them.
 *
 * <p>An engine that owns {@code x}'s array — no recorded op will read its values again, only element and row
 * reads that keep offsets ({@link Tensor#get(int)}) and earlier writes — passes {@code inPlace}: the write
 * then costs only the entries it writes, and so does its backward, which hands the output's adjoint on to
 * {@code x} instead of copying it. Tensors are otherwise immutable; that ownership is the engine's to prove.
 */
public final class Writes {

    private Writes() {
    }

    /** {@code x} with {@code value}'s entries from {@code offset}, written into x's own array when {@code inPlace}. */
    public static Tensor write(Tensor x, int offset, Tensor value, boolean inPlace) {
        int n = value.data.length;
        if (offset < 0 || (long) offset + n > x.data.length) {
            throw new IndexOutOfBoundsException("entries " + offset + ":" + ((long) offset + n)
                    + " are out of bounds for a tensor of " + x.data.length + " entries");
        }
        double[] ys = inPlace ? x.data : x.data.clone();
        System.arraycopy(value.data, 0, ys, offset, n);
        // forward mode: the same write into a copy of x's tangent (tangents are not the engine's to own)
        Tensor t = Tape.record("write", ys, x.shape, bar -> adjoints(bar, offset, n),
                (y, ts) -> write(ts[0], offset, ts[1], false), x, value);
        if (t.node != null) {
            t.node.writtenAt = offset;
        }
        return t;
    }

    /** The adjoints as copies (the rule as a function; backward passes use {@link #propagate} instead). */
    private static double[][] adjoints(double[] bar, int offset, int n) {
        double[] rest = bar.clone();
        Arrays.fill(rest, offset, offset + n, 0);
        return new double[][] {rest, Arrays.copyOfRange(bar, offset, offset + n)};
    }

    /**
     * The backward of a write in O(entries written): the value's adjoint is copied out of the output's, whose
     * own array (the pass's, used nowhere else) then goes on to {@code x} with those entries zeroed.
     */
    static void propagate(Node node, double[] bar) {
        int offset = node.writtenAt;
        Tensor value = node.inputs[1];
        int n = value.data.length;
        if (value.needsGrad()) {
            Backprop.route(value, Arrays.copyOfRange(bar, offset, offset + n), value.shape, true);
        }
        Arrays.fill(bar, offset, offset + n, 0);
        if (node.inputs[0].needsGrad()) {
            Backprop.route(node.inputs[0], bar, node.shape, true);
        }
    }
}
