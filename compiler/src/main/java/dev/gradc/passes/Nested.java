package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Type;
import dev.gradc.ops.Constant;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.Pack;
import dev.gradc.ops.Rules;
import java.util.ArrayList;
import java.util.List;

/**
 * Derivatives used as values inside a program ({@code grad(f, x)(...)} and its kin): the gradient or tangent
 * pass applied to the callee's own graph, giving a graph that is then inlined at the call. Because the inner
 * derivative is built from a fresh copy of the callee, with its own parameters, its perturbations can never
 * be confused with an outer derivative's; the outer pass simply differentiates the inlined nodes.
 */
public final class Nested {

    /**
     * How an inner derivative's loops are differentiated: small scalar loops in forward mode, every other loop
     * keeping every trip's state (no automatic checkpointing). An outer gradient goes back through such a loop's
     * stacks (see {@link StackChains}); it could not rerun a checkpointed loop's recomputation.
     */
    private static final GradientPass.Loops LOOPS = GradientPass.Loops.MIXED_KEEP_ALL;

    private Nested() {
    }

    /** The six derivative expressions. */
    public enum Kind {
        GRAD, JVP, VJP, HVP, JACOBIAN, HESSIAN;

        /** The kind named {@code name} in a program, or null. */
        public static Kind of(String name) {
            for (Kind k : values()) {
                if (k.name().toLowerCase(java.util.Locale.ROOT).equals(name)) {
                    return k;
                }
            }
            return null;
        }

        /** Whether the callee must return a real scalar. */
        public boolean needsScalar() {
            return this == GRAD || this == HVP || this == HESSIAN;
        }

        /** Whether the call takes one argument more than the callee: dx, seed or v. */
        public boolean hasExtra() {
            return this == JVP || this == VJP || this == HVP;
        }
    }

    /**
     * The derivative of {@code callee} (parameters {@code types}/{@code names}, one result) with respect to
     * parameter {@code wrt}: a graph whose parameters are the callee's, then the extra argument of {@code kind}
     * (dx, seed or v), and whose one result is the derivative. Jacobians and Hessians are built one column at a
     * time from JVPs and HVPs with unit vectors, so x must have a fixed size there.
     */
    public static Graph derivative(Kind kind, Graph callee, List<Type> types, List<String> names, String wrt) {
        return derivative(kind, callee, types, names, wrt, LOOPS);
    }

    /** As {@link #derivative(Kind, Graph, List, List, String)}, its gradient pass treating loops as {@code loops} says. */
    static Graph derivative(Kind kind, Graph callee, List<Type> types, List<String> names, String wrt,
                            GradientPass.Loops loops) {
        Graph g = switch (kind) {
            case GRAD -> pick(GradientPass.of(callee, types, names, List.of(wrt), null, 0, loops), 1);
            case VJP -> pick(GradientPass.of(callee, types, names, List.of(wrt), callee.type(callee.result(0)), 0,
                    loops), 1);
            case JVP -> pick(TangentPass.of(callee, types, names, List.of(wrt)), 1);
            case HVP -> pick(hvp(callee, types, names, wrt, loops), 3);
            case JACOBIAN -> columns(pick(TangentPass.of(callee, types, names, List.of(wrt)), 1), types, names, wrt);
            case HESSIAN -> columns(pick(hvp(callee, types, names, wrt, loops), 3), types, names, wrt);
        };
        return Optimizer.optimize(g);
    }

    /** Forward over reverse: results are (value, gradient, value tangent, gradient tangent). */
    private static Graph hvp(Graph callee, List<Type> types, List<String> names, String wrt,
                             GradientPass.Loops loops) {
        Graph gradient = GradientPass.of(callee, types, names, List.of(wrt), null, 0, loops);
        return TangentPass.of(gradient, types, names, List.of(wrt));
    }

    private static Graph pick(Graph g, int result) {
        return new Graph(g.nodes(), g.params(), List.of(g.result(result)));
    }

