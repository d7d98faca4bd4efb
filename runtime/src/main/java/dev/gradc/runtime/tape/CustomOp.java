package dev.gradc.runtime.tape;

import java.util.function.Function;

/**
 * An op whose value and backward rule come from outside the tape, for instance from a derivative program
 * the compiler built: the value is given, and the rule maps the output's adjoint to one adjoint per input
 * (null where an input gets none), each of that input's shape. It is recorded like any built-in op.
 */
public final class CustomOp {

    private CustomOp() {
    }

    /**
     * Records {@code value} (row-major, of {@code shape}) as the result of op {@code name} over {@code inputs}; it
     * has no forward-mode rule ({@link ForwardModeUnsupported} when an input carries a tangent).
     */
    public static Tensor apply(String name, double[] value, int[] shape, Function<double[], double[][]> backward,
                               Tensor... inputs) {
        return Tape.record(name, value.clone(), shape.clone(), backward::apply, inputs);
    }

    /**
     * As above, with a forward-mode rule: {@code tangent} maps the inputs' tangents (zeros for an input without
     * one) to the output's, by ops on tensors, so that it is differentiable in turn (second derivatives).
     */
    public static Tensor apply(String name, double[] value, int[] shape, Function<double[], double[][]> backward,
                               Function<Tensor[], Tensor> tangent, Tensor... inputs) {
        return Tape.record(name, value.clone(), shape.clone(), backward::apply, (y, t) -> tangent.apply(t), inputs);
    }
}
