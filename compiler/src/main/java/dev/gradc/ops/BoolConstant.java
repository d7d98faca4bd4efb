package dev.gradc.ops;

import dev.gradc.ir.Type;
import java.util.List;

/** {@code true} or {@code false}. */
public record BoolConstant(boolean value) implements Primitive {

    @Override
    public String mnemonic() {
        return "bool";
    }

    @Override
    public String attributes() {
        return Boolean.toString(value);
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return Type.BOOL;
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        return value;
    }

    @Override
    public boolean isNonDifferentiable() {
        return true;
    }
}