    /**
     * From a graph of (params..., direction) → product, the matrix whose row i is entry i of the product
     * over the unit directions: [size of the product, size of x]. The product graph is inlined once per column.
     */
    private static Graph columns(Graph product, List<Type> types, List<String> names, String wrt) {
        Type.Real x = (Type.Real) types.get(names.indexOf(wrt));
        int n = Math.toIntExact(x.shape().staticSize());
        Rules g = Copy.region(types, names, dev.gradc.ir.Node.Role.FORWARD);
        int[] params = Copy.params(g);
        int[] args = java.util.Arrays.copyOf(params, params.length + 1);
        List<Integer> cols = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            double[] unit = new double[n];
            unit[j] = 1;
            args[params.length] = g.apply(new Constant(new NDArray(unit, x.shape().resolve(java.util.Map.of()))));
            int c = inline(g, product, args);
            if (g.type(c) instanceof Type.Real r && r.isScalar()) {
                c = g.apply(new Pack(1), c);
            }
            cols.add(c);
        }
        int m = g.apply(new Pack(n), cols);
        return g.builder().build(List.of(g.transpose(m)));
    }

    /**
     * Refuses, loudly and before any node is built, the stacks of an inner derivative that reverse mode cannot
     * go back through (see {@link StackChains}): those of a checkpointed loop (which reruns trips from snapshots
     * of its stacks), a stack passed as a loop invariant, and a carried stack whose uses in a trip are not one
     * chain of pushes and pops. Stacks entering or leaving a cond are differentiated like reals ({@link
     * CondAdjoint}): the loops in its branches are looked at like any other. Only stacks that vary with the differentiated parameters and
     * that a result needs are looked at; everything else reverse mode differentiates exactly.
     */
    public static void refuseUnsupportedStacks(Graph g, boolean[] paramVaried) {
        boolean[] varied = Activity.varied(g, paramVaried, true);
        boolean[] useful = Activity.useful(g);
        for (dev.gradc.ir.Node n : g.nodes()) {
            if (!varied[n.id()] || !useful[n.id()] || !(n.op() instanceof dev.gradc.ir.Region r)) {
                continue;
            }
            if (n.op() instanceof dev.gradc.ops.While w) {
                refuseLoopStacks(n, w);
            }
            for (Graph inner : r.graphs()) {
                boolean[] all = new boolean[inner.params().size()];
                java.util.Arrays.fill(all, true);
                refuseUnsupportedStacks(inner, all);
            }
        }
    }

    private static void refuseLoopStacks(dev.gradc.ir.Node n, dev.gradc.ops.While w) {
        Graph body = w.body();
        if (!anyStack(body, body.params())) {
            return;
        }
        if (w.checkpoint() != null) {
            throw new UnsupportedOperationException(dev.gradc.diag.DerivativeMessages.reverseOverCheckpointedLoop());
        }
        if (anyStack(body, body.params().subList(w.carried(), body.params().size()))
                || anyStack(w.condition(), w.condition().params()) && readsStack(w.condition())) {
            throw new UnsupportedOperationException(dev.gradc.diag.DerivativeMessages.reverseOverStackUse());
        }
        for (int j = 0; j < w.carried(); j++) {
            if (body.type(body.params().get(j)) instanceof Type.Stack) {
                StackChains.of(body, j);
            }
        }
    }

    private static boolean anyStack(Graph g, List<Integer> ids) {
        return ids.stream().anyMatch(id -> g.type(id) instanceof Type.Stack);
    }

    /** Whether a loop's condition reads one of its stack parameters. */
    private static boolean readsStack(Graph condition) {
        for (dev.gradc.ir.Node n : condition.nodes()) {
            for (int in : n.inputs()) {
                if (condition.type(in) instanceof Type.Stack) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Copies {@code src} into g with its parameters bound to {@code args}; gives the map from its nodes to g's. */
    public static int[] copy(Rules g, Graph src, int[] args) {
        return Copy.graph(g, src, args);
    }

    /** Inlines {@code src} into g with its parameters bound to {@code args}; gives the node of its one result. */
    public static int inline(Rules g, Graph src, int[] args) {
        return Copy.graph(g, src, args)[src.result(0)];
    }
}
