package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ir.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * The derivative graphs of a function, built by the gradient and tangent passes. Every graph's parameters
 * are the function's parameters in order, followed by the extra inputs named below; its results start with
 * the function's value.
 */
public final class Derivatives {

    private Derivatives() {
    }

    /**
     * Reverse mode for a scalar output: results are (value, ∂f/∂p for each p in {@code wrt}, in that order),
     * each adjoint shaped like its parameter.
     */
    public static Graph gradient(FunctionIr f, List<String> wrt) {
        return DerivativeSize.written(Optimizer.optimize(GradientPass.gradient(f, wrt, false)));
    }

    /**
     * As {@link #gradient(FunctionIr, List)}, choosing how loops are differentiated ({@link
     * GradientPass.Loops#REVERSE} gives every loop an adjoint loop, as tests of that machinery need).
     */
    public static Graph gradient(FunctionIr f, List<String> wrt, GradientPass.Loops loops) {
        return DerivativeSize.written(Optimizer.optimize(GradientPass.gradient(f, wrt, false, loops)));
    }

    /** The value graph, optimised: the function's parameters in, its value out. */
    public static Graph value(FunctionIr f) {
        return Optimizer.optimize(f.graph());
    }

    /**
     * Vector-Jacobian product: one extra parameter, the seed ȳ (shaped like the output); results are
     * (value, ȳᵀ·∂f/∂p for each p in {@code wrt}).
     */
    public static Graph vjp(FunctionIr f, List<String> wrt) {
        return DerivativeSize.written(Optimizer.optimize(GradientPass.gradient(f, wrt, true)));
    }

    /**
     * Jacobian-vector product: extra parameters are the tangents ṗ of each p in {@code wrt} (shaped like p);
     * results are (value, ḟ = Σ ∂f/∂p·ṗ), ḟ shaped like the output.
     */
    public static Graph jvp(FunctionIr f, List<String> wrt) {
        return DerivativeSize.written(Optimizer.optimize(TangentPass.jvp(f, wrt)));
    }

    /**
     * Hessian-vector product of a scalar function, forward-over-reverse: the tangent pass applied to the
     * gradient graph (the tangent pass carries tangents through the stacks the gradient pass's loops keep).
     * Extra parameters are the direction ṗ for each p in {@code wrt}; results are (value, then ∇f restricted to
     * each p, then (H·ṗ) restricted to each p). Column j of the Hessian is the product with basis vector j.
     */
    public static Graph hvp(FunctionIr f, List<String> wrt) {
        return hvp(f, wrt, GradientPass.Loops.MIXED);
    }

    /** As {@link #hvp(FunctionIr, List)}, choosing how the gradient pass differentiates loops. */
    public static Graph hvp(FunctionIr f, List<String> wrt, GradientPass.Loops loops) {
        Graph gradient = GradientPass.gradient(f, wrt, false, loops);
        Graph both = TangentPass.of(gradient, paramTypes(f), paramNames(f), wrt);
        return DerivativeSize.written(Optimizer.optimize(select(both, 1 + wrt.size())));
    }

    /**
     * The same product reverse-over-forward (the gradient of the tangent graph): results are (∇f·ṗ, then H·ṗ
     * restricted to each p). Composition works both ways; tests check that the two agree.
     */
    public static Graph hvpReverseOverForward(FunctionIr f, List<String> wrt) {
        Graph tangent = TangentPass.jvp(f, wrt);
        List<Type> types = new ArrayList<>(paramTypes(f));
        List<String> names = new ArrayList<>(paramNames(f));
        for (String w : wrt) {
            types.add(f.params().get(f.paramIndex(w)).type());
            names.add(w + "Dot");
        }
        return DerivativeSize.written(Optimizer.optimize(GradientPass.of(tangent, types, names, wrt, null, 1)));
    }

    private static List<Type> paramTypes(FunctionIr f) {
        return f.params().stream().map(FunctionIr.ParamInfo::type).toList();
    }

    private static List<String> paramNames(FunctionIr f) {
        return f.params().stream().map(FunctionIr.ParamInfo::name).toList();
    }

    /** The graph with its results cut to (value, gradient..., and the tangents of the gradient...). */
    private static Graph select(Graph g, int forwardResults) {
        List<Integer> keep = new ArrayList<>();
        for (int i = 0; i < forwardResults; i++) {
            keep.add(g.result(i));
        }
        for (int i = 1; i < forwardResults; i++) {
            keep.add(g.result(forwardResults + i));
        }
        return new Graph(g.nodes(), g.params(), keep);
    }
}
