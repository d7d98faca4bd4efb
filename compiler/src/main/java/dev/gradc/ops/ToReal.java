package dev.gradc.ops;

import dev.gradc.ir.Type;
import java.util.List;

/** Promotes an int to a real scalar. Ints are never differentiated. */
public record ToReal() implements Primitive {

    @Override
    public String mnemonic() {
        return "to_real";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.Int)) {
            throw new OpError("to_real expects an int, got " + inputs.get(0));
        }
        return Type.SCALAR;
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        return NDArray.scalar((Integer) inputs[0]);
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
