package dev.gradc.lower;

import dev.gradc.diag.ArrayMessages;
import dev.gradc.diag.Messages;
import dev.gradc.diag.Span;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.Gather;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.IntIndex;
import dev.gradc.ops.Transpose;
import dev.gradc.syntax.Ast;
import java.util.ArrayList;
import java.util.List;

/**
 * Subscripts that involve int arrays: reading an int array ({@code idx[k]}, {@code m[i, j]}, {@code m[i]},
 * {@code perm[idx]}),
 * and gathers, where a subscript is an int vector: {@code x[idx]}, {@code x[idx, :]}, {@code x[idx, j]},
 * {@code x[i, idx]}, {@code x[:, idx]}. A gather picks rows of x (of its transpose, for a column gather) with
 * {@link Gather}; the adjoint is a scatter-add.
 */
final class Gathers {

    static final int NOT_GATHER = Lowering.ERR + 1;
    private static final int ERR = Lowering.ERR;
    private final Expressions x;

    Gathers(Expressions x) {
        this.x = x;
    }

    /** {@code target[subs]} for an int array target (not a literal, which reads as reals). */
    int intRead(Ast.Index i, int target, Scope s, Lowering.Frame frame, Span stmtSpan) {
        Shape shape = ((Type.IntArray) s.g.type(target)).shape();
        if (i.indices().size() > shape.rank() || shape.rank() > 2) {
            x.error(i.span(), Messages.tooManySubscripts(i.indices().size(), shape));
            return ERR;
        }
        if (i.indices().size() == 1 && !(i.indices().get(0) instanceof Ast.Slice)) {
            int mark = x.lowering.diagnostics.mark();
            int v = x.lower(i.indices().get(0), s, frame, stmtSpan);
            if (v != ERR && s.g.type(v) instanceof Type.IntArray) { // perm[idx]: indices composed
                return x.apply(s, i.span(), new dev.gradc.ops.IntGather(), target, v);
            }
            x.lowering.diagnostics.rollback(mark); // reported once, below
        }
        List<Integer> in = new ArrayList<>();
        in.add(target);
        boolean ok = true;
        for (int k = 0; k < i.indices().size(); k++) {
            Ast.Expr e = i.indices().get(k);
            if (e instanceof Ast.Slice) {
                x.error(e.span(), ArrayMessages.intArraySlice());
                return ERR;
            }
            int v = checked(e, shape, k, s, frame, stmtSpan);
            ok &= v != ERR;
            in.add(v);
        }
        if (!ok) {
            return ERR;
        }
        int[] ids = in.stream().mapToInt(Integer::intValue).toArray();
        return x.apply(s, i.span(), new IntIndex(i.indices().size()), ids);
    }

    /** An int index along {@code axis} of {@code shape}, a constant one checked against a constant dimension. */
    private int checked(Ast.Expr e, Shape shape, int axis, Scope s, Lowering.Frame frame, Span stmtSpan) {
        int v = x.requireInt(s, x.lower(e, s, frame, stmtSpan), e.span(), "an index");
        if (v != ERR && ConstantIndices.outOfRange(x, e, v, s, frame, axis, shape.dim(axis), shape)) {
            return ERR;
        }
        return v;
    }

    /** The subscripts lowered (ERR for slices) and which one is the int array; null when none is. */
    private record Lowered(List<Integer> ids, int at) {
    }

    /**
     * {@code target[subs]} when a subscript is an int array: the gather, or ERR after an error; NOT_GATHER when
     * no subscript is one (nothing is reported then: the caller lowers the subscripts again as indices).
     */
    int read(Ast.Index i, int target, Scope s, Lowering.Frame frame, Span stmtSpan) {
        List<Ast.Expr> subs = i.indices();
        Lowered l = lower(i, s, frame, stmtSpan);
        if (l == null) {
            return NOT_GATHER;
        }
        if (l.at() < 0) {
            return ERR;
        }
        Shape shape = s.g.shape(target);
        int idx = l.ids().get(l.at());
        if (subs.size() > shape.rank()) {
            x.error(i.span(), Messages.tooManySubscripts(subs.size(), shape));
            return ERR;
        }
        if (!constantsInRange(s, idx, l.at(), subs, shape)) {
            return ERR;
        }
        if (subs.size() == 1 || subs.size() == 2 && l.at() == 0 && whole(subs.get(1))) {
            return x.apply(s, i.span(), new Gather(), target, idx);
        }
        if (subs.size() != 2 || shape.rank() != 2) {
            x.error(i.span(), ArrayMessages.gatherForm(subs.size() + " subscripts on a value of shape " + shape));
            return ERR;
        }
        return matrix(i, target, l, s, frame);
    }

