package dev.gradc.lower;

import dev.gradc.diag.ArrayMessages;
import dev.gradc.diag.Messages;
import dev.gradc.diag.Span;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.IntColumn;
import dev.gradc.ops.IntElementwise;
import dev.gradc.ops.IntIndex;
import dev.gradc.ops.IntRows;
import dev.gradc.ops.IntUpdate;
import dev.gradc.syntax.Ast;
import java.util.ArrayList;
import java.util.List;

/**
 * Slices and updates of int arrays, along their first axis: {@code idx[a:b]}, {@code m[a:b]},
 * {@code m[a:b, :]} read ({@link IntRows}); {@code idx[k] = v}, {@code m[i, j] = v}, {@code m[i] = row},
 * {@code idx[a:b] = w} and their {@code op=} forms write ({@link IntUpdate}); a column {@code m[:, j]} is read and
 * written with {@link IntColumn}. Other forms are a positioned error.
 */
final class IntSubscripts {

    private static final int ERR = Lowering.ERR;
    private final Expressions x;
    private final Subscripts subscripts;

    IntSubscripts(Expressions x, Subscripts subscripts) {
        this.x = x;
        this.subscripts = subscripts;
    }

    private static boolean isWhole(Ast.Expr e) {
        return e instanceof Ast.Slice sl && sl.from() == null && sl.to() == null;
    }

    /** Whether the subscripts are {@code [:, j]}: a column of a matrix. */
    private static boolean isColumn(List<Ast.Expr> subs) {
        return subs.size() == 2 && isWhole(subs.get(0)) && !(subs.get(1) instanceof Ast.Slice);
    }

    /** The column number of {@code m[:, j]}, an int (a constant one checked against a fixed dimension), or ERR. */
    private int column(List<Ast.Expr> subs, Shape shape, Scope s, Lowering.Frame frame, Span stmtSpan) {
        Ast.Expr e = subs.get(1);
        int j = x.requireInt(s, x.lower(e, s, frame, stmtSpan), e.span(), "an index");
        if (j != ERR && ConstantIndices.outOfRange(x, e, j, s, frame, 1, shape.dim(1), shape)) {
            return ERR;
        }
        return j;
    }

    /** The slice of the first axis when the subscripts are {@code [a:b]} or {@code [a:b, :]}, else null. */
    private static Ast.Slice rowsSlice(List<Ast.Expr> subs) {
        return subs.get(0) instanceof Ast.Slice sl && (subs.size() == 1 || subs.size() == 2 && isWhole(subs.get(1)))
                ? sl : null;
    }

    /** {@code target[subs]} of an int array with a slice in it. */
    int read(Ast.Index i, int target, Scope s, Lowering.Frame frame, Span stmtSpan) {
        Shape shape = ((Type.IntArray) s.g.type(target)).shape();
        Ast.Slice sl = rowsSlice(i.indices());
        if (i.indices().size() > shape.rank()) {
            x.error(i.span(), Messages.tooManySubscripts(i.indices().size(), shape));
            return ERR;
        }
        if (shape.rank() == 2 && isColumn(i.indices())) { // m[:, j], the column
            int j = column(i.indices(), shape, s, frame, stmtSpan);
            return j == ERR ? ERR : x.apply(s, i.span(), new IntColumn(false), target, j);
        }
        if (sl == null && i.indices().size() == 2 && !(i.indices().get(0) instanceof Ast.Slice)
                && isWhole(i.indices().get(1))) { // m[i, :], the row
            int row = x.requireInt(s, x.lower(i.indices().get(0), s, frame, stmtSpan), i.indices().get(0).span(),
                    "an index");
            return row == ERR ? ERR : x.apply(s, i.span(), new IntIndex(1), target, row);
        }
        if (sl == null) {
            Ast.Expr bad = i.indices().stream().filter(e -> e instanceof Ast.Slice && !isWhole(e)).findFirst()
                    .orElse(i.indices().get(0));
            x.error(bad.span(), ArrayMessages.intArraySlice());
            return ERR;
        }
        Subscripts.SliceAt at = subscripts.slice(sl, shape, 0, shape, s, frame, stmtSpan);
        return at == null ? ERR : x.apply(s, sl.span(), new IntRows(at.length()), target, at.start());
    }

