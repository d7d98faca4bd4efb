package dev.gradc.lower;

import dev.gradc.diag.Messages;
import dev.gradc.diag.Span;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.Builtin;
import dev.gradc.ops.Fill;
import dev.gradc.ops.OpError;
import dev.gradc.ops.Registry;
import dev.gradc.syntax.Ast;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Calls: of the language's built-in functions, each lowered as its {@link Registry} entry says (the
 * registry is the one list of builtins), and of the module's earlier functions, inlined.
 */
final class Builtins {

    private static final int ERR = Lowering.ERR;

    private final Expressions x;

    Builtins(Expressions expressions) {
        this.x = expressions;
    }

    int call(Ast.Call c, Scope s, Lowering.Frame frame, Span stmtSpan) {
        String f = c.callee();
        Ast.Function user = x.lowering.functions.get(f);
        if (user != null) {
            return inline(user, c, s, frame, stmtSpan); // the module's own function wins over a builtin's name
        }
        Builtin b = Registry.lookup(f);
        if (b != null && b.kind() == Builtin.Kind.OPERATOR) {
            b = null;
        }
        if (f.equals("cond")) {
            if (!arity(c, 3, 3)) {
                return ERR;
            }
            int p = x.requireCondition(s, x.lower(c.args().get(0), s, frame, stmtSpan), c.args().get(0).span(), "cond");
            return x.lowering.regions.condExpression(p, c.args().get(1), c.args().get(2), s, frame, c.span());
        }
        if (f.equals("zeros") || f.equals("ones")) {
            Shape shape = shapeArgs(c, frame);
            return shape == null ? ERR : s.g.apply(new Fill(f.equals("ones") ? 1 : 0, shape));
        }
        if (f.equals("range")) {
            Shape shape = c.args().size() == 1 ? shapeArgs(c, frame) : null;
            if (c.args().size() != 1) {
                x.error(c.span(), Messages.argumentCount(f, 1, c.args().size()));
            }
            return shape == null ? ERR : s.g.apply(new dev.gradc.ops.Range(shape.dim(0)));
        }
        if (f.equals("reshape")) {
            return reshape(c, s, frame, stmtSpan);
        }
        if (f.equals("scatter_add")) {
            return arity(c, 3, 3) ? scatterAdd(c, s, frame, stmtSpan) : ERR;
        }
        if (b == null) {
            TreeSet<String> known = new TreeSet<>(Registry.functionNames());
            known.addAll(x.lowering.functions.keySet());
            x.error(c.calleeSpan(), Messages.unknownFunction(f, known));
            return ERR;
        }
        return builtin(b, c, s, frame, stmtSpan);
    }

    /** A call of a registry entry: arity, the axis literal, the sizes, the arguments promoted where it takes reals. */
    private int builtin(Builtin b, Ast.Call c, Scope s, Lowering.Frame frame, Span stmtSpan) {
        boolean variadic = Registry.isVariadic(b.name());
        if (!arity(c, variadic ? 1 : b.required(), variadic ? Integer.MAX_VALUE : b.maxArgs())) {
            return ERR;
        }
        int axis = Builtin.NO_AXIS;
        List<Integer> args = new ArrayList<>();
        List<Span> spans = new ArrayList<>();
        List<Dim> sizes = new ArrayList<>();
        boolean failed = false;
        for (int k = 0; k < c.args().size(); k++) {
            Ast.Expr e = c.args().get(k);
            switch (param(b, k)) {
                case AXIS -> {
                    axis = axisLiteral(c, e);
                    failed |= axis == ERR;
                }
                case SIZE -> {
                    Dim d = sizeArg(c, e, frame);
                    failed |= d == null;
                    sizes.add(d);
                }
                case REAL -> {
                    int v = x.lower(e, s, frame, stmtSpan); // promoted below, unless an int form takes it
                    failed |= v == ERR;
                    args.add(v);
                    spans.add(e.span());
                }
                default -> {
                    int v = x.lower(e, s, frame, stmtSpan);
                    failed |= v == ERR;
                    args.add(v);
                    spans.add(null);
                }
            }
        }
        if (failed) {
            return ERR;
        }
        if (IntForms.applies(x, s, b, args)) {
            return IntForms.lower(x, s, b, args, spans, axis, c.span());
        }
        for (int k = 0; k < args.size(); k++) {
            if (spans.get(k) != null) { // a real parameter's argument
                int v = x.real(s, args.get(k), spans.get(k), b.name());
                failed |= v == ERR;
                args.set(k, v);
            }
        }
        if (failed) {
            return ERR;
        }
        int[] in = args.stream().mapToInt(Integer::intValue).toArray();
        try {
            return b.takesSizes() ? b.sized().lower(s.g, in, sizes) : b.lower().lower(s.g, in, axis);
        } catch (OpError e) {
            x.error(c.span(), e.getMessage());
            return ERR;
        }
    }

