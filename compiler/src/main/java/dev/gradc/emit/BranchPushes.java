package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.Compare;
import dev.gradc.ops.Cond;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Proj;
import dev.gradc.ops.Push;
import dev.gradc.ops.While;
import dev.gradc.runtime.TripSums;
import java.util.ArrayList;
import java.util.List;

/**
 * A cond of a loop's body that carries one of the loop's stacks, each branch pushing a fixed number of reals onto it
 * (or none), when the number it pushes in all is known on entry: both branches push the same; or the cond asks
 * {@code j < X} of a carried int {@code j} the body steps up by one (from {@code j0}) and an {@code X} the same on every
 * trip (an invariant, or a carried value the body passes on unchanged), so
 * that its first branch runs on the first {@code max(0, X - j0)} trips and the other on the rest — a loop keeping
 * its first trips' values within a budget (the gradient's {@code if (trips < snapshots) push}) reserves those
 * ({@link StackReservations}). A branch taken on trips not known on entry is of this form only in a write journal's
 * forward loop ({@link dev.gradc.ops.Checkpoint#journalForward}), where it counts as the larger branch on every
 * trip: that loop stops after as many trips as half the kept-values budget holds of what a trip may keep, every
 * branch's writes counted on every trip, so the room stays within the budget (a pivot's swap keeping its two rows).
 * In any other loop it is not: reserving it on every trip could take far more memory than the program needs (up to
 * the stack's limit, a quarter of the heap, for a branch taken once).
 *
 * @param stackInput the cond's input that is the stack before it (a node of the loop's body)
 * @param terms the reals pushed, as trip counts (Java, given the loop's capped trip count) times reals per trip
 */
record BranchPushes(int stackInput, List<Term> terms) {

    /** {@code trips(outer)} trips of {@code perTrip} reals each. */
    record Term(java.util.function.Function<String, CodeBlock> trips, String perTrip) {
    }

    /**
     * The cond whose result {@code proj} (a node of loop w's body) is, when it is one of this form; else null.
     * {@code params}: the Java of the loop's inputs on entry.
     */
    static BranchPushes of(GraphCode gc, GraphInfo info, While w, Node proj, List<Expr> params) {
        Graph g = w.body();
        if (!(proj.op() instanceof Proj p) || !(g.node(info.rep(proj.input(0))).op() instanceof Cond c)) {
            return null;
        }
        Node cond = g.node(info.rep(proj.input(0)));
        int r = p.index();
        List<String> then = new ArrayList<>();
        List<String> otherwise = new ArrayList<>();
        int from = start(gc, c.then(), r, then);
        if (from < 0 || from != start(gc, c.otherwise(), r, otherwise)) {
            return null;
        }
        List<Term> terms = new ArrayList<>();
        String first = firstTrips(info, g, w.carried(), g.node(info.rep(cond.input(0))), params);
        String thenPushes = String.join(" + ", then);
        String elsePushes = String.join(" + ", otherwise);
        if (first != null) {
            if (!then.isEmpty()) {
                terms.add(new Term(outer -> CodeBlock.of("Math.min($L, $L)", outer, first), thenPushes));
            }
            if (!otherwise.isEmpty()) {
                terms.add(new Term(outer -> CodeBlock.of("$L - Math.min($L, $L)", outer, outer, first), elsePushes));
            }
        } else if (thenPushes.equals(elsePushes)) {
            if (!then.isEmpty()) {
                terms.add(new Term(CodeBlock::of, thenPushes));
            }
        } else if (w.checkpoint() != null && w.checkpoint().journalForward()) {
            // its trips are budgeted by both branches' writes on every trip: the larger's room is within the budget
            String larger = then.isEmpty() ? elsePushes : otherwise.isEmpty() ? thenPushes
                    : "Math.max(" + thenPushes + ", " + elsePushes + ")";
            terms.add(new Term(CodeBlock::of, larger));
        } else {
            return null; // a branch taken on some trips only: reserving it for all might be far more than it needs
        }
        return new BranchPushes(cond.input(from + 1), terms);
    }

    /**
     * The parameter of branch b whose value its result r is, after the pushes onto it (their sizes added to
     * {@code sizes}); -1 when the result is made in any other way.
     */
    private static int start(GraphCode gc, Graph b, int r, List<String> sizes) {
        Node node = b.node(b.result(r));
        while (node.op() instanceof Push) {
            sizes.add(StackReservations.pushed(gc, b, node));
            node = b.node(node.input(0));
        }
        return b.params().indexOf(node.id());
    }

    /**
     * {@code Math.max(0, X - j0)} (Java, a long) when {@code test} is {@code j < X}, j a carried int the body steps
     * up by one (starting at j0, its input) and X the same on every trip (on entry: its input); else null.
     */
    private static String firstTrips(GraphInfo info, Graph g, int carried, Node test, List<Expr> params) {
        if (test.op() != Compare.LT) {
            return null;
        }
        int j = g.params().indexOf(info.rep(test.input(0)));
        Node bound = g.node(info.rep(test.input(1)));
        int x = g.params().indexOf(bound.id());
        if (j < 0 || j >= carried || dev.gradc.passes.CarriedChains.step(g, j) != 1) {
            return null;
        }
        boolean invariant = x >= carried || x >= 0 && g.result(x) == g.params().get(x); // or carried unchanged
        String to = invariant ? params.get(x).textAt(Expr.MULTIPLICATIVE)
                : bound.op() instanceof IntConstant k ? "(" + k.value() + ")" : null;
        return to == null ? null : "Math.max(0L, (long) " + to + " - " + params.get(j).textAt(Expr.MULTIPLICATIVE) + ")";
    }

    /** {@code TripSums.times(trips, perTrip)} summed over the terms, given the loop's capped trip count. */
    CodeBlock values(String outer) {
        CodeBlock sum = null;
        for (Term t : terms) {
            CodeBlock term = CodeBlock.of("$T.times($L, $L)", TripSums.class, t.trips().apply(outer), t.perTrip());
            sum = sum == null ? term : CodeBlock.of("$T.plus($L, $L)", TripSums.class, sum, term);
        }
        return sum;
    }
}
