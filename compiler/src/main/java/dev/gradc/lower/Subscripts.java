package dev.gradc.lower;

import dev.gradc.diag.Messages;
import dev.gradc.diag.Span;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.Index;
import dev.gradc.ops.RowsUpdate;
import dev.gradc.ops.Column;
import dev.gradc.ops.ColumnUpdate;
import dev.gradc.ops.Update;
import dev.gradc.syntax.Ast;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reading and writing through subscripts: {@code x[i]}, {@code x[i, j]}, {@code x[i, :]}, {@code x[:, j]},
 * {@code x[:]}, and the update statements {@code x[...] = e;} and {@code x[...] op= e;}. Each subscript is
 * checked where it is written (an int, within a constant dimension when constant); an update rebinds the
 * name to a new array equal to the old one except at the subscripts ({@link Update}, {@link RowsUpdate}): a value
 * in the IR, which the engines write in place when the old array is dead, and whose adjoint drops the
 * overwritten entries'.
 */
final class Subscripts {

    private static final int ERR = Lowering.ERR;
    private final Expressions x;

    private final Gathers gathers;

    private final IntSubscripts ints;

    private final BlockSubscripts blocks;

    Subscripts(Expressions x) {
        this.x = x;
        this.gathers = new Gathers(x);
        this.ints = new IntSubscripts(x, this);
        this.blocks = new BlockSubscripts(x, this);
    }

    /**
     * The subscripts reduced to what the IR indexes: leading int indices, then whole axes; {@code column}
     * when the form is {@code [:, j]} (a strided column). Null after an error.
     */
    private record Plan(List<Integer> indices, boolean column) {
    }

    private Plan plan(List<Ast.Expr> subs, Shape shape, Scope s, Lowering.Frame frame, Span stmtSpan, Span at) {
        if (subs.size() > shape.rank()) {
            x.error(at, Messages.tooManySubscripts(subs.size(), shape));
            return null;
        }
        boolean column = subs.size() == 2 && isWhole(subs.get(0)) && !(subs.get(1) instanceof Ast.Slice);
        List<Ast.Expr> points = column ? List.of(subs.get(1)) : subs;
        List<Integer> indices = new ArrayList<>();
        boolean whole = false;
        boolean ok = true;
        for (int k = 0; k < points.size(); k++) {
            Ast.Expr e = points.get(k);
            int axis = column ? 1 : k;
            if (e instanceof Ast.Slice sl) {
                if (!isWhole(sl)) {
                    x.error(sl.span(), Messages.sliceNotYetSupported());
                    return null;
                }
                whole = true;
                continue;
            }
            if (whole) {
                x.error(e.span(), Messages.indexAfterSlice());
                return null;
            }
            int v = x.requireInt(s, x.lower(e, s, frame, stmtSpan), e.span(), "an index");
            if (v == ERR) {
                ok = false;
                continue;
            }
            if (ConstantIndices.outOfRange(x, e, v, s, frame, axis, shape.dim(axis), shape)) {
                ok = false;
                continue;
            }
            indices.add(v);
        }
        return ok ? new Plan(indices, column) : null;
    }

    private static boolean isWhole(Ast.Expr e) {
        return e instanceof Ast.Slice sl && sl.from() == null && sl.to() == null;
    }

    private static final int NOT_RANGED = ERR + 1;

    private static boolean isRange(Ast.Expr e) {
        return e instanceof Ast.Slice sl && !isWhole(sl);
    }

    /**
     * Reads with a bounded slice on some axis ({@code x[a:b]}, {@code x[a:b, :]}, {@code x[i, c:d]}) on a vector or
     * matrix, blocks apart ({@link BlockSubscripts}): the first axis with {@link dev.gradc.ops.Rows} or an index,
     * then the row's entries. NOT_RANGED when there is no bounded slice.
     */
    private int ranges(List<Ast.Expr> subs, int target, Scope s, Lowering.Frame frame, Span stmtSpan, Span at) {
        if (subs.stream().noneMatch(Subscripts::isRange)) {
            return NOT_RANGED;
        }
        Shape shape = s.g.shape(target);
        if (shape.rank() > 2 || subs.size() > shape.rank()) {
            x.error(at, shape.rank() > 2 ? Messages.sliceRank(shape) : Messages.tooManySubscripts(subs.size(), shape));
            return ERR;
        }
        if (BlockSubscripts.isBlock(subs, shape)) {
            return blocks.read(subs, target, s, frame, stmtSpan, at);
        }
        if (subs.size() == 2 && !(subs.get(0) instanceof Ast.Slice) && isRange(subs.get(1))) {
            // x[i, c:d]: row i, then its entries c:d — the row's length, not a pass over the matrix
            int row = axis0(subs.get(0), target, s, frame, stmtSpan, 0, shape);
            return row == ERR ? ERR : axis0(subs.get(1), row, s, frame, stmtSpan, 1, shape);
        }
        return axis0(subs.get(0), target, s, frame, stmtSpan, 0, shape);
    }

