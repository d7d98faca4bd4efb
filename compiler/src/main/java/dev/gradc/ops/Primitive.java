package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Op;
import dev.gradc.ir.Type;
import java.util.List;

/**
 * A primitive op with everything about it: type (shape) rule, evaluation, and derivative rules.
 * Derivative rules build nodes with {@link Rules}, so they read like the math.
 */
public interface Primitive extends Op {

    /** Marks "no gradient" in rule results: an explicit value, never a tensor of zeros. */
    int NONE = -1;

    /** The result type for operands of these types; throws {@link OpError} with a user-facing message. */
    Type inferType(List<Type> inputs);

    /** The value for these operand values (NDArray, Integer, Boolean or boolean[] masks). */
    Object eval(Object[] inputs, EvalContext ctx);

    /**
     * Reverse mode: the adjoint contribution to each input (or {@link #NONE}), given the adjoint
     * {@code bar} of the output. Contributions may have the output's (broadcast) shape: the gradient pass
     * un-broadcasts them, once. Only inputs with {@code need[i]} must be computed.
     *
     * @param in  the node's inputs, as ids in the graph being built
     * @param out the node's own value, as an id in the graph being built
     */
    default int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        throw new UnsupportedOperationException(mnemonic() + " has no reverse-mode rule");
    }

    /**
     * Forward mode: the output's tangent from the inputs' tangents ({@link #NONE} for a zero tangent),
     * or {@link #NONE} when the output's tangent is zero.
     */
    default int jvp(Rules g, Node node, int[] in, int out, int[] tangents) {
        throw new UnsupportedOperationException(mnemonic() + " has no forward-mode rule");
    }

    /** What passes and the emitter may assume of this op ({@link Trait}); none by default. */
    default java.util.Set<Trait> traits() {
        return java.util.Set.of();
    }

    /** True for ops whose output carries no derivative whatever the inputs (comparisons, sizes, detach). */
    default boolean isNonDifferentiable() {
        return false;
    }
}
