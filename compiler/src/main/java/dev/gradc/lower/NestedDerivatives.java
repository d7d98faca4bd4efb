package dev.gradc.lower;

import dev.gradc.diag.DerivativeMessages;
import dev.gradc.diag.Messages;
import dev.gradc.diag.Span;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Type;
import dev.gradc.ops.Param;
import dev.gradc.passes.Nested;
import dev.gradc.syntax.Ast;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Lowers {@code grad(f, x)(...)}, {@code jvp}, {@code vjp}, {@code hvp}, {@code jacobian} and {@code hessian}:
 * the callee is lowered on its own for the argument types of this call, the gradient or tangent pass builds
 * the derivative of that graph, and the result is inlined here, so an outer derivative differentiates
 * through it like through any other nodes; a {@code grad}, {@code vjp}, {@code hvp} or {@code hessian} of a callee
 * with a loop is a boundary instead, whose derivatives are rules built forward over reverse
 * ({@link dev.gradc.passes.NestedRules}).
 */
final class NestedDerivatives {

    private static final int ERR = Lowering.ERR;

    private NestedDerivatives() {
    }

    static int lower(Expressions x, Ast.Derivative d, Scope s, Lowering.Frame frame, Span stmtSpan) {
        Nested.Kind kind = Nested.Kind.of(d.kind());
        if (kind == null) {
            x.error(d.kindSpan(), DerivativeMessages.unknownKind(d.kind()));
            return ERR;
        }
        Ast.Function callee = x.lowering.functions.get(d.function());
        if (callee == null) {
            x.error(d.functionSpan(), DerivativeMessages.unknownFunction(d.kind(), d.function(),
                    x.lowering.functions.keySet()));
            return ERR;
        }
        x.lowering.checked.differentiates(callee.name());
        if (x.lowering.calls.hasFailed(callee.name())
                || s.g.builder().budget() != null && s.g.builder().budget().spent()) {
            return ERR; // reported: where the callee is defined, or where this graph grew past its limit
        }
        List<String> reals = callee.params().stream().filter(p -> p.type().base().equals("real"))
                .map(Ast.Param::name).toList();
        if (!reals.contains(d.wrt())) {
            x.error(d.wrtSpan(), DerivativeMessages.notAParameter(callee.name(), d.wrt(), reals));
            return ERR;
        }
        int n = callee.params().size();
        if (d.args().size() != n + (kind.hasExtra() ? 1 : 0)) {
            x.error(d.span(), DerivativeMessages.argumentCount(d.kind(), callee.name(), n, kind.hasExtra(),
                    d.args().size()));
            return ERR;
        }
        int[] args = new int[d.args().size()];
        for (int k = 0; k < args.length; k++) {
            args[k] = x.lower(d.args().get(k), s, frame, stmtSpan);
        }
        for (int a : args) {
            if (a == ERR) {
                return ERR;
            }
        }
        return build(x, d, kind, callee, args, s);
    }