    /** {@code reshape(x, N, M, ...)}: the sizes as for {@code zeros}, the number of entries checked. */
    private int reshape(Ast.Call c, Scope s, Lowering.Frame frame, Span stmtSpan) {
        if (c.args().size() < 2) {
            x.error(c.span(), Messages.argumentCountRange(c.callee(), "2 or more", c.args().size()));
            return ERR;
        }
        int v = x.real(s, x.lower(c.args().get(0), s, frame, stmtSpan), c.args().get(0).span(), "reshape");
        Shape shape = shapeArgs(c.args().subList(1, c.args().size()), c, frame);
        if (v == ERR || shape == null) {
            return ERR;
        }
        return x.apply(s, c.span(), new dev.gradc.ops.Reshape(shape), v);
    }

    /** {@code scatter_add(base, idx, v)}: base plus the rows of v added at the rows idx names. */
    private int scatterAdd(Ast.Call c, Scope s, Lowering.Frame frame, Span stmtSpan) {
        int base = x.lower(c.args().get(0), s, frame, stmtSpan);
        int idx = x.lower(c.args().get(1), s, frame, stmtSpan);
        int v = x.lower(c.args().get(2), s, frame, stmtSpan);
        base = x.real(s, base, c.args().get(0).span(), "scatter_add");
        v = x.real(s, v, c.args().get(2).span(), "scatter_add");
        if (idx != ERR && !(s.g.type(idx) instanceof Type.IntArray)) {
            x.error(c.args().get(1).span(), dev.gradc.diag.ArrayMessages.realWhereIntArrayNeeded("scatter_add's indices",
                    s.g.type(idx)));
            return ERR;
        }
        if (base == ERR || idx == ERR || v == ERR) {
            return ERR;
        }
        int added = x.apply(s, c.span(), new dev.gradc.ops.ScatterAdd(s.g.shape(base)), v, idx);
        boolean zeros = s.g.node(base).op() instanceof Fill fill && fill.value() == 0;
        return added == ERR || zeros ? added : s.g.add(base, added);
    }

    /** What parameter k takes; the last one repeats for a variadic entry ({@code concat(a, b, c)}). */
    private static Builtin.Arg param(Builtin b, int k) {
        return b.params().get(Math.min(k, b.params().size() - 1));
    }

