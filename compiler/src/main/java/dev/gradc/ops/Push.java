package dev.gradc.ops;

import dev.gradc.ir.Type;
import java.util.List;

/** {@code push(stack, v)}: the stack with v on top. */
public record Push() implements Primitive {

    @Override
    public String mnemonic() {
        return "push";
    }

    /** A stack is changed in place: each push, pop and new stack is a node of its own. */
    @Override
    public boolean stateful() {
        return true;
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return inputs.get(0);
    }

    /**
     * A stack is linear in its entries: push appends one, so its adjoint takes the last entry off the adjoint
     * stack (the pushed value's adjoint) and leaves the rest (the input stack's). The forward stack is not read.
     * Which stack ops are differentiated this way, and what an outer loop keeps of them, is
     * {@code passes/StackChains}.
     */
    @Override
    public int[] vjp(Rules g, dev.gradc.ir.Node node, int[] in, int out, int bar, boolean[] need) {
        int popped = g.apply(new Pop(), bar);
        return new int[] {g.proj(popped, 0), need[1] ? g.proj(popped, 1) : NONE};
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        return ((ValueStack) inputs[0]).push(inputs[1], ctx.maxKeptValues());
    }
}