    /**
     * Lowers the subscripts that are not slices; null, with nothing reported, when none is an int array or one
     * has an error; {@code at} is -1 after a positioned error (two int-array subscripts).
     */
    private Lowered lower(Ast.Index i, Scope s, Lowering.Frame frame, Span stmtSpan) {
        int mark = x.lowering.diagnostics.mark();
        int errors = x.lowering.diagnostics.errorCount();
        List<Integer> lowered = new ArrayList<>();
        int at = -1;
        for (int k = 0; k < i.indices().size(); k++) {
            Ast.Expr e = i.indices().get(k);
            int v = e instanceof Ast.Slice ? ERR : x.lower(e, s, frame, stmtSpan);
            lowered.add(v);
            if (v != ERR && s.g.type(v) instanceof Type.IntArray) {
                if (at >= 0) {
                    x.lowering.diagnostics.rollback(mark);
                    x.error(i.span(), ArrayMessages.gatherForm("two int-array subscripts"));
                    return new Lowered(lowered, -1);
                }
                at = k;
            }
        }
        if (at < 0 || x.lowering.diagnostics.errorCount() > errors) {
            x.lowering.diagnostics.rollback(mark);
            return null;
        }
        return new Lowered(lowered, at);
    }

    /** {@code x[idx, j]}, {@code x[i, idx]}, {@code x[:, idx]} of a matrix. */
    private int matrix(Ast.Index i, int target, Lowered l, Scope s, Lowering.Frame frame) {
        int idx = l.ids().get(l.at());
        Ast.Expr other = i.indices().get(1 - l.at());
        if (whole(other)) { // x[:, idx]: the columns picked, through the transpose
            int t = x.apply(s, i.span(), new Gather(), s.g.apply(new Transpose(), target), idx);
            return t == ERR ? ERR : s.g.apply(new Transpose(), t);
        }
        if (other instanceof Ast.Slice) {
            x.error(other.span(), ArrayMessages.gatherForm("a bounded slice beside an int-array subscript"));
            return ERR;
        }
        int j = x.requireInt(s, l.ids().get(1 - l.at()), other.span(), "an index");
        Shape shape = s.g.shape(target);
        if (j == ERR || ConstantIndices.outOfRange(x, other, j, s, frame, 1 - l.at(), shape.dim(1 - l.at()), shape)) {
            return ERR;
        }
        // x[idx, j] gathers from column j, x[i, idx] from row i: O(length of idx), no line copied first
        return x.apply(s, i.span(), new dev.gradc.ops.LineGather(l.at() == 0 ? 0 : 1), target, idx, j);
    }

    /** False, after a positioned error, when a literal index array holds a constant outside a fixed dimension. */
    private boolean constantsInRange(Scope s, int idx, int at, List<Ast.Expr> subs, Shape shape) {
        boolean column = at == 1 || subs.size() == 2 && whole(subs.get(0));
        int axis = column ? 1 : 0;
        if (!(s.g.node(idx).op() instanceof dev.gradc.ops.IntPack) || axis >= shape.rank()
                || !(shape.dim(axis) instanceof Dim.Fixed f)) {
            return true;
        }
        List<Integer> parts = s.g.node(idx).inputs();
        for (int k = 0; k < parts.size(); k++) {
            if (s.g.node(parts.get(k)).op() instanceof IntConstant c && (c.value() < 0 || c.value() >= f.value())) {
                x.error(subs.get(at).span(), ArrayMessages.gatherIndexOutOfRange(c.value(), k, f, shape));
                return false;
            }
        }
        return true;
    }

    private static boolean whole(Ast.Expr e) {
        return e instanceof Ast.Slice sl && sl.from() == null && sl.to() == null;
    }
}
