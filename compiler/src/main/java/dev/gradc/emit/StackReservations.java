package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Push;
import dev.gradc.ops.While;
import dev.gradc.runtime.DoubleStack;
import dev.gradc.runtime.TripSums;
import java.util.ArrayList;
import java.util.List;

/**
 * The room a loop reserves on the stacks it carries before it starts ({@link DoubleStack#reserve}),
 * so that a stack whose pushes are known on entry is never copied to grow.
 */
final class StackReservations {

    private StackReservations() {
    }

    /**
     * A loop whose trip count is known on entry ({@link While.Counted#conjuncts}) reserves, before it starts, the
     * room on each real stack it carries for all the values its trips push ({@link DoubleStack#reserve}), so
     * that the stack is never copied to grow: the values pushed the same number every trip, and those pushed
     * by a counted inner loop ({@link InnerPushes}) on every trip, whose trip count moves with the outer counter (an
     * elimination's {@code for i in k+1..n} inside {@code for k in 0..n}: their sum). The trip count is capped
     * by the iteration limit, the counts saturate ({@link TripSums}) and the stack's own limit caps the
     * reservation again. Pushes in a branch count where the trips that take it are known on entry
     * ({@link BranchPushes}: a branch taken while a counter is below a bound), and in a write journal's loop, whose
     * trips its budget bounds, as the larger branch on every trip; a stack pushed in any other way (in another
     * branch, by a loop that is not counted) is reserved nothing and grows as it is pushed.
     */
    static void reserve(GraphCode gc, While w, GraphInfo info, List<String> vars, List<Expr> params) {
        List<While.Counted> counts = w.counted() != null ? List.of(w.counted())
                : While.Counted.conjuncts(w.condition(), w.body(), w.carried());
        if (counts == null) {
            return;
        }
        String trips = counts.stream().map(c -> tripCount(gc, c, params))
                .reduce((a, b) -> "Math.min(" + a + ", " + b + ")").orElseThrow();
        String capped = "Math.min(" + trips + ", " + gc.m.limit() + ")";
        String declared = null; // the capped count of several comparisons, once in a variable of its own
        Graph g = w.body();
        for (int k = 0; k < w.carried(); k++) {
            if (!(g.type(g.params().get(k)) instanceof Type.Stack st) || !(st.element() instanceof Type.Real)) {
                continue;
            }
            List<String> sizes = new ArrayList<>();
            List<InnerPushes> inner = new ArrayList<>();
            List<BranchPushes> branches = new ArrayList<>();
            Node node = g.node(info.rep(g.results().get(k)));
            while (node.id() != g.params().get(k)) {
                if (node.op() instanceof Push) {
                    sizes.add(pushed(gc, g, node));
                    node = g.node(info.rep(node.input(0)));
                    continue;
                }
                InnerPushes loop = InnerPushes.of(gc, info, w, node, counts, params);
                if (loop != null) {
                    inner.add(loop);
                    node = g.node(info.rep(loop.stackInput()));
                    continue;
                }
                BranchPushes cond = BranchPushes.of(gc, info, w, node, params);
                if (cond == null) {
                    break;
                }
                if (!cond.terms().isEmpty()) {
                    branches.add(cond);
                }
                node = g.node(info.rep(cond.stackInput()));
            }
            if (node.id() != g.params().get(k) || sizes.isEmpty() && inner.isEmpty() && branches.isEmpty()) {
                continue;
            }
            if (counts.size() > 1 && declared == null) {
                declared = gc.m.names.newName("tripsAhead");
                gc.m.code.addStatement("long $L = $L", declared, capped);
            }
            String outer = declared != null ? declared : capped;
            if (inner.isEmpty() && branches.isEmpty()) {
                gc.m.code.addStatement("$L.reserve($L, $L)", vars.get(k), outer, String.join(" + ", sizes));
            } else if (branches.size() == 1 && branches.get(0).terms().size() == 1 && inner.isEmpty() && sizes.isEmpty()) {
                BranchPushes.Term only = branches.get(0).terms().get(0);
                gc.m.code.addStatement("$L.reserve($L, $L)", vars.get(k), only.trips().apply(outer), only.perTrip());
            } else if (inner.size() == 1 && sizes.isEmpty() && branches.isEmpty()) {
                gc.m.code.addStatement("$L.reserve($L, $L)", vars.get(k), inner.get(0).trips(outer), inner.get(0).perTrip());
            } else {
                CodeBlock values = sizes.isEmpty() ? null
                        : CodeBlock.of("$T.times($L, $L)", TripSums.class, outer, String.join(" + ", sizes));
                for (InnerPushes loop : inner) {
                    CodeBlock term = CodeBlock.of("$T.times($L, $L)", TripSums.class, loop.trips(outer), loop.perTrip());
                    values = values == null ? term : CodeBlock.of("$T.plus($L, $L)", TripSums.class, values, term);
                }
                for (BranchPushes cond : branches) {
                    CodeBlock term = cond.values(outer);
                    values = values == null ? term : CodeBlock.of("$T.plus($L, $L)", TripSums.class, values, term);
                }
                gc.m.code.addStatement("$L.reserve($L, 1)", vars.get(k), values);
            }
        }
    }

    /** The number of reals push n pushes, as Java. */
    static String pushed(GraphCode gc, Graph g, Node n) {
        Type t = g.type(n.input(1));
        return t instanceof Type.Real r && !r.isScalar()
                ? JavaTypes.size(r.shape(), gc.m.sizeVars).textAt(Expr.MULTIPLICATIVE) : "1";
    }

    /**
     * The trip count of counted loop c ({@code to - from}, or {@code from - to} counting down; params: the Java
     * of the loop's inputs) as a Java long expression.
     */
    static String tripCount(GraphCode gc, While.Counted c, List<Expr> params) {
        String to = c.literalBound() ? Integer.toString(c.toValue())
                : c.inputBound() ? params.get(c.toInput()).textAt(Expr.MULTIPLICATIVE)
                : JavaTypes.sizeVar(c.toSize(), gc.m.sizeVars);
        String from = params.get(c.counter()).textAt(Expr.MULTIPLICATIVE);
        return c.step() == 1 ? "(long) " + to + " - " + from : "(long) " + from + " - " + to;
    }
}
