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
     * The position of the loop that fills the stack node {@code n} of g makes: the first loop of g that takes it as an
     * input ({@code "file:line"}). When no loop of g does (a branch of a cond that makes an empty stack for its
     * result, the other branch filling it), the position of the statement the gradient pass made it for, which it
     * gave the node ({@code "file:line:column"}: the loop or {@code if} it keeps values of); null only when the node
     * has no position. The kept-state error of a push past the budget names it, in the generated code (the stack's
     * constructor) and in the interpreter alike. Until December 2026 such a stack named nothing in either engine.
     */
    public static String filling(Graph g, int n) {
        for (Node user : g.nodes()) {
            if (user.op() instanceof While w && user.inputs().contains(n)) {
                return w.where();
            }
        }
        dev.gradc.diag.Span span = g.node(n).span();
        return span != null && span.isKnown() ? span.where() : null;
    }
}
