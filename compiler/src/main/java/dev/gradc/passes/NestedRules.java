package dev.gradc.passes;

import dev.gradc.diag.Span;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ir.Type;
import dev.gradc.ops.CustomRule;
import dev.gradc.ops.Detach;
import dev.gradc.ops.Rules;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.List;

/**
 * An inner {@code grad(f, x)} or {@code vjp(f, x)} of a callee with loops, as a boundary whose derivatives are
 * rules (a {@link CustomRule}) instead of nodes an outer pass differentiates. Its value is the inner derivative
 * built like a top-level one: its loops checkpointed past the kept-values budget or as {@code @checkpoint(N)}
 * asks. The outer gradient never goes back through that derivative's own adjoint: the vector-Jacobian product
 * of a gradient is a Hessian-vector product, ∂/∂p (ūᵀ ∇ₓf) = ∂²f/∂p∂x · ū, which forward mode over the
 * callee's full gradient gives (along ū in x); the outer tangent is forward mode over the inner derivative. Both
 * go through checkpointed loops (the tangent pass differentiates their snapshots), so a second derivative keeps
 * what the first does: its loops' states while they fit the budget, snapshots past it, and the outer forward
 * sweep keeps none of the inner loops' states (the rules rerun the callee from the arguments).
 */
public final class NestedRules {

    private static final GradientPass.Loops LOOPS = GradientPass.Loops.MIXED;

    private NestedRules() {
    }

    /** Whether the derivative of this kind over this callee is built as a boundary: grad or vjp of a callee with a loop. */
    public static boolean applies(Nested.Kind kind, Graph callee) {
        return (kind == Nested.Kind.GRAD || kind == Nested.Kind.VJP) && hasLoop(callee);
    }

    private static boolean hasLoop(Graph g) {
        java.util.ArrayDeque<Graph> work = new java.util.ArrayDeque<>(List.of(g));
        while (!work.isEmpty()) {
            for (Node n : work.pop().nodes()) {
                if (n.op() instanceof While) {
                    return true;
                }
                if (n.op() instanceof Region r) {
                    work.addAll(r.graphs());
                }
            }
        }
        return false;
    }

    /**
     * Appends to g the boundary of {@code kind(callee, wrt)} applied to {@code args} (the callee's arguments,
     * then the seed for vjp), named {@code name} as the program writes it; gives its node, or -1 (nothing
     * appended) when the callee calls a function with a {@code @vjp_rule} but no {@code @jvp_rule}, which the
     * forward-mode rules cannot go through: the derivative is then inlined as nodes instead.
     */
    public static int call(Rules g, Nested.Kind kind, Graph callee, List<Type> types, List<String> names, String wrt,
                           int[] args, String name, Span at) {
        List<Type> all = new ArrayList<>(types);
        List<String> allNames = new ArrayList<>(names);
        if (kind == Nested.Kind.VJP) {
            all.add(callee.type(callee.result(0)));
            allNames.add("#seed");
        }
        int n = all.size();
        Graph value;
        Graph[] vjps = new Graph[n];
        Graph[] jvps = new Graph[n];
        try {
            value = Nested.derivative(kind, callee, types, names, wrt, LOOPS);
            Type y = value.type(value.result(0));
            Graph secondOrder = secondOrder(kind, callee, types, names, wrt, all, allNames);
            List<String> reals = reals(types, names);
            for (int i = 0; i < n; i++) {
                if (all.get(i) instanceof Type.Real) {
                    vjps[i] = rule(all, y, y, secondOrder, row(i, types, names, reals));
                    Graph tangent = Optimizer.optimize(TangentPass.of(value, all, allNames, List.of(allNames.get(i))));
                    jvps[i] = rule(all, y, all.get(i), tangent, 1);
                }
            }
        } catch (dev.gradc.ops.MissingRuleException e) {
            return -1;
        }
        List<Integer> in = new ArrayList<>();
        for (int a : args) {
            in.add(g.type(a) instanceof Type.Real ? g.apply(new Detach(), a) : a);
        }
        int v = Nested.inline(g, value, in.stream().mapToInt(Integer::intValue).toArray());
        List<Integer> inputs = new ArrayList<>();
        for (int a : args) {
            inputs.add(a);
        }
        inputs.add(v);
        return g.builder().add(new CustomRule(name, allNames, vjps, jvps, at, false), g.type(v), inputs, at, null);
    }