    /** One subscript applied to the first axis of v: an index, a bounded slice, or ':'. */
    private int axis0(Ast.Expr sub, int v, Scope s, Lowering.Frame frame, Span stmtSpan, int axis, Shape full) {
        if (isWhole(sub)) {
            return v;
        }
        Shape shape = s.g.shape(v);
        if (!(sub instanceof Ast.Slice sl)) {
            int i = x.requireInt(s, x.lower(sub, s, frame, stmtSpan), sub.span(), "an index");
            if (i != ERR && ConstantIndices.outOfRange(x, sub, i, s, frame, axis, shape.dim(0), full)) {
                return ERR;
            }
            return i == ERR ? ERR : x.apply(s, sub.span(), new Index(1), v, i);
        }
        SliceAt at = slice(sl, shape, axis, full, s, frame, stmtSpan);
        return at == null ? ERR : x.apply(s, sl.span(), new dev.gradc.ops.Rows(at.length(), axis), v, at.start());
    }

    /** A bounded slice along the first axis: its static length and its lowered start. */
    record SliceAt(Dim length, int start) {
    }

    /**
     * Slice {@code sl} along the first axis of a value of {@code shape} (axis {@code axis} of {@code full}): the
     * length must simplify to a size and be positive, constant bounds must lie within a fixed dimension, the
     * bounds must be ints. Null after a positioned error.
     */
    SliceAt slice(Ast.Slice sl, Shape shape, int axis, Shape full, Scope s, Lowering.Frame frame, Span stmtSpan) {
        Dim dim = shape.dim(0);
        Map<String, Dim> sizes = frame.sizes();
        Dim from = sl.from() == null ? Dim.of(0) : SliceBounds.form(sl.from(), sizes, x.lowering.source);
        Dim to = sl.to() == null ? dim : SliceBounds.form(sl.to(), sizes, x.lowering.source);
        Dim length = Dim.plus(to, -1, from);
        if (!SliceBounds.isStatic(length)) {
            String which = sl.from() == null ? "end depends" : sl.to() == null ? "start depends" : "bounds depend";
            x.error(sl.span(), Messages.sliceLengthNotStatic(x.lowering.source.text(sl.span()).replace(" ", ""),
                    which, SliceBounds.unknowns(length)));
            return null;
        }
        if (length instanceof Dim.Fixed f && f.value() <= 0) {
            x.error(sl.span(), Messages.sliceEmpty(x.lowering.source.text(sl.span()).replace(" ", ""), f.value()));
            return null;
        }
        if (dim instanceof Dim.Fixed d && to instanceof Dim.Fixed t && (t.value() > d.value() || from.constant() < 0
                && from.terms().isEmpty())) {
            x.error(sl.span(), Messages.sliceOutOfRange(x.lowering.source.text(sl.span()).replace(" ", ""), axis, d, full));
            return null;
        }
        int start = sl.from() == null ? s.g.intConstant(0)
                : x.requireInt(s, x.lower(sl.from(), s, frame, stmtSpan), sl.from().span(), "the start of a slice");
        if (start == ERR) {
            return null;
        }
        if (sl.to() != null) {
            int end = x.requireInt(s, x.lower(sl.to(), s, frame, stmtSpan), sl.to().span(), "the end of a slice");
            if (end == ERR) {
                return null;
            }
        }
        return new SliceAt(length, start);
    }

