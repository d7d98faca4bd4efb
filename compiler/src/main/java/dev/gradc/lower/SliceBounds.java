package dev.gradc.lower;

import dev.gradc.diag.SourceFile;
import dev.gradc.ir.Dim;
import dev.gradc.syntax.Ast;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;

/**
 * The bounds of a slice as affine forms, to find its length at compile time: size names stand for their
 * sizes, every other name or non-affine part ({@code i}, {@code f(i)}) for an unknown int written
 * {@code #i}, so {@code i+3 - i} is 3 while {@code j - i} stays unknown.
 */
final class SliceBounds {

    /** Marks an unknown int in a bound's form. */
    static final String UNKNOWN = "#";

    private SliceBounds() {
    }

    static Dim form(Ast.Expr root, Map<String, Dim> sizes, SourceFile source) {
        Deque<Object> work = new ArrayDeque<>();
        Deque<Dim> values = new ArrayDeque<>();
        work.push(root);
        while (!work.isEmpty()) {
            Object o = work.pop();
            if (o instanceof Ast.Binary b && (b.op().equals("+") || b.op().equals("-") || b.op().equals("*"))) {
                work.push(b);
                work.push(b.op());
                work.push(b.right());
                work.push(b.left());
            } else if (o instanceof Ast.Unary u && u.op().equals("-")) {
                work.push("neg");
                work.push(u.operand());
            } else if (o instanceof String op) {
                Dim r = op.equals("neg") ? null : values.pop();
                Dim l = values.pop();
                Dim v = combine(op, l, r);
                if (!op.equals("neg")) {
                    Ast.Binary b = (Ast.Binary) work.pop();
                    values.push(v != null ? v : opaque(b, source));
                } else {
                    values.push(v);
                }
            } else if (o instanceof Ast.Number n && n.integral()) {
                values.push(new Dim.Fixed((int) n.value()));
            } else if (o instanceof Ast.Name n && sizes.containsKey(n.name())) {
                values.push(sizes.get(n.name()));
            } else if (o instanceof Ast.Name n) {
                values.push(new Dim.Named(UNKNOWN + n.name()));
            } else {
                values.push(opaque((Ast.Expr) o, source));
            }
        }
        return values.pop();
    }

    private static Dim opaque(Ast.Expr e, SourceFile source) {
        String text = source.text(e.span()).replace(" ", "");
        return new Dim.Named(UNKNOWN + (text.isEmpty() ? e.toString() : text));
    }

    private static Dim combine(String op, Dim l, Dim r) {
        try {
            return switch (op) {
                case "neg" -> Dim.times(-1, l);
                case "+" -> Dim.plus(l, 1, r);
                case "-" -> Dim.plus(l, -1, r);
                default -> l.terms().isEmpty() ? Dim.times(l.constant(), r)
                        : r.terms().isEmpty() ? Dim.times(r.constant(), l) : null;
            };
        } catch (ArithmeticException e) {
            return null;
        }
    }

    /** True when a form has no unknown int in it (only literals and size names). */
    static boolean isStatic(Dim d) {
        return d.terms().keySet().stream().noneMatch(n -> n.startsWith(UNKNOWN));
    }

    /** The unknown ints of a form, as written ({@code i}, {@code f(i)}). */
    static String unknowns(Dim d) {
        return String.join("', '", d.terms().keySet().stream().filter(n -> n.startsWith(UNKNOWN))
                .map(n -> n.substring(UNKNOWN.length())).toList());
    }
}
