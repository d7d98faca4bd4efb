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

    /**
     * Pushes a copy of an array, as the generated code's stacks do ({@code pushAll}, a clone of an int array): a
     * write after the push may then change the array in place, where keeping the array itself would make that
     * write copy it — each trip of a loop that keeps its states, even a trip that writes nothing.
     */
    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        Object v = inputs[1] instanceof NDArray a ? new NDArray(a.data().clone(), a.shape().clone())
                : inputs[1] instanceof IntND a ? new IntND(a.data().clone(), a.shape().clone()) : inputs[1];
        return ((ValueStack) inputs[0]).push(v, ctx.maxKeptValues());
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.READS_ONLY);
    }
}
