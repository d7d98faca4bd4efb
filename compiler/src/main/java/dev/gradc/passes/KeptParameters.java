package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Param;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Rules;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.List;

/**
 * The parameters of a {@link KeptLoop}'s adjoint loop, in the order its {@link KeptLayout} says: the trip count
 * and the kept stacks, the carried adjoints, the invariants' sums, the paths reached, the state after the trip,
 * the journal's stacks ({@code journal}) and those of the products the forward trips kept ({@link KeptProducts}),
 * what the trips kept of the body's regions ({@code kept}, or null) and, when only the first trips keep
 * ({@code withinBudget}), how many did.
 */
final class KeptParameters {

    private final Rules g;
    private final KeptRegions.Kept kept;
    private final boolean withinBudget;
    private final Journal journal;
    /** The journal's stacks, then those of the values the forward trips kept for the reversal (KeptProducts). */
    private final List<Type> journalStacks;

    KeptParameters(Rules g, KeptRegions.Kept kept, boolean withinBudget, Journal journal, List<Type> products) {
        this.g = g;
        this.kept = kept;
        this.withinBudget = withinBudget;
        this.journal = journal;
        this.journalStacks = new ArrayList<>(journal.stackTypes());
        journalStacks.addAll(products);
    }

    /** Whether the adjoint loop runs its trips in forward order ({@link KeptLoop#ascending}). */
    private boolean ascending;

    /** Makes the counters start at the loop's inputs, as an adjoint loop in forward order needs them. */
    KeptParameters ascending(boolean ascending) {
        this.ascending = ascending;
        return this;
    }

    /** Adds the adjoint loop's parameters to {@code region}, in the order its {@link KeptLayout} says. */
    KeptLayout add(LoopRegion region, Node n, While w, int[] fwd, boolean[] cv, boolean[] iv,
                              int[] resultBar, Graph graph, int[] invariantSums, int[] flags) {
        int k = w.carried();
        int node = fwd[n.id()];
        Graph body = w.body();
        // the trip count and the stacks are results of the forward loop: forward values, drawn as such
        g.builder().setRole(Node.Role.FORWARD);
        int[] counts = InnerCounts.ofLoop(g, node);
        region.add(Type.INT, "trips", counts != null ? counts[0] : g.proj(node, KeptLayout.forwardTrips(k)));
        for (int j = 0; j < k; j++) {
            region.add(StackChains.keptType(body.type(body.params().get(j))), null,
                    g.proj(node, KeptLayout.forwardStack(k, j)));
        }
        g.builder().setRole(Node.Role.ADJOINT);
        List<Integer> carriedBar = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            if (cv[j]) {
                carriedBar.add(j);
                Type t = body.type(body.params().get(j));
                region.add(t, suffixed(body, j, "Bar"),
                        resultBar[j] != Primitive.NONE ? resultBar[j] : StackChains.zero(g, t, g.proj(node, j)));
            }
        }
        List<Integer> invariantBar = new ArrayList<>();
        for (int i = 0; i < iv.length; i++) {
            if (iv[i]) {
                invariantBar.add(i);
                boolean given = invariantSums != null && invariantSums[i] != Primitive.NONE;
                int sum = given ? invariantSums[i] : g.zerosLike(fwd[n.input(k + i)]);
                if (!given) {
                    g.builder().label(sum, suffixed(body, k + i, "Bar")); // the accumulator is declared as its adjoint
                }
                region.add(graph.type(n.input(k + i)), suffixed(body, k + i, "Bar"), sum);
            }
        }
        List<Integer> reached = new ArrayList<>();
        for (int q = 0; q < flags.length; q++) {
            if (flags[q] != Primitive.NONE) {
                reached.add(q);
                region.add(Type.BOOL, suffixed(body, q, "Reached"), flags[q]);
            }
        }
        // The state after the iteration being reversed is the state popped one adjoint iteration earlier (at
        // first, the loop's final state): carried along, it replaces recomputing the body's results, so
        // rules that read an op's output (tanh' = 1 - y²) need not recompute the iteration at all.
        List<Integer> nextState = new ArrayList<>();
        Counters counters = new Counters(body, k);
        for (int j = 0; j < k; j++) {
            Type t = body.type(body.params().get(j));
            // a journaled int array too: the adjoint loop writes its old entries back into it
            if ((Activity.isReal(t) || journal.journaled(j)) && !(body.node(body.result(j)).op() instanceof Param)
                    || counters.recomputed(j)) {
                nextState.add(j);
                boolean counter = counts != null && j == w.counted().counter();
                // in forward order a counter (or a value left unchanged) starts where the forward loop started
                boolean up = ascending && counters.recomputed(j);
                int start = up ? fwd[n.input(j)] : counter ? counts[1] : g.proj(node, j);
                region.add(t, suffixed(body, j, up ? "" : "Next"), start); // in forward order: the counter itself
            }
        }
        g.builder().setRole(Node.Role.FORWARD);
        for (int e = 0; e < journalStacks.size(); e++) {
            region.add(journalStacks.get(e), null, g.proj(node, KeptLayout.forwardJournal(k, e)));
        }
        int keptStacks = kept == null ? 0 : kept.stackTypes().size();
        for (int i = 0; i < keptStacks; i++) {
            int at = KeptLayout.forwardJournal(k, journalStacks.size() + i);
            region.add(kept.stackTypes().get(i), null, g.proj(node, at));
        }
        if (withinBudget) {
            region.add(Type.INT, "keepingTrips", g.proj(node, KeptLayout.forwardJournal(k, journalStacks.size()
                    + keptStacks)));
        }
        g.builder().setRole(Node.Role.ADJOINT);
        region.endCarried();
        for (int i = 0; i < iv.length; i++) {
            region.add(graph.type(n.input(k + i)), body.node(body.params().get(k + i)).label(), fwd[n.input(k + i)]);
        }
        return new KeptLayout(k, carriedBar, invariantBar, reached, nextState, journalStacks.size(), keptStacks,
                withinBudget);
    }

    static String suffixed(Graph body, int param, String suffix) {
        String l = body.node(body.params().get(param)).label();
        return l == null ? null : l + suffix;
    }
}
