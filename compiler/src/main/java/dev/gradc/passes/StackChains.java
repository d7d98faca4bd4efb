package dev.gradc.passes;

import dev.gradc.diag.DerivativeMessages;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Proj;
import dev.gradc.ops.Push;
import dev.gradc.ops.StackNew;
import dev.gradc.ops.Rules;
import java.util.ArrayList;
import java.util.List;

/**
 * The stacks a loop carries when the loop is itself part of a derivative (the forward and adjoint loops of an
 * inner {@code grad}), seen by an outer gradient pass. A stack is changed in place, so an outer adjoint loop
 * can neither keep it per trip nor rerun a trip's pops; it never needs to: a push's adjoint pops the adjoint
 * stack and a pop's adjoint pushes onto it, neither reading the forward stack. What a trip's recomputation
 * does need are the values its pops gave, so those are what the outer loop keeps per trip (on a stack of the
 * same element type), and the recomputation takes them instead of popping again.
 *
 * <p>That needs the stack's uses in one trip to be a chain: from the body's parameter, pushes and pops (each
 * version of the stack read once, at the body's top level) to the body's result at the same position.
 */
final class StackChains {

    private StackChains() {
    }

    /**
     * The chain of carried stack {@code j} in a loop body: its nodes in order (pushes, pops and the pops'
     * stack projections, the parameter excluded) and, among them, the pops.
     */
    record Chain(List<Integer> nodes, List<Integer> pops) {
    }

    /** Whether any carried value of the loop is a stack. */
    static boolean carriesStack(dev.gradc.ops.While w) {
        Graph body = w.body();
        for (int j = 0; j < w.carried(); j++) {
            if (body.type(body.params().get(j)) instanceof Type.Stack) {
                return true;
            }
        }
        return false;
    }

    /** The chain of carried stack j; throws {@link UnsupportedOperationException} when its uses are not one. */
    static Chain of(Graph body, int j) {
        int[] uses = new int[body.size()];
        int[] user = new int[body.size()];
        for (Node n : body.nodes()) {
            for (int in : n.inputs()) {
                uses[in]++;
                user[in] = n.id();
            }
        }
        for (int r : body.results()) {
            uses[r]++;
        }
        List<Integer> nodes = new ArrayList<>();
        List<Integer> pops = new ArrayList<>();
        int cur = body.params().get(j);
        while (cur != body.result(j)) {
            if (uses[cur] != 1) {
                throw unsupported();
            }
            Node next = body.node(user[cur]);
            if (next.op() instanceof Push && next.input(0) == cur && next.input(1) != cur) {
                cur = next.id();
                nodes.add(cur);
            } else if (next.op() instanceof Pop) {
                int rest = stackPart(body, next.id());
                nodes.add(next.id());
                pops.add(next.id());
                if (rest < 0) {
                    throw unsupported();
                }
                nodes.add(rest);
                cur = rest;
            } else {
                throw unsupported();
            }
        }
        if (uses[cur] != 1) {
            throw unsupported();
        }
        return new Chain(List.copyOf(nodes), List.copyOf(pops));
    }

    /** The projection that is the stack left by pop node {@code pop} (there is at most one), or -1. */
    private static int stackPart(Graph body, int pop) {
        for (int i = pop + 1; i < body.size(); i++) {
            Node n = body.node(i);
            if (n.op() instanceof Proj p && p.index() == 0 && n.input(0) == pop) {
                return i;
            }
        }
        return -1;
    }

    /** The projections giving the value popped by pop node {@code pop}. */
    static List<Integer> popped(Graph body, int pop) {
        List<Integer> out = new ArrayList<>();
        for (int i = pop + 1; i < body.size(); i++) {
            Node n = body.node(i);
            if (n.op() instanceof Proj p && p.index() == 1 && n.input(0) == pop) {
                out.add(i);
            }
        }
        return out;
    }

    /** What an outer loop keeps per trip for a carried value of type t: t's stack, or for a stack its pops' values. */
    static Type keptType(Type t) {
        return t instanceof Type.Stack ? t : new Type.Stack(t);
    }

    /** The zero adjoint of a value of type t like node {@code like}: zeros, or for a stack an empty stack. */
    static int zero(Rules g, Type t, int like) {
        return t instanceof Type.Stack s ? g.apply(new StackNew(s.element())) : g.zerosLike(like);
    }

    private static UnsupportedOperationException unsupported() {
        return new UnsupportedOperationException(DerivativeMessages.reverseOverStackUse());
    }
}
