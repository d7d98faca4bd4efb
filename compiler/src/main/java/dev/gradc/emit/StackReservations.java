package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Push;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.List;

/**
 * The room a loop reserves on the stacks it carries before it starts ({@link dev.gradc.runtime.DoubleStack#reserve}),
 * so that a stack whose pushes are known on entry is never copied to grow.
 */
final class StackReservations {

    private StackReservations() {
    }

    /**
     * A counted loop ({@link While#counted}) that pushes the same number of reals
     * onto a stack on every trip reserves the stack's room for all its trips before it starts
     * ({@link dev.gradc.runtime.DoubleStack#reserve}), so that the stack is never copied to grow. The
     * reservation is capped by the iteration limit, and the stack's own limit caps it again.
     */
    static void reserve(GraphCode gc, While w, GraphInfo info, List<String> vars, List<Expr> params) {
        String trips = counted(gc, w, params);
        if (trips == null) {
            return;
        }
        Graph g = w.body();
        for (int k = 0; k < w.carried(); k++) {
            if (!(g.type(g.params().get(k)) instanceof Type.Stack st) || !(st.element() instanceof Type.Real)) {
                continue;
            }
            List<String> sizes = new ArrayList<>();
            Node node = g.node(info.rep(g.results().get(k)));
            while (node.op() instanceof Push) {
                Type t = g.type(node.input(1));
                sizes.add(t instanceof Type.Real r && !r.isScalar()
                        ? JavaTypes.size(r.shape(), gc.m.sizeVars).textAt(Expr.MULTIPLICATIVE) : "1");
                node = g.node(info.rep(node.input(0)));
            }
            if (sizes.isEmpty() || node.id() != g.params().get(k)) {
                continue;
            }
            gc.m.code.addStatement("$L.reserve($T.min($L, $L), $L)", vars.get(k), Math.class, trips, gc.m.limit(),
                    String.join(" + ", sizes));
        }
    }

    /**
     * The trip count of a counted loop ({@link While#counted}, a fact of the IR) as a Java long expression
     * ({@code to - from}, or {@code from - to} counting down), or null when the loop has none.
     */
    private static String counted(GraphCode gc, While w, List<Expr> params) {
        While.Counted c = w.counted();
        if (c == null) {
            return null;
        }
        String to = c.literalBound() ? Integer.toString(c.toValue())
                : c.inputBound() ? params.get(c.toInput()).textAt(Expr.MULTIPLICATIVE)
                : JavaTypes.sizeVar(c.toSize(), gc.m.sizeVars);
        String from = params.get(c.counter()).textAt(Expr.MULTIPLICATIVE);
        return c.step() == 1 ? "(long) " + to + " - " + from : "(long) " + from + " - " + to;
    }
}
