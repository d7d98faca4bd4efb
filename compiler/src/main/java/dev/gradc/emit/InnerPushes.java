package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.Binary;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Proj;
import dev.gradc.ops.Push;
import dev.gradc.ops.SizeOf;
import dev.gradc.ops.While;
import dev.gradc.runtime.TripSums;
import java.util.ArrayList;
import java.util.List;

/**
 * A counted inner loop of a loop's body that carries one of the outer loop's stacks and pushes the same number
 * of reals onto it every inner trip, its trip count known on each outer trip from the outer loop's counter:
 * its counter starts at an outer counter plus a constant (or at an outer invariant) and its bound is an outer
 * invariant (a literal, a size or an invariant input). Over the outer loop's trips its trip counts are then
 * {@code first}, {@code first + step}, … (step −1, 0 or 1; none below zero), whose sum {@link TripSums#series}
 * gives before the outer loop starts ({@link StackReservations}).
 *
 * @param stackInput the inner loop's input that is the stack before it (a node of the outer body)
 * @param first the inner trip count on the outer loop's first trip, as a Java long expression
 * @param step how the inner trip count changes per outer trip
 * @param perTrip the reals one inner trip pushes, as Java
 * @param loop the inner loop (a node of the outer body)
 * @param carried which of the inner loop's carried values the stack is
 */
record InnerPushes(int stackInput, String first, int step, String perTrip, int loop, int carried) {

    /**
     * The inner loop whose result {@code proj} (a node of the outer body g) is, when it is one of this form; else
     * null. {@code outer}: the outer loop's counting comparisons; {@code params}: the Java of its inputs on entry.
     */
    static InnerPushes of(GraphCode gc, GraphInfo info, While outerLoop, Node proj, List<While.Counted> outer,
                          List<Expr> params) {
        Graph g = outerLoop.body();
        int carried = outerLoop.carried();
        if (!(proj.op() instanceof Proj p) || !(g.node(info.rep(proj.input(0))).op() instanceof While w)
                || w.counted() == null || p.index() >= w.carried()) {
            return null;
        }
        Node loop = g.node(info.rep(proj.input(0)));
        int r = p.index();
        Graph body = w.body();
        List<String> sizes = new ArrayList<>();
        Node node = body.node(body.result(r));
        while (node.op() instanceof Push) {
            sizes.add(StackReservations.pushed(gc, body, node));
            node = body.node(node.input(0));
        }
        if (sizes.isEmpty() || node.id() != body.params().get(r)) {
            return null;
        }
        While.Counted c = w.counted();
        String to = c.literalBound() ? Integer.toString(c.toValue())
                : c.inputBound() ? invariant(gc, info, g, carried, loop.input(c.toInput()), params)
                : JavaTypes.sizeVar(c.toSize(), gc.m.sizeVars);
        Start from = start(gc, info, g, carried, loop.input(c.counter()), outer, params);
        if (to == null || from == null) {
            return null;
        }
        // inner trips = to - from counting up, from - to counting down; from moves by the outer step per trip
        String first = c.step() == 1 ? from.code().equals("0") ? "(long) " + to : "(long) " + to + " - " + from.code()
                : to.equals("0") ? "(long) " + from.code() : "(long) " + from.code() + " - " + to;
        return new InnerPushes(loop.input(r), first, -c.step() * from.step(), String.join(" + ", sizes), loop.id(), r);
    }

    /** {@code TripSums.series(first, step, outerTrips)}: the inner trips in all (outerTrips: Java, capped). */
    CodeBlock trips(String outerTrips) {
        return CodeBlock.of("$T.series($L, $L, $L)", TripSums.class, first, step, outerTrips);
    }

    /** An inner loop's start on the outer loop's first trip (Java, an operand of {@code -}), and its step per trip. */
    private record Start(String code, int step) {
    }

    /**
     * Node id of the outer body as an outer counter plus or minus an int literal, or the counter itself (its
     * step that counter's), or an outer invariant (step 0); else null.
     */
    private static Start start(GraphCode gc, GraphInfo info, Graph g, int carried, int id,
                               List<While.Counted> outer, List<Expr> params) {
        Node n = g.node(info.rep(id));
        String invariant = invariant(gc, info, g, carried, id, params);
        if (invariant != null) {
            return new Start(invariant, 0);
        }
        int counter = n.id();
        String offset = "";
        if (n.op() == Binary.ADD || n.op() == Binary.SUB) {
            Node a = g.node(info.rep(n.input(0)));
            Node b = g.node(info.rep(n.input(1)));
            if (b.op() instanceof IntConstant k) {
                counter = a.id();
                offset = (n.op() == Binary.ADD) == (k.value() >= 0) ? " + " + Math.abs((long) k.value())
                        : " - " + Math.abs((long) k.value());
            } else if (n.op() == Binary.ADD && a.op() instanceof IntConstant k) {
                counter = b.id();
                offset = (k.value() >= 0 ? " + " : " - ") + Math.abs((long) k.value());
            } else {
                return null;
            }
        }
        int j = g.params().indexOf(counter);
        for (While.Counted c : outer) {
            if (c.counter() == j) {
                String at = params.get(j).textAt(Expr.MULTIPLICATIVE);
                return new Start(offset.isEmpty() ? at : "(" + at + offset + ")", c.step());
            }
        }
        return null;
    }

    /** Node id of the outer body as Java when it is the same on every outer trip: a literal, a size, an invariant. */
    private static String invariant(GraphCode gc, GraphInfo info, Graph g, int carried, int id, List<Expr> params) {
        Node n = g.node(info.rep(id));
        int j = g.params().indexOf(n.id());
        if (j >= carried) {
            return params.get(j).textAt(Expr.MULTIPLICATIVE);
        } else if (n.op() instanceof IntConstant k) {
            return k.value() < 0 ? "(" + k.value() + ")" : Integer.toString(k.value());
        } else if (n.op() instanceof SizeOf s) {
            return JavaTypes.sizeVar(s.size(), gc.m.sizeVars);
        }
        return null;
    }
}
