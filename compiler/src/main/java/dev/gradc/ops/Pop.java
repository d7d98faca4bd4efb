package dev.gradc.ops;

import dev.gradc.ir.Type;
import java.util.List;

/** {@code pop(stack)}: the pair (stack without its top, the top). */
public record Pop() implements Primitive {

    @Override
    public String mnemonic() {
        return "pop";
    }

    /** A stack is changed in place: each push, pop and new stack is a node of its own. */
    @Override
    public boolean stateful() {
        return true;
    }

    @Override
    public Type inferType(List<Type> inputs) {
        Type.Stack s = (Type.Stack) inputs.get(0);
        return new Type.Tuple(List.of(s, s.element()));
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        ValueStack s = (ValueStack) inputs[0];
        Object top = s.pop();
        return new Object[] {s, top};
    }
}
