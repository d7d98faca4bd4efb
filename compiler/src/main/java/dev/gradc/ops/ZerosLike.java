package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import java.util.List;

/** Zeros shaped like its input: where a region must give an adjoint that one branch does not have. */
public record ZerosLike() implements Primitive {

    @Override
    public String mnemonic() {
        return "zeros_like";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return inputs.get(0);
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        if (inputs[0] instanceof NDArray a) {
            return NDArray.filled(0, a.shape());
        }
        return 0;
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return new int[] {NONE};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] tangents) {
        return NONE;
    }

    @Override
    public boolean isNonDifferentiable() {
        return true;
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.ELEMENTWISE, Trait.NON_DIFFERENTIABLE, Trait.READS_ONLY);
    }
}
