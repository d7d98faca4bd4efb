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
import java.util.Map;

/**
 * An inner {@code grad(f, x)}, {@code vjp(f, x)} or {@code hvp(f, x)} of a callee with loops, as a boundary whose
 * derivatives are rules (a {@link CustomRule}) instead of nodes an outer pass differentiates. Its value is the
 * inner derivative built like a top-level one: its loops checkpointed past the kept-values budget or as
 * {@code @checkpoint(N)} asks. The outer gradient never goes back through that derivative's own adjoint: the
 * vector-Jacobian product of a gradient is a Hessian-vector product, ∂/∂p (ūᵀ ∇ₓf) = ∂²f/∂p∂x · ū, which forward
 * mode over the callee's full gradient gives (along ū in x), and that of an hvp is forward mode once more; the
 * outer tangent is forward mode over the inner derivative. Both go through checkpointed loops (the tangent pass
 * differentiates their snapshots), so a second derivative keeps what the first does: its loops' states while
 * they fit the budget, snapshots past it, and the outer forward sweep keeps none of the inner loops' states
 * (the rules rerun the callee from the arguments). An inner {@code hessian(f, x)} is the hvp boundary along each
 * unit vector of x; every rule being forward mode over one reverse pass, boundaries compose to any order.
 */
public final class NestedRules {

    private static final GradientPass.Loops LOOPS = GradientPass.Loops.MIXED;

    private NestedRules() {
    }

    /**
     * Whether the derivative of this kind over this callee is a boundary: grad, vjp, hvp or hessian of a callee
     * with a loop (a Hessian is a boundary per column, each an hvp along a unit vector), and jvp or jacobian of a
     * callee using such a boundary (whose tangent rules checkpoint, so reverse mode must not go back through
     * them).
     */
    public static boolean applies(Nested.Kind kind, Graph callee) {
        if (kind == Nested.Kind.JVP || kind == Nested.Kind.JACOBIAN) {
            return any(callee, n -> n.op() instanceof CustomRule c && c.jvpRules().stream()
                    .anyMatch(r -> any(r, m -> m.type() instanceof Type.Stack)));
        }
        return any(callee, n -> n.op() instanceof While);
    }

