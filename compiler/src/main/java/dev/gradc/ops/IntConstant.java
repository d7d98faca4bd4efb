package dev.gradc.ops;

import dev.gradc.ir.Type;
import java.util.List;

/** An int constant (loop bounds, indices). */
public record IntConstant(int value) implements Primitive {

    @Override
    public String mnemonic() {
        return "int";
    }

    @Override
    public String attributes() {
        return Integer.toString(value);
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return Type.INT;
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
