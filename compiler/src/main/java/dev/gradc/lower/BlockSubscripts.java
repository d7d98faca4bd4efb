package dev.gradc.lower;

import dev.gradc.diag.Span;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Shape;
import dev.gradc.ops.Block;
import dev.gradc.ops.BlockUpdate;
import dev.gradc.syntax.Ast;
import java.util.List;

/**
 * Blocks of a matrix read and written through subscripts: {@code x[a:b, c:d]}, {@code x[a:b, j]} (the part of a
 * column) and {@code x[:, c:d]} (columns), and their update statements, as {@link Block} and
 * {@link BlockUpdate}: O(block), never a transpose of the whole matrix.
 */
final class BlockSubscripts {

    private static final int ERR = Lowering.ERR;
    private final Expressions x;
    private final Subscripts subscripts;

    BlockSubscripts(Expressions x, Subscripts subscripts) {
        this.x = x;
        this.subscripts = subscripts;
    }

    /** Where a block's subscripts put it: the starts of its rows and columns, its extent, and whether a column's. */
    private record At(int a, int c, Dim rows, Dim cols, boolean column) {

        Block read() {
            return new Block(rows, cols, column);
        }
    }

    /**
     * Whether subs on a value of shape are a block: a bounded slice, then a bounded slice or an index; or ':',
     * then a bounded slice.
     */
    static boolean isBlock(List<Ast.Expr> subs, Shape shape) {
        if (shape.rank() != 2 || subs.size() != 2) {
            return false;
        }
        Ast.Expr first = subs.get(0);
        Ast.Expr second = subs.get(1);
        return isRange(first) && (isRange(second) || !(second instanceof Ast.Slice))
                || isWhole(first) && isRange(second);
    }

    private static boolean isWhole(Ast.Expr e) {
        return e instanceof Ast.Slice sl && sl.from() == null && sl.to() == null;
    }

    private static boolean isRange(Ast.Expr e) {
        return e instanceof Ast.Slice && !isWhole(e);
    }

    /** The block subs select, each subscript lowered and checked in order; null after a positioned error. */
    private At at(List<Ast.Expr> subs, Shape shape, Scope s, Lowering.Frame frame, Span stmtSpan) {
        Ast.Expr first = subs.get(0);
        Ast.Expr second = subs.get(1);
        int a = s.g.intConstant(0);
        Dim rows = shape.dim(0);
        if (!isWhole(first)) {
            Subscripts.SliceAt r = subscripts.slice((Ast.Slice) first, shape, 0, shape, s, frame, stmtSpan);
            if (r == null) {
                return null;
            }
            a = r.start();
            rows = r.length();
        }
        if (second instanceof Ast.Slice sl) {
            Subscripts.SliceAt c = subscripts.slice(sl, new Shape(List.of(shape.dim(1))), 1, shape, s, frame, stmtSpan);
            return c == null ? null : new At(a, c.start(), rows, c.length(), false);
        }
        int j = x.requireInt(s, x.lower(second, s, frame, stmtSpan), second.span(), "an index");
        if (j != ERR && ConstantIndices.outOfRange(x, second, j, s, frame, 1, shape.dim(1), shape)) {
            return null;
        }
        return j == ERR ? null : new At(a, j, rows, Dim.of(1), true);
    }

    /** {@code target[subs]}, a block read. */
    int read(List<Ast.Expr> subs, int target, Scope s, Lowering.Frame frame, Span stmtSpan, Span span) {
        At b = at(subs, s.g.shape(target), s, frame, stmtSpan);
        return b == null ? ERR : x.apply(s, span, b.read(), target, b.a(), b.c());
    }

    /** {@code name[subs] op= value;} on a block: the new value of the matrix, or ERR. */
    int update(Ast.Update u, int old, Shape shape, Scope s, Lowering.Frame frame) {
        At b = at(u.indices(), shape, s, frame, u.span());
        int value = x.lower(u.value(), s, frame, u.span());
        value = value == ERR ? ERR : x.real(s, value, u.value().span(), "'" + u.op() + "'");
        if (b == null || value == ERR) {
            return ERR;
        }
        // the entries replaced are read only for op=: a plain write checks its bounds itself
        int current = u.op().equals("=") ? ERR : x.apply(s, u.span(), b.read(), old, b.a(), b.c());
        Shape region = ((dev.gradc.ir.Type.Real) b.read().inferType(List.of(s.g.type(old), s.g.type(b.a()),
                s.g.type(b.c())))).shape();
        value = subscripts.combined(u, s, current, region, value);
        if (value == ERR) {
            return ERR;
        }
        value = s.g.shape(value).isScalar() ? subscripts.broadcast(s, value, region) : value;
        return x.apply(s, u.span(), new BlockUpdate(), old, value, b.a(), b.c());
    }
}
