package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Type;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.Param;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Rules;
import java.util.ArrayList;
import java.util.List;

/**
 * Reverse mode as a graph-to-graph pass (the define-and-run counterpart of {@code tf.gradients}): the
 * result graph computes the value, then the adjoints of the requested parameters. Nothing is recorded at
 * run time; loops keep only their carried state per iteration (see docs/design.md).
 */
public final class GradientPass {

    private GradientPass() {
    }

    /**
     * The gradient (or, with {@code withSeed}, the vector-Jacobian product) graph of f with respect to the
     * named parameters. Parameters: f's, then the seed; results: value, then one adjoint per name.
     */
    public static Graph gradient(FunctionIr f, List<String> wrt, boolean withSeed) {
        return gradient(f, wrt, withSeed, Loops.MIXED);
    }

    /**
     * How loops are differentiated: whether small scalar loops run in forward mode ({@link #mixed()}), and
     * whether a loop that keeps its state for an adjoint loop keeps it within the kept-values budget
     * ({@link #withinBudget()}: every trip's state while that fits, snapshots past it) or keeps every trip's
     * state whatever it costs (past the budget, the kept-state limit error).
     */
    public enum Loops {
        /**
         * A loop whose differentiated state is scalars depending on at most two inputs that need adjoints is
         * differentiated in forward mode as it runs (nothing kept, no adjoint loop); every other loop gets an
         * adjoint loop, within the kept-values budget. The default.
         */
        MIXED(true, true),
        /** Every loop gets an adjoint loop, within the kept-values budget (for tests and comparison). */
        REVERSE(false, true),
        /** As {@link #MIXED}, but a loop keeps every trip's state: the store-everything reference. */
        MIXED_KEEP_ALL(true, false),
        /** As {@link #REVERSE}, but a loop keeps every trip's state: the store-everything reference. */
        REVERSE_KEEP_ALL(false, false);

        private final boolean mixed;
        private final boolean withinBudget;

        Loops(boolean mixed, boolean withinBudget) {
            this.mixed = mixed;
            this.withinBudget = withinBudget;
        }

        /** Whether small scalar loops are differentiated in forward mode as they run. */
        public boolean mixed() {
            return mixed;
        }

        /** Whether kept loops are checkpointed when their states would pass the kept-values budget. */
        public boolean withinBudget() {
            return withinBudget;
        }
    }

    /** As {@link #gradient(FunctionIr, List, boolean)}, choosing how loops are differentiated. */
    public static Graph gradient(FunctionIr f, List<String> wrt, boolean withSeed, Loops loops) {
        List<Type> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (FunctionIr.ParamInfo p : f.params()) {
            types.add(p.type());
            names.add(p.name());
        }
        return of(f.graph(), types, names, wrt, withSeed ? f.output() : null, 0, loops);
    }

    /**
     * Differentiates result {@code result} of any graph (such as one the tangent pass made) with respect to
     * the named parameters. With a {@code seedType} the seed is an extra last parameter, else the result must
     * be a real scalar and the seed is 1.
     */
    public static Graph of(Graph graph, List<Type> paramTypes, List<String> paramNames, List<String> wrt,
                           Type seedType, int result) {
        return of(graph, paramTypes, paramNames, wrt, seedType, result, Loops.MIXED);
    }

    /** As {@link #of(Graph, List, List, List, Type, int)}, choosing how loops are differentiated. */
    public static Graph of(Graph graph, List<Type> paramTypes, List<String> paramNames, List<String> wrt,
                           Type seedType, int result, Loops loops) {
        return DerivativeSize.limited(() -> within(graph, paramTypes, paramNames, wrt, seedType, result, loops));
    }

    private static Graph within(Graph graph, List<Type> paramTypes, List<String> paramNames, List<String> wrt,
                                Type seedType, int result, Loops loops) {
        GraphBuilder b = new GraphBuilder();
        Rules g = new Rules(b);
        int n = paramTypes.size();
        int[] params = new int[n];
        boolean[] varied = new boolean[n];
        for (int i = 0; i < n; i++) {
            params[i] = b.addParam(new Param(i), paramTypes.get(i), graph.node(graph.params().get(i)).span(),
                    paramNames.get(i));
            varied[i] = wrt.contains(paramNames.get(i));
        }
        int seed;
        if (seedType != null) {
            seed = b.addParam(new Param(n), seedType, null, "seed");
        } else {
            if (!(graph.type(graph.result(result)) instanceof Type.Real r) || !r.isScalar()) {
                throw new IllegalArgumentException("the output is not a scalar: " + graph.type(graph.result(result)));
            }
            seed = g.constant(1.0);
        }
        Nested.refuseUnsupportedStacks(graph, varied);
        int[] seeds = new int[graph.results().size()];
        java.util.Arrays.fill(seeds, Primitive.NONE);
        seeds[result] = seed;
        Reverse.Result r;
        try {
            r = new Reverse(g, loops).run(graph, params, varied, seeds);
        } finally {
            CondForward.forget();
            CheckpointInner.forget();
            KeptRegions.forget();
        }
        List<Integer> results = new ArrayList<>();
        results.add(r.forward()[graph.result(result)]);
        for (String name : wrt) {
            int i = paramNames.indexOf(name);
            int a = r.paramAdjoints()[i];
            results.add(a == Primitive.NONE ? g.zerosLike(params[i]) : a);
        }
        return b.build(results);
    }
}
