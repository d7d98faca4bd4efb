package dev.gradc.runtime.tape;

/**
 * Indexed reads and updates of a block of a tensor's entries ({@link Block}: an element, a row, a run of rows, a
 * column, a part of one, a rectangle of a matrix): reading one copies only its entries, and the read's adjoint is
 * added back at their places; an update is {@code x} with the block replaced by {@code value}'s entries, whose
 * overwritten entries get no adjoint and whose value's adjoint is read back from them.
 *
 * <p>An engine that owns {@code x}'s array — no recorded op will read its values again, only block reads that
 * keep offsets and earlier writes — passes {@code inPlace}: the write then costs only the entries it writes, and
 * so does its backward, which hands the output's adjoint on to {@code x} instead of copying it. Tensors are
 * otherwise immutable; that ownership is the engine's to prove.
 */
public final class Writes {

    private Writes() {
    }

    /** {@code x} with {@code value}'s entries from {@code offset}, written into x's own array when {@code inPlace}. */
    public static Tensor write(Tensor x, int offset, Tensor value, boolean inPlace) {
        return write(x, Block.run(offset, value.data.length), value, inPlace);
    }

    /**
     * {@code x} with the block of {@code rows} runs of {@code cols} entries, from {@code offset} and {@code stride}
     * apart, replaced by {@code value}'s entries in order; into x's own array when {@code inPlace}.
     */
    public static Tensor write(Tensor x, int offset, int rows, int cols, int stride, Tensor value, boolean inPlace) {
        return write(x, new Block(offset, rows, cols, stride), value, inPlace);
    }

    /**
     * The block of {@code rows} runs of {@code cols} entries of {@code x}, from {@code offset} and {@code stride}
     * apart, as a tensor of {@code shape}; its adjoint is added into x's at the block's places.
     */
    public static Tensor read(Tensor x, int offset, int rows, int cols, int stride, int... shape) {
        return read(x, new Block(offset, rows, cols, stride), shape.clone());
    }

    static Tensor read(Tensor x, Block b, int[] shape) {
        check(x, b);
        if (Tensor.checkSize(-1, shape) != b.size()) {
            throw new IllegalArgumentException("a block of " + b.size() + " entries read as shape "
                    + Broadcast.text(shape));
        }
        return Tape.recordPlaced("read", b.gather(x.data), shape, b, x, (y, t) -> read(t[0], b, shape));
    }

    private static Tensor write(Tensor x, Block b, Tensor value, boolean inPlace) {
        check(x, b);
        if (value.data.length != b.size()) {
            throw new IllegalArgumentException("a block of " + b.size() + " entries written with "
                    + value.data.length + " values");
        }
        double[] ys = inPlace ? x.data : x.data.clone();
        b.scatter(value.data, ys);
        // forward mode: the same write into a copy of x's tangent (tangents are not the engine's to own)
        Tensor t = Tape.record("write", ys, x.shape, bar -> adjoints(bar, b),
                (y, ts) -> write(ts[0], b, ts[1], false), x, value);
        if (t.node != null) {
            t.node.written = b;
        }
        return t;
    }

    private static void check(Tensor x, Block b) {
        if (!b.fits(x.data.length)) {
            throw new IndexOutOfBoundsException("entries " + b.offset() + ":" + ((long) b.offset() + (long) Math.max(0,
                    b.rows() - 1) * b.stride() + b.cols()) + " are out of bounds for a tensor of " + x.data.length
                    + " entries");
        }
    }

    /** The adjoints as copies (the rule as a function; backward passes use {@link #propagate} instead). */
    private static double[][] adjoints(double[] bar, Block b) {
        double[] rest = bar.clone();
        b.clear(rest);
        return new double[][] {rest, b.gather(bar)};
    }

    /**
     * The backward of a write in O(entries written): the value's adjoint is copied out of the output's, whose
     * own array (the pass's, used nowhere else) then goes on to {@code x} with those entries zeroed.
     */
    static void propagate(Node node, double[] bar) {
        Block b = node.written;
        Tensor value = node.inputs[1];
        if (value.needsGrad()) {
            Backprop.route(value, b.gather(bar), value.shape, true);
        }
        b.clear(bar);
        if (node.inputs[0].needsGrad()) {
            Backprop.route(node.inputs[0], bar, node.shape, true);
        }
    }
}
