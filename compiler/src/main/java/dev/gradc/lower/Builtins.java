package dev.gradc.lower;

import dev.gradc.diag.Messages;
import dev.gradc.diag.Span;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Broadcast;
import dev.gradc.ops.Detach;
import dev.gradc.ops.Fill;
import dev.gradc.ops.Matmul;
import dev.gradc.ops.ReduceMax;
import dev.gradc.ops.ReduceSum;
import dev.gradc.ops.Transpose;
import dev.gradc.ops.Unary;
import dev.gradc.ops.Where;
import dev.gradc.syntax.Ast;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The language's built-in functions (LANGUAGE.md §2), each lowered to primitives, and calls of the
 * module's earlier functions, inlined. The table below is the explicit list of builtins.
 */
final class Builtins {

    private static final int ERR = Lowering.ERR;

    /** Elementwise builtins that map to one {@link Unary} op. */
    private static final Map<String, Unary> UNARY = Map.ofEntries(
            Map.entry("sin", Unary.SIN), Map.entry("cos", Unary.COS), Map.entry("tan", Unary.TAN),
            Map.entry("exp", Unary.EXP), Map.entry("log", Unary.LOG), Map.entry("sqrt", Unary.SQRT),
            Map.entry("tanh", Unary.TANH), Map.entry("sigmoid", Unary.SIGMOID), Map.entry("relu", Unary.RELU),
            Map.entry("abs", Unary.ABS));

    /** Every builtin name, for "did you mean" suggestions. */
    static final List<String> NAMES = List.of("sin", "cos", "tan", "exp", "log", "sqrt", "tanh", "sigmoid",
            "relu", "abs", "square", "pow", "min", "max", "sum", "mean", "norm", "maxval", "dot", "logsumexp",
            "softmax", "transpose", "zeros", "ones", "detach", "cond", "where");

    private final Expressions x;

    Builtins(Expressions expressions) {
        this.x = expressions;
    }

    int call(Ast.Call c, Scope s, Lowering.Frame frame, Span stmtSpan) {
        String f = c.callee();
        int n = c.args().size();
        Ast.Function user = x.lowering.functions.get(f);
        if (user != null) {
            return inline(user, c, s, frame, stmtSpan); // the module's own function wins over a builtin's name
        }
        if (f.equals("cond")) {
            if (!arity(c, 3, 3)) {
                return ERR;
            }
            int p = x.requireCondition(s, x.lower(c.args().get(0), s, frame, stmtSpan), c.args().get(0).span(), "cond");
            return x.lowering.condExpression(p, c.args().get(1), c.args().get(2), s, frame, c.span());
        }
        if (f.equals("zeros") || f.equals("ones")) {
            Shape shape = shapeArgs(c, frame);
            return shape == null ? ERR : s.g.apply(new Fill(f.equals("ones") ? 1 : 0, shape));
        }
        boolean builtin = UNARY.containsKey(f) || NAMES.contains(f);
        if (!builtin) {
            TreeSet<String> known = new TreeSet<>(NAMES);
            known.addAll(x.lowering.functions.keySet());
            x.error(c.calleeSpan(), Messages.unknownFunction(f, known));
            return ERR;
        }
        List<Integer> args = new ArrayList<>();
        int axis = Integer.MIN_VALUE;
        boolean axisAllowed = List.of("sum", "mean", "maxval", "logsumexp", "softmax").contains(f);
        for (int k = 0; k < n; k++) {
            if (axisAllowed && k == 1) {
                axis = axisLiteral(c, c.args().get(1));
                if (axis == ERR) {
                    return ERR;
                }
                continue;
            }
            args.add(x.lower(c.args().get(k), s, frame, stmtSpan));
        }
        if (args.contains(ERR)) {
            return ERR;
        }
        Span at = c.span();
        if (UNARY.containsKey(f)) {
            return arity(c, 1, 1) ? x.apply(s, at, UNARY.get(f), x.real(s, args.get(0), c.args().get(0).span(), f)) : ERR;
        }
        return switch (f) {
            case "square" -> {
                if (!arity(c, 1, 1)) {
                    yield ERR;
                }
                int v = x.real(s, args.get(0), at, f);
                yield x.apply(s, at, Binary.MUL, v, v);
            }
            case "pow", "min", "max" -> arity(c, 2, 2) ? x.apply(s, at,
                    f.equals("pow") ? Binary.POW : f.equals("min") ? Binary.MIN : Binary.MAX,
                    x.real(s, args.get(0), at, f), x.real(s, args.get(1), at, f)) : ERR;
            case "detach" -> arity(c, 1, 1) ? x.apply(s, at, new Detach(), args.get(0)) : ERR;
            case "transpose" -> arity(c, 1, 1) ? x.apply(s, at, new Transpose(), x.real(s, args.get(0), at, f)) : ERR;
            case "where" -> arity(c, 3, 3) ? x.apply(s, at, Where.INSTANCE, args.get(0),
                    x.real(s, args.get(1), at, f), x.real(s, args.get(2), at, f)) : ERR;
            case "dot" -> arity(c, 2, 2) ? dot(s, at, x.real(s, args.get(0), at, f), x.real(s, args.get(1), at, f)) : ERR;
            case "norm" -> arity(c, 1, 1) ? norm(s, at, x.real(s, args.get(0), at, f)) : ERR;
            default -> arity(c, 1, 2) ? reduction(f, s, at, x.real(s, args.get(0), at, f), axis) : ERR;
        };
    }

