package dev.gradc.engine;

import dev.gradc.runtime.tape.Mask;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.runtime.tape.Writes;
import dev.gradc.syntax.Ast;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Subscripts on the tape: {@code x[i]}, {@code x[i, j]}, {@code x[i, :]}, {@code x[:, j]}, {@code x[:]}, and
 * the update statements, as the lowering defines them (an update is {@code where(mask, e, x)}, so the
 * overwritten entries get no adjoint and the value's adjoint is read back from them).
 */
final class TapeSubscripts {

    private TapeSubscripts() {
    }

    private static boolean isWhole(Ast.Expr e) {
        return e instanceof Ast.Slice sl && sl.from() == null && sl.to() == null;
    }

    private static boolean isColumn(List<Ast.Expr> subs) {
        return subs.size() == 2 && isWhole(subs.get(0)) && !(subs.get(1) instanceof Ast.Slice);
    }

    /** The leading int indices (whole axes after them are implied). */
    private static int[] points(TapeEngine engine, List<Ast.Expr> subs, Map<String, Object> env) {
        List<Ast.Expr> p = isColumn(subs) ? subs.subList(1, 2) : subs;
        List<Integer> out = new ArrayList<>();
        for (Ast.Expr e : p) {
            if (!(e instanceof Ast.Slice)) {
                out.add((Integer) engine.eval(e, env));
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private static Tensor at(Tensor base, int[] idx) {
        for (int k = 0; k < idx.length; k++) {
            checkIndex(idx[k], k, base.shape());
        }
        return switch (idx.length) {
            case 0 -> base;
            case 1 -> base.get(idx[0]);
            default -> base.get(idx[0], idx[1]);
        };
    }

    static Tensor read(TapeEngine engine, Tensor target, List<Ast.Expr> subs, Map<String, Object> env) {
        if (subs.stream().anyMatch(e -> e instanceof Ast.Slice && !isWhole(e))) {
            Tensor v = target;
            if (subs.size() == 2 && !isWhole(subs.get(1))) {
                v = axis0(engine, subs.get(1), v.transpose(), env);
                if (subs.get(1) instanceof Ast.Slice) {
                    v = v.transpose();
                }
            }
            return axis0(engine, subs.get(0), v, env);
        }
        Tensor base = isColumn(subs) ? target.transpose() : target;
        return at(base, points(engine, subs, env));
    }

    /** One subscript on the first axis: an index, a bounded slice (rows stacked), or ':'. */
    private static Tensor axis0(TapeEngine engine, Ast.Expr sub, Tensor v, Map<String, Object> env) {
        if (isWhole(sub)) {
            return v;
        }
        if (!(sub instanceof Ast.Slice sl)) {
            int i = (Integer) engine.eval(sub, env);
            checkIndex(i, 0, v.shape());
            return v.get(i);
        }
        int n = v.shape()[0];
        int from = sl.from() == null ? 0 : (Integer) engine.eval(sl.from(), env);
        int to = sl.to() == null ? n : (Integer) engine.eval(sl.to(), env);
        if (from < 0 || to > n || from > to) {
            throw new IndexOutOfBoundsException("slice " + from + ":" + to + " is out of bounds for dimension 0 of"
                    + " length " + n + " (shape " + Arrays.toString(v.shape()) + ")");
        }
        Tensor[] rows = new Tensor[to - from];
        for (int k = from; k < to; k++) {
            rows[k - from] = v.get(k);
        }
        return Tensor.stack(rows);
    }

    static Tensor update(TapeEngine engine, Ast.Update u, Map<String, Object> env) {
        if (u.indices().stream().anyMatch(e -> e instanceof Ast.Slice && !isWhole(e))) {
            return rangeUpdate(engine, u, env);
        }
        Tensor old = TapeEngine.real(env.get(u.name()));
        boolean column = isColumn(u.indices());
        Tensor base = column ? old.transpose() : old;
        int[] idx = points(engine, u.indices(), env);
        Tensor current = at(base, idx);
        Object v = engine.eval(u.value(), env);
        Tensor value = u.op().equals("=") ? TapeEngine.real(v)
                : TapeEngine.real(TapeOps.binary(u.op().substring(0, 1), current, v));
        if (column) {
            return Tensor.where(mask(base.shape(), idx), value, base).transpose();
        }
        return write(engine, old, offset(old.shape(), idx), fitted(value, current.shape()));
    }

    /** The flat offset of the entries at leading indices {@code idx} (already checked). */
    private static int offset(int[] shape, int[] idx) {
        int offset = 0;
        for (int k = 0; k < shape.length; k++) {
            offset = offset * shape[k] + (k < idx.length ? idx[k] : 0);
        }
        return offset;
    }

    /** {@code value} as the region it writes: a scalar spread over it. */
    private static Tensor fitted(Tensor value, int[] region) {
        return Arrays.equals(value.shape(), region) ? value : Tensor.zeros(region).add(value);
    }

    /**
     * {@code old} with {@code value}'s entries from {@code offset}: in place, costing only those entries in the
     * value and in the backward, when the engine owns old's array; else into a copy, which it then owns.
     */
    private static Tensor write(TapeEngine engine, Tensor old, int offset, Tensor value) {
        Tensor updated = Writes.write(old, offset, value, engine.owns(old));
        engine.own(old, updated);
        return updated;
    }

    /** {@code x[a:b] = e}, {@code x[a:b, :] = e}, {@code x[:, c:d] = e}: the rows restacked, the slice's from e. */
    private static Tensor rangeUpdate(TapeEngine engine, Ast.Update u, Map<String, Object> env) {
        Tensor old = TapeEngine.real(env.get(u.name()));
        List<Ast.Expr> subs = u.indices();
        if (subs.size() == 2 && !isWhole(subs.get(0)) && !isWhole(subs.get(1))) {
            return blockUpdate(engine, u, old, env);
        }
        boolean column = isWhole(u.indices().get(0));
        Tensor base = column ? old.transpose() : old;
        Ast.Slice sl = (Ast.Slice) u.indices().get(column ? 1 : 0);
        Tensor current = axis0(engine, sl, base, env);
        int from = sl.from() == null ? 0 : (Integer) engine.eval(sl.from(), env);
        Object v = engine.eval(u.value(), env);
        if (column && v instanceof Tensor t && t.rank() == 2) {
            v = t.transpose();
        }
        Tensor value = u.op().equals("=") ? TapeEngine.real(v)
                : TapeEngine.real(TapeOps.binary(u.op().substring(0, 1), current, v));
        if (value.rank() == 0) {
            value = Tensor.zeros(current.shape()).add(value);
        }
        if (!column) {
            return write(engine, old, offset(old.shape(), new int[] {from}), value);
        }
        Tensor[] rows = new Tensor[base.shape()[0]];
        for (int k = 0; k < rows.length; k++) {
            boolean inside = k >= from && k < from + current.shape()[0];
            rows[k] = inside ? value.get(k - from) : base.get(k);
        }
        Tensor updated = Tensor.stack(rows);
        return column ? updated.transpose() : updated;
    }

    /**
     * {@code x[i, c:d] = e}, {@code x[a:b, j] = e}, {@code x[a:b, c:d] = e}, as the lowering defines them: the
     * row (or the transposed block of rows) the first subscript selects, its entries the second selects
     * replaced, written back.
     */
    private static Tensor blockUpdate(TapeEngine engine, Ast.Update u, Tensor old, Map<String, Object> env) {
        Ast.Expr first = u.indices().get(0);
        Ast.Expr second = u.indices().get(1);
        boolean block = first instanceof Ast.Slice;
        boolean both = block && second instanceof Ast.Slice;
        Tensor outer = axis0(engine, first, old, env);
        Tensor inner = block ? outer.transpose() : outer;
        Tensor current = axis0(engine, second, inner, env);
        Object v = engine.eval(u.value(), env);
        Tensor value = u.op().equals("=") ? TapeEngine.real(v) : TapeEngine.real(
                TapeOps.binary(u.op().substring(0, 1), both ? current.transpose() : current, v));
        value = value.rank() == 0 ? Tensor.zeros(current.shape()).add(value) : both ? value.transpose() : value;
        Tensor written = write(engine, inner, second, value, env);
        return write(engine, old, first, block ? written.transpose() : written, env);
    }

    /** {@code base} with {@code value} in place of the entries one subscript (an index or a slice) selects. */
    private static Tensor write(TapeEngine engine, Tensor base, Ast.Expr sub, Tensor value, Map<String, Object> env) {
        int at = sub instanceof Ast.Slice sl ? sl.from() == null ? 0 : (Integer) engine.eval(sl.from(), env)
                : (Integer) engine.eval(sub, env);
        return write(engine, base, offset(base.shape(), new int[] {at}), value);
    }

    /** An index out of its dimension, in the interpreter's words. */
    private static void checkIndex(int i, int k, int[] shape) {
        if (i < 0 || i >= shape[k]) {
            throw new IndexOutOfBoundsException("index " + i + " is out of bounds for dimension " + k
                    + " of length " + shape[k] + " (shape " + Arrays.toString(shape) + ")");
        }
    }

    /** True on the entries whose leading indices are {@code idx}. */
    private static Mask mask(int[] shape, int[] idx) {
        int size = 1;
        for (int d : shape) {
            size *= d;
        }
        int offset = 0;
        int stride = size;
        for (int k = 0; k < idx.length; k++) {
            checkIndex(idx[k], k, shape);
            stride /= shape[k];
            offset += idx[k] * stride;
        }
        boolean[] m = new boolean[size];
        Arrays.fill(m, offset, offset + stride, true);
        return Mask.of(m, shape);
    }
}