    /** {@code name[subs] op= value;} of an int array: the new value of the name, or ERR after an error. */
    int update(Ast.Update u, int old, Scope s, Lowering.Frame frame) {
        Shape shape = ((Type.IntArray) s.g.type(old)).shape();
        List<Ast.Expr> subs = u.indices();
        if (subs.size() > shape.rank()) {
            x.error(u.nameSpan(), Messages.tooManySubscripts(subs.size(), shape));
            return ERR;
        }
        if (shape.rank() == 2 && isColumn(subs)) {
            return columnUpdate(u, old, shape, s, frame);
        }
        Ast.Slice sl = rowsSlice(subs);
        List<Integer> indices = sl == null ? indices(subs, shape, s, frame, u) : List.of();
        if (indices == null) {
            return ERR;
        }
        Subscripts.SliceAt at = sl == null ? null : subscripts.slice(sl, shape, 0, shape, s, frame, u.span());
        if (sl != null && at == null) {
            return ERR;
        }
        int value = x.lower(u.value(), s, frame, u.span());
        if (value == ERR) {
            return ERR;
        }
        List<Integer> in = new ArrayList<>(List.of(old));
        in.addAll(sl == null ? indices : List.of(at.start()));
        int[] read = in.stream().mapToInt(Integer::intValue).toArray();
        int current = x.apply(s, u.span(), sl == null ? new IntIndex(indices.size()) : new IntRows(at.length()), read);
        value = combined(u, s, current, value);
        if (value == ERR || current == ERR) {
            return ERR;
        }
        in.add(1, value);
        IntUpdate op = sl == null ? IntUpdate.at(indices.size()) : IntUpdate.rows(at.length());
        return x.apply(s, u.span(), op, in.stream().mapToInt(Integer::intValue).toArray());
    }

    /** {@code m[:, j] op= value;}: column j replaced ({@link IntColumn}), an int filling it. */
    private int columnUpdate(Ast.Update u, int old, Shape shape, Scope s, Lowering.Frame frame) {
        int j = column(u.indices(), shape, s, frame, u.span());
        int value = j == ERR ? ERR : x.lower(u.value(), s, frame, u.span());
        if (value == ERR) {
            return ERR;
        }
        int current = x.apply(s, u.span(), new IntColumn(false), old, j);
        value = combined(u, s, current, value);
        return value == ERR || current == ERR ? ERR : x.apply(s, u.span(), new IntColumn(true), old, value, j);
    }

    /** The int indices of {@code m[i, j]}, {@code m[i]}, {@code m[i, :]}; null after a positioned error. */
    private List<Integer> indices(List<Ast.Expr> subs, Shape shape, Scope s, Lowering.Frame frame, Ast.Update u) {
        List<Integer> out = new ArrayList<>();
        boolean ok = true;
        for (int k = 0; k < subs.size(); k++) {
            Ast.Expr e = subs.get(k);
            if (e instanceof Ast.Slice) {
                if (k == 1 && isWhole(e)) {
                    continue;
                }
                x.error(e.span(), ArrayMessages.intArrayUpdateForm());
                return null;
            }
            int v = x.requireInt(s, x.lower(e, s, frame, u.span()), e.span(), "an index");
            if (v != ERR && ConstantIndices.outOfRange(x, e, v, s, frame, k, shape.dim(k), shape)) {
                v = ERR;
            }
            ok &= v != ERR;
            out.add(v);
        }
        return ok ? out : null;
    }

    /**
     * The value written: an int or an int array of the replaced entries' shape (an int fills a row), combined
     * with them for {@code op=}; ERR after a positioned error.
     */
    private int combined(Ast.Update u, Scope s, int current, int value) {
        Type region = s.g.type(current);
        Type given = s.g.type(value);
        if (!(given instanceof Type.Int || given instanceof Type.IntArray)) {
            x.error(u.value().span(), ArrayMessages.intUpdateValue(u.name(), region, given));
            return ERR;
        }
        if (!u.op().equals("=")) {
            Binary op = switch (u.op()) {
                case "+=" -> Binary.ADD;
                case "-=" -> Binary.SUB;
                default -> Binary.MUL;
            };
            value = region instanceof Type.Int && given instanceof Type.Int ? x.apply(s, u.span(), op, current, value)
                    : x.apply(s, u.span(), new IntElementwise(op), current, value);
            given = value == ERR ? given : s.g.type(value);
        } else if (given instanceof Type.Int && region instanceof Type.IntArray) {
            int zeros = x.apply(s, u.span(), new IntElementwise(Binary.MUL), current, s.g.intConstant(0));
            value = x.apply(s, u.span(), new IntElementwise(Binary.ADD), zeros, value); // an int fills the row
            given = value == ERR ? given : s.g.type(value);
        }
        if (value != ERR && !given.equals(region)) {
            x.error(u.value().span(), ArrayMessages.intUpdateValue(u.name(), region, given));
            return ERR;
        }
        return value;
    }
}
