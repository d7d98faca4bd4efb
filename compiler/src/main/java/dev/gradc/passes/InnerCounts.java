package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ops.Rules;
import dev.gradc.ops.While;

/**
 * The trip count and final counter of a counted inner loop that a loop's trip keeps ({@link KeptRegions}): not
 * kept but computed again in the reversal from the inner loop's start and bound, which its inputs give.
 */
final class InnerCounts {

    private InnerCounts() {
    }

    /**
     * Whether loop n is counted with its bound the second operand of its condition's comparison with the counter,
     * and the inputs its trip count is computed from ({@link #countInputs}: its counter's, those its bound reads)
     * come from no region of the body: the reversal then computes its trip count and final counter from those
     * inputs (copied again) instead of keeping them. Its other inputs may come from anywhere (an elimination's
     * matrix from the cond that swapped its rows): they are not copied.
     */
    static boolean derivable(Graph body, Node n) {
        While w = (While) n.op();
        if (w.counted() == null) {
            return false;
        }
        Graph c = w.condition();
        Node compare = c.node(c.result(0));
        if (!(compare.op() instanceof dev.gradc.ops.Compare) || compare.input(0) != c.params().get(w.counted().counter())) {
            return false;
        }
        boolean[] cone = InputCone.of(body, n, countInputs(n));
        for (Node m : body.nodes()) {
            if (cone[m.id()] && m.op() instanceof Region) {
                return false;
            }
        }
        return true;
    }

    /**
     * The inputs of counted loop n ({@link #derivable}) its trip count is computed from: its counter, and those the
     * bound of its condition reads.
     */
    private static boolean[] countInputs(Node n) {
        While w = (While) n.op();
        Graph c = w.condition();
        boolean[] bound = InputCone.below(c, c.node(c.result(0)).input(1));
        boolean[] inputs = new boolean[n.inputs().size()];
        inputs[w.counted().counter()] = true;
        for (int q = 0; q < c.params().size(); q++) {
            inputs[q] |= bound[c.params().get(q)];
        }
        return inputs;
    }

    /**
     * The trip count and final counter of counted loop n (held back by {@link KeptRegions.Kept#held}), computed in bg from the
     * body's parameters {@code params}: the inputs it is computed from ({@link #countInputs}) copied again, its bound
     * from its condition over them; trips {@code max(0, to - from)} (counting down, {@code from - to}), the counter
     * {@code from ± trips}.
     */
    static int[] of(Rules bg, Graph body, Node n, int[] params) {
        While w = (While) n.op();
        int[] in = InputCone.copied(bg, body, n, params, countInputs(n));
        Graph c = w.condition();
        int to = c.node(c.result(0)).input(1);
        boolean[] bound = InputCone.below(c, to);
        int[] cm = new int[c.size()];
        for (Node m : c.nodes()) {
            if (bound[m.id()]) {
                cm[m.id()] = m.op() instanceof dev.gradc.ops.Param ? in[c.params().indexOf(m.id())] : Copy.node(bg, m, cm);
            }
        }
        return tripsAndEnd(bg, in[w.counted().counter()], cm[to], w.counted().step() > 0);
    }

    /** {@code max(0, to - from)} ({@code from - to} counting down) and the counter at the end, {@code from ± trips}. */
    private static int[] tripsAndEnd(Rules g, int from, int to, boolean up) {
        int trips = trips(g, from, to, up);
        return new int[] {trips, up ? g.add(from, trips) : g.sub(from, trips)};
    }

    /** The trips of a counted loop from {@code from} to {@code to}: {@code max(0, to - from)} ({@code from - to} down). */
    static int trips(Rules g, int from, int to, boolean up) {
        return g.apply(dev.gradc.ops.Binary.MAX, g.intConstant(0), up ? g.sub(to, from) : g.sub(from, to));
    }

    /**
     * The trip count and final counter of loop node {@code loop} of g when it is counted ({@link While#counted}: it
     * runs to its bound, none of its trips cut short by a limit) and run again in a reversal (role adjoint: unread,
     * {@link DeadNodes} drops it), computed before it from its inputs, {@code max(0, to - from)} ({@code from - to}
     * counting down) and {@code from ± trips}; else null. The adjoint of a {@link KeptLoop} reads these instead of
     * the forward loop's own count and counter, so a forward loop run again only for them (its values unread: the
     * last stage of a Runge–Kutta step) is dropped. A loop of the forward sweep runs anyway, and keeps its count:
     * {@link FusedAdjointLoops} finds the forward loop of an adjoint loop by it.
     */
    static int[] ofLoop(Rules g, int loop) {
        Node n = g.node(loop);
        if (!(n.op() instanceof While w) || w.counted() == null || n.role() != Node.Role.ADJOINT) {
            return null;
        }
        While.Counted c = w.counted();
        int from = n.input(c.counter());
        int to = c.literalBound() ? g.intConstant(c.toValue())
                : c.inputBound() ? n.input(c.toInput()) : g.apply(new dev.gradc.ops.SizeOf(c.toSize()));
        return tripsAndEnd(g, from, to, c.step() > 0);
    }
}