    /** Whether a node of g, or of a graph nested in its regions, is one {@code p} accepts. */
    private static boolean any(Graph g, java.util.function.Predicate<Node> p) {
        java.util.ArrayDeque<Graph> work = new java.util.ArrayDeque<>(List.of(g));
        while (!work.isEmpty()) {
            for (Node n : work.pop().nodes()) {
                if (p.test(n)) {
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
     * then the seed or direction), named {@code name} as the program writes it; gives its node, or -1 (nothing
     * appended) when the callee calls a function with a {@code @vjp_rule} but no {@code @jvp_rule}, which the
     * forward-mode rules cannot go through: the derivative is then inlined as nodes instead. A Hessian (a
     * Jacobian) is the matrix of the hvp (jvp) boundary's columns along the unit vectors of x, the boundary built
     * once.
     */
    public static int call(Rules g, Nested.Kind kind, Graph callee, List<Type> types, List<String> names, String wrt,
                           int[] args, String name, Span at) {
        Nested.Kind each = switch (kind) {
            case HESSIAN -> Nested.Kind.HVP;
            case JACOBIAN -> Nested.Kind.JVP;
            default -> kind;
        };
        Boundary b;
        try {
            b = Boundary.of(each, callee, types, names, wrt);
        } catch (dev.gradc.ops.MissingRuleException e) {
            return -1;
        }
        if (each == kind) {
            return b.apply(g, args, name, at);
        }
        Type.Real x = (Type.Real) types.get(names.indexOf(wrt));
        int n = Math.toIntExact(x.shape().staticSize());
        int[] withV = java.util.Arrays.copyOf(args, args.length + 1);
        List<Integer> cols = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            double[] unit = new double[n];
            unit[j] = 1;
            withV[args.length] = g.apply(new dev.gradc.ops.Constant(
                    new dev.gradc.ops.NDArray(unit, x.shape().resolve(Map.of()))));
            int c = b.apply(g, withV, name, at);
            cols.add(g.type(c) instanceof Type.Real r && r.isScalar() ? g.apply(new dev.gradc.ops.Pack(1), c) : c);
        }
        return g.transpose(g.apply(new dev.gradc.ops.Pack(n), cols));
    }

    /**
     * A boundary built once (and applied at every call or column): its value, the inner derivative built like a
     * top-level one, and its rules, one vector-Jacobian and one Jacobian-vector product per input.
     */
    private record Boundary(Graph value, Graph[] vjps, Graph[] jvps, List<String> names) {

        static Boundary of(Nested.Kind kind, Graph callee, List<Type> types, List<String> names, String wrt) {
            List<Type> all = inputs(kind, callee, types, names, wrt);
            List<String> allNames = new ArrayList<>(names);
            if (all.size() > types.size()) {
                allNames.add("#extra");
            }
            int n = all.size();
            Graph[] vjps = new Graph[n];
            Graph[] jvps = new Graph[n];
            Graph value = Nested.derivative(kind, callee, types, names, wrt, LOOPS);
            // the tangent rules go through the value's checkpointed loops: no reverse pass goes back over them,
            // since a jvp or jacobian of a function using this boundary is a boundary too
            Type y = value.type(value.result(0));
            Source[] sources = sources(kind, callee, types, names, wrt);
            for (int i = 0; i < n; i++) {
                if (sources[i] != null) {
                    vjps[i] = rule(all, y, y, sources[i]);
                    Graph tangent = Optimizer.optimize(TangentPass.of(value, all, allNames, List.of(allNames.get(i))));
                    jvps[i] = rule(all, y, all.get(i), new Source(tangent, n, 1));
                }
            }
            return new Boundary(value, vjps, jvps, allNames);
        }

        /** The boundary's node over {@code args}: the value from detached arguments, then the rule node. */
        int apply(Rules g, int[] args, String name, Span at) {
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
            return g.builder().add(new CustomRule(name, names, vjps, jvps, at, false), g.type(v), inputs, at, null);
        }
    }

    /** The boundary's inputs: the callee's parameters, then the seed (vjp) or the direction (jvp, hvp). */
    private static List<Type> inputs(Nested.Kind kind, Graph callee, List<Type> types, List<String> names,
                                     String wrt) {
        List<Type> all = new ArrayList<>(types);
        if (kind == Nested.Kind.VJP) {
            all.add(callee.type(callee.result(0)));
        } else if (kind == Nested.Kind.HVP || kind == Nested.Kind.JVP) {
            all.add(types.get(names.indexOf(wrt)));
        }
        return all;
    }

    /**
     * The derivative {@code kind(callee, wrt)} as a graph of its own whose one node past the inputs is the
     * boundary (for an engine that runs the inner derivative itself, such as the tape): parameters are the
     * callee's, then the seed or direction; its gradient and tangent passes take the boundary's rules, as the
     * compiled engine's do. Null when the boundary does not {@linkplain #applies apply} or cannot be built.
     */
    public static Graph graph(Nested.Kind kind, Graph callee, List<Type> types, List<String> names, String wrt) {
        if (!applies(kind, callee)) {
            return null;
        }
        List<Type> all = inputs(kind, callee, types, names, wrt);
        List<String> labels = new ArrayList<>(names);
        if (all.size() > types.size()) {
            labels.add("#extra");
        }
        Rules rg = Copy.region(all, labels, Node.Role.FORWARD);
        int b = call(rg, kind, callee, types, names, wrt, Copy.params(rg), kind.name().toLowerCase(
                java.util.Locale.ROOT) + "(" + wrt + ")", null);
        return b < 0 ? null : Optimizer.optimize(rg.builder().build(List.of(b)));
    }

    /**
     * Where the adjoint of an input comes from: result {@code row} of {@code graph}, a graph over the boundary's
     * first {@code args} inputs, then ū.
     */
    private record Source(Graph graph, int args, int row) {
    }

    /**
     * Per input of the boundary (null for one that is not real), where its adjoint comes from: forward mode
     * along ū in x over f's gradient with respect to every real parameter (seeded, for vjp), whose results are
     * the value and the gradient, then their tangents; for hvp, forward mode along ū over that along v (a third
     * derivative), and for v itself H ū; for jvp, ∂/∂p (ūᵀ J dx) is forward mode along dx over the gradient
     * seeded by ū, and dx's own adjoint Jᵀ ū is that gradient.
     */
    private static Source[] sources(Nested.Kind kind, Graph callee, List<Type> types, List<String> names,
                                    String wrt) {
        List<String> reals = reals(types, names);
        int r = 1 + reals.size();
        int n = types.size();
        Source[] out = new Source[inputs(kind, callee, types, names, wrt).size()];
        Type seed = kind == Nested.Kind.VJP || kind == Nested.Kind.JVP ? callee.type(callee.result(0)) : null;
        List<Type> firstTypes = new ArrayList<>(types);
        List<String> firstNames = new ArrayList<>(names);
        if (seed != null) {
            firstTypes.add(seed);
            firstNames.add("#extra");
        }
        Graph gradient = GradientPass.of(callee, types, names, reals, seed, 0, LOOPS);
        Graph first = Optimizer.optimize(TangentPass.of(gradient, firstTypes, firstNames, List.of(wrt)));
        if (kind == Nested.Kind.JVP) {
            Graph swapped = swapLast(first); // (params..., dx, ū), as the rules pass them
            for (int i = 0; i < n; i++) {
                if (types.get(i) instanceof Type.Real) {
                    out[i] = new Source(swapped, n + 1, r + 1 + reals.indexOf(names.get(i)));
                }
            }
            out[n] = new Source(swapped, n + 1, 1 + reals.indexOf(wrt));
            return out;
        }
        Graph second = null;
        if (kind == Nested.Kind.HVP) {
            List<Type> t = new ArrayList<>(types);
            t.add(types.get(names.indexOf(wrt)));
            List<String> nm = new ArrayList<>(names);
            nm.add("#extra");
            second = Optimizer.optimize(TangentPass.of(first, t, nm, List.of(wrt)));
        }
        for (int i = 0; i < n; i++) {
            if (types.get(i) instanceof Type.Real) {
                int ri = reals.indexOf(names.get(i));
                out[i] = second != null ? new Source(second, n + 1, 2 * r + r + 1 + ri)
                        : new Source(first, firstTypes.size(), r + 1 + ri);
            }
        }
        if (kind == Nested.Kind.VJP) {
            out[n] = new Source(first, n + 1, r); // the seed's: J ū, the value's tangent
        } else if (kind == Nested.Kind.HVP) {
            out[n] = new Source(first, n, r + 1 + reals.indexOf(wrt)); // the direction's: H ū
        }
        return out;
    }

    /** g with its last two parameters in the other order. */
    private static Graph swapLast(Graph g) {
        int k = g.params().size();
        List<Type> types = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            types.add(g.type(g.params().get(i < k - 2 ? i : 2 * k - 3 - i)));
            labels.add(null);
        }
        Rules rg = Copy.region(types, labels, Node.Role.FORWARD);
        int[] p = Copy.params(rg);
        int[] in = p.clone();
        in[k - 2] = p[k - 1];
        in[k - 1] = p[k - 2];
        int[] map = Copy.graph(rg, g, in);
        List<Integer> results = new ArrayList<>();
        for (int res : g.results()) {
            results.add(map[res]);
        }
        return rg.builder().build(results);
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
     * A rule graph over (inputs..., y, last): {@code src}'s graph inlined over its first inputs and last, its
     * result {@code row}.
     */
    private static Graph rule(List<Type> inputs, Type y, Type last, Source src) {
        List<Type> types = new ArrayList<>(inputs);
        types.add(y);
        types.add(last);
        List<String> labels = new ArrayList<>();
        types.forEach(t -> labels.add(null));
        Rules rg = Copy.region(types, labels, Node.Role.FORWARD);
        int[] p = Copy.params(rg);
        int[] in = java.util.Arrays.copyOf(p, src.args() + 1);
        in[src.args()] = p[inputs.size() + 1];
        int[] map = Copy.graph(rg, src.graph(), in);
        return rg.builder().build(List.of(map[src.graph().result(src.row())]));
    }
}
