package dev.gradc.ops;

import dev.gradc.ir.Type;
import java.util.List;

/**
 * {@code discard(stack, dropped)}: {@code stack} as it is, once {@code dropped} has been emptied (what it held no
 * longer counted as held, a stack it holds emptied in turn). Where a trip filled stacks of its own and then keeps
 * none of them (a checkpointed loop's trip that does not fit its snapshots, {@code passes/CheckpointInner}),
 * nothing pops them; discarding them onto the stack they would have been pushed onto keeps the drop in the graph
 * exactly when that stack is (dead-node removal), and leaves every stack as the trip found it.
 */
public record Discard() implements Primitive {

    @Override
    public String mnemonic() {
        return "discard";
    }

    /** A stack is changed in place: each push, pop, discard and new stack is a node of its own. */
    @Override
    public boolean stateful() {
        return true;
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return inputs.get(0);
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        ((ValueStack) inputs[1]).clear();
        return inputs[0];
    }
}
