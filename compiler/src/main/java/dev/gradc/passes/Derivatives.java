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
        return Optimizer.optimize(GradientPass.gradient(f, wrt, false));
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
        return Optimizer.optimize(GradientPass.gradient(f, wrt, true));
    }

    /**
     * Jacobian-vector product: extra parameters are the tangents ṗ of each p in {@code wrt} (shaped like p);
     * results are (value, ḟ = Σ ∂f/∂p·ṗ), ḟ shaped like the output.
     */
    public static Graph jvp(FunctionIr f, List<String> wrt) {
        return Optimizer.optimize(TangentPass.jvp(f, wrt));
    }

    /**
     * Hessian-vector product of a scalar function, by composing the passes (the gradient of the tangent
     * graph): extra parameters are the direction ṗ for each p in {@code wrt}; results are (∇f·ṗ, then
     * (H·ṗ) restricted to each p in {@code wrt}). Column j of the Hessian is the product with basis vector j.
     */
    public static Graph hvp(FunctionIr f, List<String> wrt) {
        Graph tangent = TangentPass.jvp(f, wrt);
        List<Type> types = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (FunctionIr.ParamInfo p : f.params()) {
            types.add(p.type());
            names.add(p.name());
        }
        for (String w : wrt) {
            types.add(f.params().get(f.paramIndex(w)).type());
            names.add(w + "Dot");
        }
        return Optimizer.optimize(GradientPass.of(tangent, types, names, wrt, null, 1));
    }
}