    private boolean arity(Ast.Call c, int min, int max) {
        int n = c.args().size();
        if (max == Integer.MAX_VALUE && n < min) {
            x.error(c.span(), Messages.argumentCountRange(c.callee(), min + " or more", n));
            return false;
        }
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

    private Shape shapeArgs(Ast.Call c, Lowering.Frame frame) {
        if (c.args().isEmpty()) {
            x.error(c.span(), Messages.argumentCountRange(c.callee(), "1 or more", 0));
            return null;
        }
        return shapeArgs(c.args(), c, frame);
    }

    private Shape shapeArgs(List<Ast.Expr> args, Ast.Call c, Lowering.Frame frame) {
        List<Dim> dims = new ArrayList<>();
        for (Ast.Expr e : args) {
            Dim d = sizeArg(c, e, frame);
            if (d == null) {
                return null;
            }
            dims.add(d);
        }
        Shape shape = new Shape(dims);
        return DeclaredTypes.fitsInArray(shape, c.span(), x.lowering.diagnostics) ? shape : null;
    }

    /** A size argument: a positive integer literal, a size name or an affine expression of them; null after an error. */
    private Dim sizeArg(Ast.Call c, Ast.Expr e, Lowering.Frame frame) {
        if (e instanceof Ast.Number num && num.integral() && num.value() > 0) {
            return new Dim.Fixed((int) num.value());
        } else if (e instanceof Ast.Name name && frame.sizes().containsKey(name.name())) {
            return frame.sizes().get(name.name());
        } else if (e instanceof Ast.Number num) {
            x.error(e.span(), Messages.sizeNotPositive(c.callee(), num.text()));
        } else if (e instanceof Ast.Binary || e instanceof Ast.Unary) {
            return Dims.of(new Ast.Dim(e, x.lowering.source.text(e.span()), e.span()), frame.sizes(),
                    x.lowering.diagnostics);
        } else {
            x.error(e.span(), Messages.sizeArgument(c.callee()));
        }
        return null;
    }

    /** Inlines a call of an earlier function: binds its size names from the arguments' shapes. */
    int inline(Ast.Function callee, Ast.Call c, Scope s, Lowering.Frame frame, Span stmtSpan) {
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
        for (int k = 0; k < args.size(); k++) {
            if (callee.params().get(k).type().base().equals("real")) {
                int a = x.isNumber(s, args.get(k)) ? x.promote(s, args.get(k))
                        : x.real(s, args.get(k), c.args().get(k).span(), "argument '" + callee.params().get(k).name() + "'");
                if (a == ERR) {
                    return ERR;
                }
                args.set(k, a);
            }
        }
        Integer shared = x.lowering.calls.shared(callee, args, s);
        if (shared != null) {
            return shared;
        }
        Map<String, Dim> sizes = CallSizes.bind(callee, args, s, c, x);
        if (sizes == null) {
            return ERR;
        }
        Lowering.Frame calleeFrame = new Lowering.Frame(callee, sizes);
        Scope inner = new Scope(s.g);
        for (int k = 0; k < args.size(); k++) {
            Ast.Param p = callee.params().get(k);
            int a = args.get(k);
            Type expected = x.lowering.types.of(p.type(), calleeFrame);
            if (expected == null || !expected.equals(s.g.type(a))) {
                x.error(c.args().get(k).span(), Messages.argumentType(callee.name(), p.name(), expected, s.g.type(a)));
                return ERR;
            }
            inner.vars.put(p.name(), a);
        }
        List<Integer> bound = List.copyOf(args); // the parameters' names are distinct (ModuleChecker)
        CheckedCalls checked = x.lowering.checked;
        return x.lowering.calls.inlined(callee, bound, s, c.span(), () -> {
            if (x.lowering.custom.has(callee)) {
                return checked.inlining(() -> x.lowering.custom.call(x, callee, bound, s, c, sizes));
            }
            if (checked.checksOnly(callee.name())) { // its body was checked where it is defined
                Type declared = x.lowering.types.of(callee.returnType(), calleeFrame);
                return declared == null ? ERR : checked.standIn(s, declared, c.span());
            }
            Integer copied = x.lowering.calls.copied(callee, bound, s);
            if (copied != null) {
                return copied;
            }
            int result = x.lowering.body(callee.body(), inner, calleeFrame);
            if (result == ERR) {
                return ERR;
            }
            Type declared = x.lowering.types.of(callee.returnType(), calleeFrame);
            return x.coerce(s, result, declared, c.span(),
                    () -> Messages.returnType(callee.name(), declared, s.g.type(result)));
        });
    }
}
