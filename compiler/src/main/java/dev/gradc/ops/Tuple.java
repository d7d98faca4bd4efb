package dev.gradc.ops;

import dev.gradc.ir.Type;
import java.util.List;

/**
 * A region's results put together again from separate values: how a branch of an adjoint cond stands for a
 * forward region whose results the forward cond kept. Only the gradient pass makes one, and {@link
 * Rules#proj} of it is the part itself, so none is left once dead nodes are removed; it never reaches the
 * emitter.
 */
public record Tuple() implements Primitive {

    @Override
    public String mnemonic() {
        return "tuple";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return new Type.Tuple(List.copyOf(inputs));
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        return inputs.clone();
    }
}
