package dev.gradc.engine;

import dev.gradc.runtime.IndexOutOfRangeException;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.runtime.tape.Writes;
import dev.gradc.syntax.Ast;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Subscripts on the tape: {@code x[i]}, {@code x[i, j]}, {@code x[a:b]}, {@code x[i, :]}, {@code x[:, j]},
 * {@code x[a:b, j]}, {@code x[i, c:d]}, {@code x[a:b, c:d]}, and the update statements of each. Every form selects
 * a block of the array's row-major entries — runs of consecutive entries a row apart — so a read copies only the
 * block (its adjoint added back at the block's places), and an update writes only the block: in place when the
 * engine owns the array, the overwritten entries getting no adjoint and the value's adjoint read back from them.
 */
final class TapeSubscripts {

    private TapeSubscripts() {
    }

    /** The entries a subscript list selects: runs of {@code cols} entries from {@code offset}, {@code stride} apart. */
    private record Part(int offset, int rows, int cols, int stride, int[] shape) {

        Tensor read(Tensor x) {
            return Writes.read(x, offset, rows, cols, stride, shape);
        }

        Tensor write(TapeEngine engine, Tensor old, Tensor value) {
            Tensor updated = Writes.write(old, offset, rows, cols, stride, value, engine.owns(old));
            engine.own(old, updated);
            return updated;
        }
    }

    private static boolean isWhole(Ast.Expr e) {
        return e instanceof Ast.Slice sl && sl.from() == null && sl.to() == null;
    }

    /**
     * The part of an array of {@code shape} that {@code subs} select (indices and slices; axes after them whole),
     * each checked against its dimension in order.
     */
    private static Part select(TapeEngine engine, int[] shape, List<Ast.Expr> subs, Map<String, Object> env) {
        int[] lo = new int[shape.length];
        int[] hi = shape.clone();
        int[] kept = new int[shape.length];
        int rank = 0;
        for (int k = 0; k < shape.length; k++) {
            Ast.Expr sub = k < subs.size() ? subs.get(k) : null;
            if (sub instanceof Ast.Slice sl) {
                lo[k] = sl.from() == null ? 0 : (Integer) engine.eval(sl.from(), env);
                hi[k] = sl.to() == null ? shape[k] : (Integer) engine.eval(sl.to(), env);
                if (lo[k] < 0 || hi[k] > shape[k] || lo[k] > hi[k]) {
                    throw new IndexOutOfBoundsException(IndexOutOfRangeException.slice(lo[k], hi[k], k, shape[k]));
                }
            } else if (sub != null) {
                lo[k] = (Integer) engine.eval(sub, env);
                checkIndex(lo[k], k, shape);
                hi[k] = lo[k] + 1;
                continue;
            }
            kept[rank++] = hi[k] - lo[k];
        }
        int[] out = Arrays.copyOf(kept, rank);
        if (shape.length < 2) {
            return new Part(lo[0], 1, hi[0] - lo[0], hi[0] - lo[0], out);
        }
        if (shape.length > 2) {
            return run(shape, lo, hi, out);
        }
        return new Part(lo[0] * shape[1] + lo[1], hi[0] - lo[0], hi[1] - lo[1], shape[1], out);
    }

    /**
     * The part of an array of three or more axes: the language subscripts one only by leading indices, the axes
     * after them whole ({@code X[i, :, :]}, {@code X[i, j]}), so it is one run of consecutive entries.
     */
    private static Part run(int[] shape, int[] lo, int[] hi, int[] out) {
        int offset = 0;
        int length = 1;
        boolean whole = false;
        for (int k = 0; k < shape.length; k++) {
            boolean index = hi[k] - lo[k] == 1 && !whole;
            if (!index && (lo[k] != 0 || hi[k] != shape[k])) {
                throw new IllegalStateException("subscripts of an array of shape " + Arrays.toString(shape)
                        + " that are not leading indices followed by whole axes");
            }
            whole |= !index;
            offset = offset * shape[k] + lo[k];
            length *= hi[k] - lo[k];
        }
        return new Part(offset, 1, length, length, out);
    }

    static Tensor read(TapeEngine engine, Tensor target, List<Ast.Expr> subs, Map<String, Object> env) {
        if (subs.stream().allMatch(TapeSubscripts::isWhole)) {
            return target;
        }
        return select(engine, target.shape(), subs, env).read(target);
    }

    /** {@code x[subs] op= e}: the selected block replaced by e (or by the block op e), the array written back. */
    static Tensor update(TapeEngine engine, Ast.Update u, Map<String, Object> env) {
        Tensor old = TapeEngine.real(env.get(u.name()));
        Part part = select(engine, old.shape(), u.indices(), env);
        Tensor current = u.op().equals("=") ? null : part.read(old);
        Object v = engine.eval(u.value(), env);
        Tensor value = current == null ? TapeEngine.real(v)
                : TapeEngine.real(TapeOps.binary(u.op().substring(0, 1), current, v));
        if (!Arrays.equals(value.shape(), part.shape())) {
            value = Tensor.zeros(part.shape()).add(value); // a scalar (or a row) spread over the block
        }
        return part.write(engine, old, value);
    }

    /** An index out of its dimension, in every engine's words. */
    private static void checkIndex(int i, int k, int[] shape) {
        if (i < 0 || i >= shape[k]) {
            throw new IndexOutOfBoundsException(IndexOutOfRangeException.index(i, k, shape[k]));
        }
    }
}
