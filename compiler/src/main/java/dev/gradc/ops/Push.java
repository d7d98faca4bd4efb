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

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        return ((ValueStack) inputs[0]).push(inputs[1], ctx.maxKeptValues());
    }
}
