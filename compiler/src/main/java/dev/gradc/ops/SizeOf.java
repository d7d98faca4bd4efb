package dev.gradc.ops;

import dev.gradc.ir.Type;
import java.util.List;

/** The int bound to a size name at call time. */
public record SizeOf(String size) implements Primitive {

    @Override
    public String mnemonic() {
        return "size";
    }

    @Override
    public String attributes() {
        return size;
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return Type.INT;
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        return ctx.sizes().get(size);
    }

    @Override
    public boolean isNonDifferentiable() {
        return true;
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.READS_ONLY);
    }
}
