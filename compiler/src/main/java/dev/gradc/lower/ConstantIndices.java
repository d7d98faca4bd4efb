package dev.gradc.lower;

import dev.gradc.diag.Messages;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Shape;
import dev.gradc.ops.IntConstant;
import dev.gradc.syntax.Ast;

/**
 * Subscripts known at compile time to lie outside their axis, reported where they are written: an index whose
 * node is a constant ({@code x[3]}, or {@code i = 3; x[i]}), and one written as an expression of literals and size
 * names ({@code x[1+2]}, {@code x[N]} of a {@code real[N]}) that is negative or at least the dimension for every
 * size. Every form of subscript (reads, updates, columns, int arrays, blocks) asks here, so none is left to an
 * index failure at run time.
 */
final class ConstantIndices {

    private ConstantIndices() {
    }

    /**
     * Whether index {@code e} (lowered to node {@code index} of {@code s}'s graph) of axis {@code axis}, of length
     * {@code dim} in {@code shape}, is out of range for every size; if so, reports it at {@code e}.
     */
    static boolean outOfRange(Expressions x, Ast.Expr e, int index, Scope s, Lowering.Frame frame, int axis, Dim dim,
                              Shape shape) {
        if (s.g.node(index).op() instanceof IntConstant c) {
            if (c.value() < 0 || dim instanceof Dim.Fixed f && c.value() >= f.value()) {
                x.error(e.span(), Messages.constantIndexOutOfRange(c.value(), axis, dim, shape));
                return true;
            }
            return false;
        }
        Dim form = SliceBounds.form(e, frame.sizes(), x.lowering.source);
        if (!SliceBounds.isStatic(form)) {
            return false;
        }
        boolean negative = form.terms().isEmpty() && form.constant() < 0;
        if (negative || atLeast(form, dim)) {
            x.error(e.span(), Messages.constantIndexOutOfRange(x.lowering.source.text(e.span()).replace(" ", ""),
                    form, axis, dim, shape));
            return true;
        }
        return false;
    }

    /** Whether {@code form - dim} is a constant of at least 0: the index is past the end whatever the sizes. */
    private static boolean atLeast(Dim form, Dim dim) {
        try {
            Dim past = Dim.plus(form, -1, dim);
            return past.terms().isEmpty() && past.constant() >= 0;
        } catch (ArithmeticException overflow) {
            return false;
        }
    }
}
