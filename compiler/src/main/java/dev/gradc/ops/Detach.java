package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import java.util.List;

/** {@code detach(e)}: the value of e, a constant for every derivative (stop-gradient). */
public record Detach() implements Primitive {

    @Override
    public String mnemonic() {
        return "detach";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return inputs.get(0);
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        return inputs[0];
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
        return java.util.EnumSet.of(Trait.NON_DIFFERENTIABLE);
    }
}
