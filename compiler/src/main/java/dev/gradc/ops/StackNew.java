package dev.gradc.ops;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
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

    /** A stack that names no loop; the interpreter makes its stacks with {@link #filling}'s position. */
    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        return new ValueStack(null);
    }

    /**
     * The position ({@code "file:line"}) of the loop that fills the stack node {@code n} of g makes: the first loop
     * of g that takes it as an input; null when none does. The kept-state error of a push past the budget names it,
     * in the generated code (the stack's constructor) and in the interpreter alike.
     */
    public static String filling(Graph g, int n) {
        for (Node user : g.nodes()) {
            if (user.op() instanceof While w && user.inputs().contains(n)) {
                return w.where();
            }
        }
        return null;
    }
}
