package dev.gradc.ops;

import dev.gradc.ir.Type;
import java.util.List;

/** A new empty stack: what a forward loop fills for its adjoint loop. */
public record StackNew(Type element) implements Primitive {

    @Override
    public String mnemonic() {
        return "stack_new";
    }

    /** A stack is changed in place: each push, pop and new stack is a node of its own. */
    @Override
    public boolean stateful() {
        return true;
    }

    @Override
    public String attributes() {
        return element.toString();
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return new Type.Stack(element);
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        return new ValueStack();
    }
}