    /**
     * The vector-Jacobian product of {@code kind(callee, wrt)} with respect to all its real inputs, forward over
     * reverse as the boundary's rules compute it: parameters are the callee's (then the seed, for vjp), then ū;
     * results are ū (in place of a value), then one adjoint per real input in order. For an engine that runs the
     * inner derivative itself and needs its adjoints (the tape).
     */
    public static Graph vjp(Nested.Kind kind, Graph callee, List<Type> types, List<String> names, String wrt) {
        List<Type> all = new ArrayList<>(types);
        List<String> allNames = new ArrayList<>(names);
        if (kind == Nested.Kind.VJP) {
            all.add(callee.type(callee.result(0)));
            allNames.add("#seed");
        }
        Graph secondOrder = secondOrder(kind, callee, types, names, wrt, all, allNames);
        Type x = types.get(names.indexOf(wrt));
        List<Type> params = new ArrayList<>(all);
        params.add(x);
        List<String> labels = new ArrayList<>();
        params.forEach(t -> labels.add(null));
        Rules rg = Copy.region(params, labels, Node.Role.FORWARD);
        int[] p = Copy.params(rg);
        int[] map = Copy.graph(rg, secondOrder, p);
        List<String> reals = reals(types, names);
        List<Integer> results = new ArrayList<>(List.of(p[all.size()]));
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) instanceof Type.Real) {
                results.add(map[secondOrder.result(row(i, types, names, reals))]);
            }
        }
        return rg.builder().build(results);
    }

    /**
     * The result of the forward-over-reverse graph giving input i's adjoint: its rows are the value, the full
     * gradient, then their tangents along ū; the seed's (input n of a vjp) is the value's tangent, J ū.
     */
    private static int row(int i, List<Type> types, List<String> names, List<String> reals) {
        return i < types.size() ? 1 + reals.size() + 1 + reals.indexOf(names.get(i)) : 1 + reals.size();
    }

    private static List<String> reals(List<Type> types, List<String> names) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i) instanceof Type.Real) {
                out.add(names.get(i));
            }
        }
        return out;
    }

    /**
     * Forward mode along x over the callee's gradient with respect to every real parameter (seeded for vjp):
     * parameters are the boundary's arguments, then ū; results the value and the gradient, then their tangents.
     */
    private static Graph secondOrder(Nested.Kind kind, Graph callee, List<Type> types, List<String> names, String wrt,
                                     List<Type> all, List<String> allNames) {
        Type seed = kind == Nested.Kind.VJP ? all.get(all.size() - 1) : null;
        Graph gradient = GradientPass.of(callee, types, names, reals(types, names), seed, 0, LOOPS);
        return Optimizer.optimize(TangentPass.of(gradient, all, allNames, List.of(wrt)));
    }

    /**
     * A rule graph over (arguments..., y, last): {@code src} (over the arguments, then last) inlined, its result
     * {@code row}.
     */
    private static Graph rule(List<Type> args, Type y, Type last, Graph src, int row) {
        List<Type> types = new ArrayList<>(args);
        types.add(y);
        types.add(last);
        List<String> labels = new ArrayList<>();
        types.forEach(t -> labels.add(null));
        Rules rg = Copy.region(types, labels, Node.Role.FORWARD);
        int[] p = Copy.params(rg);
        int[] in = java.util.Arrays.copyOf(p, args.size() + 1);
        in[args.size()] = p[args.size() + 1];
        int[] map = Copy.graph(rg, src, in);
        return rg.builder().build(List.of(map[src.result(row)]));
    }
}