    /** {@code target[subs]}, read. */
    int read(Ast.Index i, Scope s, Lowering.Frame frame, Span stmtSpan) {
        int target = x.lower(i.target(), s, frame, stmtSpan);
        boolean sliced = i.indices().stream().anyMatch(e -> e instanceof Ast.Slice);
        if (target != ERR && s.g.type(target) instanceof Type.IntArray && (!sliced || !x.isIntLiteral(s, target))) {
            return sliced ? ints.read(i, target, s, frame, stmtSpan) : gathers.intRead(i, target, s, frame, stmtSpan);
        }
        target = target == ERR ? ERR : x.real(s, target, i.target().span(), "indexing");
        if (target == ERR) {
            return ERR;
        }
        int gathered = gathers.read(i, target, s, frame, stmtSpan);
        if (gathered != Gathers.NOT_GATHER) {
            return gathered;
        }
        int ranged = ranges(i.indices(), target, s, frame, stmtSpan, i.span());
        if (ranged != NOT_RANGED) {
            return ranged;
        }
        Plan p = plan(i.indices(), s.g.shape(target), s, frame, stmtSpan, i.span());
        if (p == null) {
            return ERR;
        }
        if (p.column()) {
            // x[:, j]: a strided read of the rows, never a transpose of the matrix
            return x.apply(s, i.span(), new Column(), target, p.indices().get(0));
        }
        return index(s, target, p.indices(), i.span());
    }

    private int index(Scope s, int base, List<Integer> indices, Span span) {
        if (indices.isEmpty()) {
            return base;
        }
        int[] in = new int[indices.size() + 1];
        in[0] = base;
        for (int k = 0; k < indices.size(); k++) {
            in[k + 1] = indices.get(k);
        }
        return x.apply(s, span, new Index(indices.size()), in);
    }

    /** {@code name[subs] op= value;}: gives the new value of {@code name}, or ERR after an error. */
    int update(Ast.Update u, Scope s, Lowering.Frame frame) {
        Integer old = s.vars.get(u.name());
        if (old == null) {
            x.lower(new Ast.Name(u.name(), u.nameSpan()), s, frame, u.span()); // reports the undefined name
            return ERR;
        }
        Type t = s.g.type(old);
        if (t instanceof Type.IntArray) {
            return ints.update(u, old, s, frame);
        }
        if (!(t instanceof Type.Real r) || r.isScalar()) {
            x.error(u.nameSpan(), Messages.updateOfNonArray(u.name(), t));
            return ERR;
        }
        if (BlockSubscripts.isBlock(u.indices(), r.shape())) {
            return blocks.update(u, old, r.shape(), s, frame);
        }
        if (u.indices().stream().anyMatch(Subscripts::isRange)) {
            return rangeUpdate(u, old, r.shape(), s, frame);
        }
        Plan p = plan(u.indices(), r.shape(), s, frame, u.span(), u.nameSpan());
        int value = x.lower(u.value(), s, frame, u.span());
        value = value == ERR ? ERR : x.real(s, value, u.value().span(), "'" + u.op() + "'");
        if (p == null || value == ERR) {
            return ERR;
        }
        if (p.column()) {
            return columnUpdate(u, s, old, p.indices().get(0), value);
        }
        int base = old;
        Shape shape = s.g.shape(base);
        int current = index(s, base, p.indices(), u.span());
        Shape region = s.g.shape(current);
        value = combined(u, s, current, value);
        if (value == ERR) {
            return ERR;
        }
        Shape given = s.g.shape(value);
        int updated;
        if (p.indices().isEmpty()) {
            updated = given.isScalar() ? broadcast(s, value, shape) : value;
        } else {
            int[] in = new int[p.indices().size() + 2];
            in[0] = base;
            in[1] = given.isScalar() ? broadcast(s, value, region) : value;
            for (int k = 0; k < p.indices().size(); k++) {
                in[k + 2] = p.indices().get(k);
            }
            updated = s.g.apply(new Update(p.indices().size()), in);
        }
        return updated;
    }

    /** {@code x[:, j] op= value;}: column j replaced in O(rows) ({@link ColumnUpdate}). */
    private int columnUpdate(Ast.Update u, Scope s, int old, int j, int value) {
        int current = x.apply(s, u.span(), new Column(), old, j);
        Shape region = s.g.shape(current);
        value = combined(u, s, current, value);
        if (value == ERR) {
            return ERR;
        }
        int v = s.g.shape(value).isScalar() ? broadcast(s, value, region) : value;
        return x.apply(s, u.span(), new ColumnUpdate(), old, v, j);
    }

