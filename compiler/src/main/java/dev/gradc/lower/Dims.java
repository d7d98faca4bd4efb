package dev.gradc.lower;

import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.Messages;
import dev.gradc.ir.Dim;
import dev.gradc.syntax.Ast;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * Evaluates a dimension written in a type ({@code 4}, {@code N}, {@code 2*N+1}, {@code N+M-1}) to a
 * simplified {@link Dim}, with size names replaced by what they are bound to; anything that is not affine in
 * the size names (a product of two names, a division, a real number) is reported at its position.
 */
public final class Dims {

    private Dims() {
    }

    /** A checked program's declared dimension in its own size names ({@code 2*N+1}); null if it is not one. */
    public static Dim declared(Ast.Dim d, java.util.Collection<String> sizeNames) {
        Map<String, Dim> own = new java.util.LinkedHashMap<>();
        sizeNames.forEach(n -> own.put(n, new Dim.Named(n)));
        return of(d, own, new Diagnostics());
    }

    /** The dimension, or null after reporting why it is not one. */
    static Dim of(Ast.Dim d, Map<String, Dim> sizes, Diagnostics diagnostics) {
        Dim v = eval(d.expr(), d.text(), sizes, diagnostics);
        if (v == null) {
            return null;
        }
        if (v instanceof Dim.Fixed f && f.value() <= 0) {
            String bindings = bindings(d.expr(), sizes);
            diagnostics.error(d.span(), bindings.isEmpty() ? Messages.badDimension(d.text())
                    : Messages.boundDimensionNotPositive(d.text(), f.value(), bindings));
            return null;
        }
        if (v instanceof Dim.Affine a && writtenAsIs(d.expr(), sizes)) {
            return new Dim.Affine(a.constant(), a.terms(), d.text().replace(" ", ""));
        }
        return v;
    }

    /** {@code N=2, M=3}: the size names the expression uses that are bound to numbers, in name order. */
    private static String bindings(Ast.Expr e, Map<String, Dim> sizes) {
        java.util.TreeMap<String, Integer> used = new java.util.TreeMap<>();
        Deque<Ast.Expr> work = new ArrayDeque<>();
        work.push(e);
        while (!work.isEmpty()) {
            Ast.Expr x = work.pop();
            if (x instanceof Ast.Name n && sizes.get(n.name()) instanceof Dim.Fixed f) {
                used.put(n.name(), f.value());
            } else if (x instanceof Ast.Binary b) {
                work.push(b.left());
                work.push(b.right());
            } else if (x instanceof Ast.Unary u) {
                work.push(u.operand());
            }
        }
        StringBuilder b = new StringBuilder();
        used.forEach((n, v) -> b.append(b.length() == 0 ? "" : ", ").append(n).append('=').append(v));
        return b.toString();
    }

    /** True when every size name in the expression stands for itself (so the written text is still true). */
    private static boolean writtenAsIs(Ast.Expr e, Map<String, Dim> sizes) {
        Deque<Ast.Expr> work = new ArrayDeque<>();
        work.push(e);
        while (!work.isEmpty()) {
            Ast.Expr x = work.pop();
            if (x instanceof Ast.Name n && !new Dim.Named(n.name()).equals(sizes.get(n.name()))) {
                return false;
            } else if (x instanceof Ast.Binary b) {
                work.push(b.left());
                work.push(b.right());
            } else if (x instanceof Ast.Unary u) {
                work.push(u.operand());
            }
        }
        return true;
    }

    /**
     * Evaluates iteratively (a dimension may be long): operands are pushed, results popped, as a postfix
     * machine over the expression tree.
     */
    private static Dim eval(Ast.Expr root, String text, Map<String, Dim> sizes, Diagnostics diagnostics) {
        Deque<Object> work = new ArrayDeque<>();
        Deque<Dim> values = new ArrayDeque<>();
        work.push(root);
        while (!work.isEmpty()) {
            Object o = work.pop();
            if (o instanceof Ast.Binary b && (b.op().equals("+") || b.op().equals("-") || b.op().equals("*"))) {
                work.push(b.op());
                work.push(b.right());
                work.push(b.left());
            } else if (o instanceof Ast.Unary u && !u.op().equals("!")) {
                work.push(u.op().equals("-") ? "neg" : "pos");
                work.push(u.operand());
            } else if (o instanceof String op) {
                Dim r = op.equals("neg") || op.equals("pos") ? null : values.pop();
                Dim l = values.pop();
                Dim v = combine(op, l, r);
                if (v == null) {
                    diagnostics.error(spanOf(root), Messages.nonAffineDimension(text));
                    return null;
                }
                values.push(v);
            } else if (o instanceof Ast.Number n && n.integral()) {
                values.push(new Dim.Fixed((int) n.value()));
            } else if (o instanceof Ast.Name n) {
                Dim bound = sizes.get(n.name());
                if (bound == null) {
                    diagnostics.error(n.span(), Messages.unknownSize(n.name()));
                    return null;
                }
                values.push(bound);
            } else if (o instanceof Ast.Number n) {
                diagnostics.error(n.span(), Messages.badDimension(n.text()));
                return null;
            } else {
                Ast.Expr e = (Ast.Expr) o;
                diagnostics.error(e.span(), Messages.badDimensionPart(text));
                return null;
            }
        }
        return values.pop();
    }

    private static Dim combine(String op, Dim l, Dim r) {
        try {
            return switch (op) {
                case "neg" -> Dim.times(-1, l);
                case "pos" -> l;
                case "+" -> Dim.plus(l, 1, r);
                case "-" -> Dim.plus(l, -1, r);
                default -> l.terms().isEmpty() ? Dim.times(l.constant(), r)
                        : r.terms().isEmpty() ? Dim.times(r.constant(), l) : null;
            };
        } catch (ArithmeticException e) {
            return null;
        }
    }

    private static dev.gradc.diag.Span spanOf(Ast.Expr e) {
        return e.span();
    }
}
