package dev.gradc.ops;

import dev.gradc.ir.Type;
import java.util.List;

/** A graph's parameter number {@code index}: a function argument, or a region's input. */
public record Param(int index) implements Primitive {

    @Override
    public String mnemonic() {
        return "param";
    }

    @Override
    public String attributes() {
        return Integer.toString(index);
    }

    @Override
    public Type inferType(List<Type> inputs) {
        throw new IllegalStateException("a parameter's type is given, not inferred");
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        throw new IllegalStateException("parameters are bound by the engine");
    }
}