    private boolean arity(Ast.Call c, int min, int max) {
        int n = c.args().size();
        if (n < min || n > max) {
            x.error(c.span(), min == max ? Messages.argumentCount(c.callee(), min, n)
                    : Messages.argumentCountRange(c.callee(), min + " or " + max, n));
            return false;
        }
        return true;
    }

    private int axisLiteral(Ast.Call c, Ast.Expr e) {
        boolean negative = e instanceof Ast.Unary u && u.op().equals("-");
        Ast.Expr inner = negative ? ((Ast.Unary) e).operand() : e;
        if (inner instanceof Ast.Number num && num.integral()) {
            return negative ? -(int) num.value() : (int) num.value();
        }
        x.error(e.span(), Messages.axisLiteral(c.callee()));
        return ERR;
    }

    private int dot(Scope s, Span at, int a, int b) {
        if (a == ERR || b == ERR) {
            return ERR;
        }
        if (s.g.shape(a).rank() == 1 && s.g.shape(b).rank() == 1) {
            return x.apply(s, at, Matmul.PLAIN, a, b);
        }
        return s.g.sumAll(x.apply(s, at, Binary.MUL, a, b));
    }

    private int norm(Scope s, Span at, int v) {
        if (v == ERR) {
            return ERR;
        }
        if (s.g.shape(v).isScalar()) {
            return s.g.unary(Unary.ABS, v);
        }
        // sqrt(sum(v*v)) with norm'(0) = 0 (as PyTorch): where the sum is 0 the sqrt reads 1 instead, so its
        // derivative is finite there and the where sends it no adjoint; NaN sums stay NaN.
        int sum = s.g.sumAll(s.g.mul(v, v));
        int nonzero = s.g.compare(dev.gradc.ops.Compare.NE, sum, s.g.constant(0));
        int safe = s.g.where(nonzero, sum, s.g.constant(1));
        return s.g.where(nonzero, s.g.unary(Unary.SQRT, safe), s.g.constant(0));
    }