    private static int build(Expressions x, Ast.Derivative d, Nested.Kind kind, Ast.Function callee, int[] args,
                             Scope s) {
        int n = callee.params().size();
        List<Integer> own = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Ast.Param p = callee.params().get(k);
            if (p.type().base().equals("real")) {
                args[k] = x.real(s, args[k], d.args().get(k).span(), "argument '" + p.name() + "'");
                if (args[k] == ERR) {
                    return ERR;
                }
            }
            own.add(args[k]);
        }
        Ast.Call asCall = new Ast.Call(callee.name(), d.args().subList(0, n), d.span(), d.functionSpan());
        Map<String, Dim> sizes = CallSizes.bind(callee, own, s, asCall, x);
        if (sizes == null) {
            return ERR;
        }
        Lowering.Frame inner = new Lowering.Frame(callee, sizes);
        List<Type> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            Ast.Param p = callee.params().get(k);
            Type expected = x.lowering.types.of(p.type(), inner);
            if (expected == null || !expected.equals(s.g.type(args[k]))) {
                x.error(d.args().get(k).span(), Messages.argumentType(callee.name(), p.name(), expected,
                        s.g.type(args[k])));
                return ERR;
            }
            types.add(expected);
            names.add(p.name());
        }
        Type output = x.lowering.types.of(callee.returnType(), inner);
        Graph graph;
        try {
            graph = x.lowering.nestedGraph(List.of(callee.name(), types),
                    () -> calleeGraph(x, callee, types, output, inner));
        } catch (dev.gradc.ir.GraphBuilder.TooLarge e) {
            x.error(d.span(), DerivativeMessages.nestedDerivativeTooLarge(d.kind() + "(" + callee.name() + ", "
                    + d.wrt() + ")", Lowering.MAX_NODES));
            return ERR;
        }
        if (graph == null || !fits(x, d, kind, callee, types.get(names.indexOf(d.wrt())), output)) {
            return ERR;
        }
        if (kind.hasExtra()) {
            Type want = kind == Nested.Kind.VJP ? output : types.get(names.indexOf(d.wrt()));
            Ast.Expr extra = d.args().get(n);
            int v = want instanceof Type.Real ? x.real(s, args[n], extra.span(), d.kind()) : args[n];
            if (v == ERR || !want.equals(s.g.type(v))) {
                String what = switch (kind) {
                    case JVP -> "tangent dx";
                    case VJP -> "seed";
                    default -> "direction v";
                };
                if (v != ERR) {
                    x.error(extra.span(), DerivativeMessages.extraType(d.kind(), what, want, s.g.type(v)));
                }
                return ERR;
            }
            args[n] = v;
        }
        Graph derivative;
        try {
            if (dev.gradc.passes.NestedRules.applies(kind, graph)) {
                s.g.builder().setSpan(d.span());
                int boundary = dev.gradc.passes.NestedRules.call(s.g, kind, graph, types, names, d.wrt(), args,
                        d.kind() + "(" + callee.name() + ", " + d.wrt() + ")", d.span());
                if (boundary >= 0) {
                    return boundary;
                }
            }
            derivative = x.lowering.nestedGraph(List.of(callee.name(), types, kind, d.wrt()),
                    () -> Nested.derivative(kind, graph, types, names, d.wrt()));
        } catch (dev.gradc.ops.MissingRuleException e) {
            x.error(e.at(), e.message(d.kind() + "(" + callee.name() + ", " + d.wrt() + ") at " + d.span().where()));
            return ERR;
        }
        s.g.builder().setSpan(d.span());
        try {
            return Nested.inline(s.g, derivative, args);
        } catch (dev.gradc.ir.GraphBuilder.TooLarge e) {
            if (s.g.builder().budget() == null) {
                throw e;
            }
            x.error(d.span(), DerivativeMessages.nestedDerivativeTooLarge(d.kind() + "(" + callee.name() + ", "
                    + d.wrt() + ")", s.g.builder().budget().limit()));
            return ERR;
        }
    }

    /**
     * The requests of f that can be built: a reverse-mode one (@grad, @vjp, @hessian) cannot when it would have
     * to go back through the stack an inner derivative's adjoint loop keeps. An annotation asking for one is an
     * error (null); the implicit request of a function without annotations is then left out.
     */
    static List<Request> possible(Ast.Function f, Graph graph, List<FunctionIr.ParamInfo> params,
                                  List<Request> requests, dev.gradc.diag.Diagnostics diagnostics) {
        List<Request> out = new ArrayList<>();
        for (Request r : requests) {
            boolean reverse = r.kind() == Request.Kind.GRAD || r.kind() == Request.Kind.VJP
                    || r.kind() == Request.Kind.HESSIAN;
            boolean[] varied = new boolean[params.size()];
            for (int i = 0; i < varied.length; i++) {
                varied[i] = r.wrt().contains(params.get(i).name());
            }
            try {
                if (reverse) {
                    Nested.refuseUnsupportedStacks(graph, varied);
                }
                out.add(r);
            } catch (UnsupportedOperationException e) {
                Ast.Annotation a = f.annotations().stream().filter(x -> x.name().equals(r.kind().annotation()))
                        .findFirst().orElse(null);
                if (a != null) {
                    diagnostics.error(a.span(), e.getMessage());
                    return null;
                }
            }
        }
        return out;
    }

    /**
     * The callee lowered on its own, with parameters of this call's types; null after an error. Its graph shares
     * equal nodes and is held to the size a function's graph may have (each level of derivatives inside derivatives
     * multiplies the size, so a chain of them is exponential): past it, {@link dev.gradc.ir.GraphBuilder.TooLarge}.
     * Its whole-row elimination updates are trimmed ({@link dev.gradc.passes.DeadColumns}) as the callee's own graph
     * is, so the derivative built here is the callee's gradient (untrimmed, they would differ where a trimmed entry
     * is infinite or NaN).
     */
    private static Graph calleeGraph(Expressions x, Ast.Function callee, List<Type> types, Type output,
                                     Lowering.Frame frame) {
        Scope scope = Scope.fresh(new dev.gradc.ir.GraphBuilder.Budget(Lowering.MAX_NODES));
        for (int k = 0; k < types.size(); k++) {
            Ast.Param p = callee.params().get(k);
            int id = scope.g.builder().addParam(new Param(k), types.get(k), p.span(), p.name());
            scope.bind(p.name(), id);
        }
        int result = x.lowering.checked.inlining(() -> x.lowering.body(callee.body(), scope, frame));
        if (result == ERR || output == null) {
            return null;
        }
        result = x.coerce(scope, result, output, callee.returnType().span(),
                Messages.returnType(callee.name(), output, scope.g.type(result)));
        // trimmed as the callee's own graph is (Gradc.frontEnd), so grad(f, x)(..) is f's gradient bit for bit
        return result == ERR ? null : dev.gradc.passes.DeadColumns.apply(scope.g.builder().build(List.of(result)));
    }

    /** Whether the output and x have what this kind needs (a scalar output; fixed-size vectors for matrices). */
    private static boolean fits(Expressions x, Ast.Derivative d, Nested.Kind kind, Ast.Function callee, Type wrt,
                                Type output) {
        if (!(output instanceof Type.Real out)) {
            x.error(d.functionSpan(), DerivativeMessages.nonScalarOutput(d.kind(), callee.name(), output));
            return false;
        }
        if (kind.needsScalar() && !out.isScalar()) {
            x.error(d.functionSpan(), DerivativeMessages.nonScalarOutput(d.kind(), callee.name(), output));
            return false;
        }
        if (kind == Nested.Kind.JACOBIAN || kind == Nested.Kind.HESSIAN) {
            Type.Real w = (Type.Real) wrt;
            if (w.shape().rank() > 1 || !w.shape().isStatic()) {
                x.error(d.wrtSpan(), DerivativeMessages.fixedSizeNeeded(d.kind(), d.wrt(), wrt));
                return false;
            }
            if (out.shape().rank() > 1) {
                x.error(d.functionSpan(), DerivativeMessages.rankTooHigh(d.kind(), callee.name(), output));
                return false;
            }
        }
        return true;
    }
}