    /**
     * {@code x[a:b] = e;}, {@code x[a:b, :] = e;} (and {@code op=}): rows from a start replaced
     * ({@link RowsUpdate}), as for single entries; blocks of a matrix are {@link BlockSubscripts}'.
     */
    private int rangeUpdate(Ast.Update u, int old, Shape shape, Scope s, Lowering.Frame frame) {
        List<Ast.Expr> subs = u.indices();
        boolean rows = isRange(subs.get(0)) && (subs.size() == 1 || subs.size() == 2 && isWhole(subs.get(1)));
        if (shape.rank() > 2 || subs.size() > shape.rank()) {
            x.error(u.nameSpan(), shape.rank() > 2 ? Messages.sliceRank(shape)
                    : Messages.tooManySubscripts(subs.size(), shape));
            return ERR;
        }
        if (!rows) {
            return rowPartUpdate(u, old, shape, s, frame);
        }
        int current = axis0(subs.get(0), old, s, frame, u.span(), 0, shape);
        int value = x.lower(u.value(), s, frame, u.span());
        value = value == ERR ? ERR : x.real(s, value, u.value().span(), "'" + u.op() + "'");
        if (current == ERR || value == ERR) {
            return ERR;
        }
        value = combined(u, s, current, value);
        if (value == ERR) {
            return ERR;
        }
        Shape region = s.g.shape(current);
        Shape given = s.g.shape(value);
        int start = s.g.node(current).input(1);
        return s.g.apply(new RowsUpdate(), old, given.isScalar() ? broadcast(s, value, region) : value, start);
    }

    /**
     * {@code x[i, c:d] = e;} (and {@code op=}) on a matrix: row i is read, its entries c:d replaced in it, and it
     * is written back ({@link Update} of a row): O(row).
     */
    private int rowPartUpdate(Ast.Update u, int old, Shape shape, Scope s, Lowering.Frame frame) {
        int row = axis0(u.indices().get(0), old, s, frame, u.span(), 0, shape);
        if (row == ERR) {
            return ERR;
        }
        int current = axis0(u.indices().get(1), row, s, frame, u.span(), 1, shape);
        int value = x.lower(u.value(), s, frame, u.span());
        value = value == ERR ? ERR : x.real(s, value, u.value().span(), "'" + u.op() + "'");
        if (current == ERR || value == ERR) {
            return ERR;
        }
        value = combined(u, s, current, value);
        if (value == ERR) {
            return ERR;
        }
        value = s.g.shape(value).isScalar() ? broadcast(s, value, s.g.shape(current)) : value;
        return write(s, old, write(s, row, value, current, true), row, false);
    }

    /** {@code into} with {@code value} written where {@code read} (an index or a slice of it) read. */
    private static int write(Scope s, int into, int value, int read, boolean slice) {
        int at = s.g.node(read).input(1);
        return s.g.apply(slice ? new RowsUpdate() : new Update(1), into, value, at);
    }

    /**
     * The value an update writes: for {@code op=} combined with the entries it replaces; ERR, after a positioned
     * diagnostic, when it is neither a scalar nor of the replaced region's shape.
     */
    private int combined(Ast.Update u, Scope s, int current, int value) {
        return combined(u, s, current, s.g.shape(current), value);
    }

    /** As above, the replaced region's shape given ({@code current} is read only for {@code op=}). */
    int combined(Ast.Update u, Scope s, int current, Shape region, int value) {
        if (!u.op().equals("=")) {
            value = x.apply(s, u.span(), switch (u.op()) {
                case "+=" -> dev.gradc.ops.Binary.ADD;
                case "-=" -> dev.gradc.ops.Binary.SUB;
                default -> dev.gradc.ops.Binary.MUL;
            }, current, value);
            if (value == ERR) {
                return ERR;
            }
        }
        Shape given = s.g.shape(value);
        if (!given.isScalar() && !given.equals(region)) {
            x.error(u.value().span(), Messages.updateShape(u.name(), region, given));
            return ERR;
        }
        return value;
    }

    int broadcast(Scope s, int value, Shape shape) {
        return shape.isScalar() ? value : s.g.apply(new dev.gradc.ops.Broadcast(shape, List.of()), value);
    }
}