    /** sum, mean, maxval, logsumexp, softmax: over everything, or over one axis. */
    private int reduction(String f, Scope s, Span at, int v, int axis) {
        if (v == ERR) {
            return ERR;
        }
        Shape shape = s.g.shape(v);
        List<Integer> axes = new ArrayList<>();
        if (axis == Integer.MIN_VALUE) {
            if (f.equals("softmax")) {
                if (shape.rank() > 0) {
                    axes.add(shape.rank() - 1);
                }
            } else {
                axes.addAll(ReduceSum.all(shape.rank()).axes());
            }
        } else {
            int a = axis < 0 ? axis + shape.rank() : axis;
            if (a < 0 || a >= shape.rank()) {
                x.error(at, Messages.axisOutOfRange(axis, shape));
                return ERR;
            }
            axes.add(a);
        }
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < shape.rank(); i++) {
            if (!axes.contains(i)) {
                kept.add(i);
            }
        }
        return switch (f) {
            case "sum" -> s.g.sum(v, axes);
            case "mean" -> {
                List<Dim> reduced = new ArrayList<>();
                for (int a : axes) {
                    reduced.add(shape.dim(a));
                }
                yield s.g.div(s.g.sum(v, axes), x.count(s, new Shape(reduced)));
            }
            case "maxval" -> axes.isEmpty() ? v : s.g.apply(new ReduceMax(axes), v);
            case "logsumexp" -> {
                if (axes.isEmpty()) {
                    yield v;
                }
                int top = s.g.apply(new Detach(), s.g.apply(new ReduceMax(axes), v));
                // shift by the maximum only where it is finite (as JAX and the tape do): with an infinite one,
                // v - m would be inf - inf = NaN, where logsumexp([inf, 0]) is inf and logsumexp([-inf, -inf]) -inf
                int finite = s.g.compare(dev.gradc.ops.Compare.EQ, s.g.sub(top, top), s.g.constant(0.0));
                int m = s.g.where(finite, top, s.g.constant(0.0));
                int shifted = s.g.sub(v, s.g.apply(new Broadcast(shape, kept), m));
                yield s.g.add(m, s.g.unary(Unary.LOG, s.g.sum(s.g.unary(Unary.EXP, shifted), axes)));
            }
            default -> { // softmax
                if (axes.isEmpty()) {
                    yield s.g.select(s.g.compare(dev.gradc.ops.Compare.EQ, v, v), 1, 1);
                }
                int m = s.g.apply(new Detach(), s.g.apply(new ReduceMax(axes), v));
                int e = s.g.unary(Unary.EXP, s.g.sub(v, s.g.apply(new Broadcast(shape, kept), m)));
                yield s.g.div(e, s.g.apply(new Broadcast(shape, kept), s.g.sum(e, axes)));
            }
        };
    }

    private Shape shapeArgs(Ast.Call c, Lowering.Frame frame) {
        if (c.args().isEmpty()) {
            x.error(c.span(), Messages.argumentCountRange(c.callee(), "1 or more", 0));
            return null;
        }
        List<Dim> dims = new ArrayList<>();
        for (Ast.Expr e : c.args()) {
            if (e instanceof Ast.Number num && num.integral() && num.value() > 0) {
                dims.add(new Dim.Fixed((int) num.value()));
            } else if (e instanceof Ast.Name name && frame.sizes().containsKey(name.name())) {
                dims.add(frame.sizes().get(name.name()));
            } else {
                x.error(e.span(), Messages.sizeArgument(c.callee()));
                return null;
            }
        }
        Shape shape = new Shape(dims);
        return Lowering.fitsInArray(shape, c.span(), x.lowering.diagnostics) ? shape : null;
    }

    /** Inlines a call of an earlier function: binds its size names from the arguments' shapes. */
    private int inline(Ast.Function callee, Ast.Call c, Scope s, Lowering.Frame frame, Span stmtSpan) {
        if (c.args().size() != callee.params().size()) {
            x.error(c.span(), Messages.argumentCount(callee.name(), callee.params().size(), c.args().size()));
            return ERR;
        }
        List<Integer> args = new ArrayList<>();
        for (Ast.Expr e : c.args()) {
            args.add(x.lower(e, s, frame, stmtSpan));
        }
        if (args.contains(ERR)) {
            return ERR;
        }
        Map<String, Dim> sizes = new LinkedHashMap<>();
        Scope inner = new Scope(s.g);
        for (int k = 0; k < args.size(); k++) {
            Ast.Param p = callee.params().get(k);
            int a = args.get(k);
            if (p.type().base().equals("real")) {
                a = x.real(s, a, c.args().get(k).span(), "argument '" + p.name() + "'");
                if (a == ERR) {
                    return ERR;
                }
                Shape actual = s.g.shape(a);
                if (!bind(p, actual, sizes, callee, c.args().get(k).span())) {
                    return ERR;
                }
            }
            Type expected = x.lowering.type(p.type(), new Lowering.Frame(callee, sizes));
            if (expected == null || !expected.equals(s.g.type(a))) {
                x.error(c.args().get(k).span(), Messages.argumentType(callee.name(), p.name(), expected, s.g.type(a)));
                return ERR;
            }
            inner.vars.put(p.name(), a);
        }
        for (Ast.SizeParam sp : callee.sizes()) {
            sizes.putIfAbsent(sp.name(), new Dim.Named(sp.name()));
        }
        int result = x.lowering.body(callee.body(), inner, new Lowering.Frame(callee, sizes));
        if (result == ERR) {
            return ERR;
        }
        Type declared = x.lowering.type(callee.returnType(), new Lowering.Frame(callee, sizes));
        return x.coerce(s, result, declared, c.span(), Messages.returnType(callee.name(), declared, s.g.type(result)));
    }

    private boolean bind(Ast.Param p, Shape actual, Map<String, Dim> sizes, Ast.Function callee, Span at) {
        List<Ast.Dim> dims = p.type().dims();
        if (dims.size() != actual.rank()) {
            return true; // reported by the type comparison that follows
        }
        for (int i = 0; i < dims.size(); i++) {
            Ast.Dim d = dims.get(i);
            if (d.isName()) {
                Dim prev = sizes.putIfAbsent(d.text(), actual.dim(i));
                if (prev != null && !prev.equals(actual.dim(i))) {
                    x.error(at, Messages.sizeMismatch(d.text(), prev, actual.dim(i)));
                    return false;
                }
            }
        }
        return true;
    }
}
