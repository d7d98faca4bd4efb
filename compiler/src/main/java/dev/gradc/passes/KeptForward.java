package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Compare;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Push;
import dev.gradc.ops.Rules;
import dev.gradc.ops.StackNew;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The forward loop of a {@link KeptLoop}: the loop rebuilt to keep what its adjoint needs — a trip counter, per
 * trip the carried values at its start (one stack each), its write journal, and what it keeps of its body's
 * regions ({@link KeptRegions}); its layout is {@link KeptLayout}'s.
 */
final class KeptForward {

    private final Rules g;
    private final GradientPass.Loops loops;
    /** What each trip keeps of the body's regions; null: nothing. */
    private final KeptRegions.Kept kept;

    /** The journal the loop keeps, when not its body's own ({@link #journaling}); null: its own. */
    private Journal journal;

    KeptForward(Rules g, GradientPass.Loops loops, KeptRegions.Kept kept) {
        this.g = g;
        this.loops = loops;
        this.kept = kept;
    }

    /**
     * Makes the loop keep {@code journal} instead of its body's own: a trailing update's row loop reversed in a trip
     * recomputed from a snapshot keeps the journal its outer loop would hand on ({@link KeptLoop#journaling}).
     */
    KeptForward journaling(Journal journal) {
        this.journal = journal;
        return this;
    }

    /** The forward loop ({@link KeptLoop#forward(Node, While, int[], int, int[], dev.gradc.ops.Checkpoint)}). */
    int build(Node n, While w, int[] fwd, int limit, int[] guess, dev.gradc.ops.Checkpoint checkpoint) {
        int k = w.carried();
        int m = n.inputs().size() - k;
        List<Type> types = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> inputs = new ArrayList<>();
        Graph body = w.body();
        Journal journal = this.journal != null ? this.journal : new Journal(body, k);
        LoopInputs.addCarried(n, body, k, fwd, types, labels, inputs);
        types.add(Type.INT);
        labels.add("trips");
        inputs.add(g.intConstant(0));
        for (int j = 0; j < k; j++) {
            Type kept = StackChains.keptType(types.get(j)); // a carried stack: the values its pops give
            types.add(kept);
            labels.add(labels.get(j) == null ? null : labels.get(j) + "Kept");
            inputs.add(g.apply(new StackNew(((Type.Stack) kept).element())));
        }
        for (Type t : journal.stackTypes()) {
            types.add(t);
            labels.add(null);
            inputs.add(g.apply(new StackNew(((Type.Stack) t).element())));
        }
        boolean limited = kept != null && loops.withinBudget();
        if (kept != null) {
            addKept(types, labels, inputs);
        }
        int extras = types.size() - k;
        LoopInputs.addInvariants(n, body, k, fwd, types, labels, inputs);
        if (limit != Primitive.NONE) {
            types.add(Type.INT);
            labels.add("journalTrips");
            inputs.add(limit);
        }
        boolean checked = limit != Primitive.NONE && guess != null;
        if (checked) {
            types.add(Type.INT);
            labels.add("perTrip");
            inputs.add(guess[0]);
            types.add(Type.INT);
            labels.add("wholePerTrip");
            inputs.add(guess[1]);
        }
        Rules cg = Copy.region(types, labels, Node.Role.FORWARD);
        int[] cp = Copy.params(cg);
        int[] cm = Copy.graph(cg, w.condition(), LoopInputs.withoutExtras(cp, k, extras, m));
        int more = cm[w.condition().result(0)];
        if (limit != Primitive.NONE) {
            more = cg.apply(dev.gradc.ops.Logic.AND, more,
                    cg.compare(Compare.LT, cp[KeptLayout.forwardTrips(k)], cp[cp.length - (checked ? 3 : 1)]));
        }
        if (checked) {
            // the room first: every engine checks it before the first trip and after every trip, the last one too,
            // where it also stops the gradient when the stacks together hold more than the budget
            more = cg.apply(dev.gradc.ops.Logic.AND, room(cg, cp, types, k, extras, w.where()), more);
        }
        Rules bg = Copy.region(types, labels, Node.Role.FORWARD);
        int[] bp = Copy.params(bg);
        List<Integer> results = new ArrayList<>();
        int[] pushed = new int[k];
        Counters counters = new Counters(body, k);
        for (int j = 0; j < k; j++) {
            // a carried array only written at entries keeps those entries (the journal), not itself; a counter
            // is stepped back in the adjoint loop; a carried stack keeps what its pops gave (below)
            pushed[j] = journal.journaled(j) || counters.recomputed(j) || types.get(j) instanceof Type.Stack
                    ? bp[KeptLayout.forwardStack(k, j)]
                    : bg.apply(new Push(), bp[KeptLayout.forwardStack(k, j)], bp[j]);
        }
        int trips = bg.add(bp[KeptLayout.forwardTrips(k)], bg.intConstant(1));
        int[] journalStacks = new int[journal.stackTypes().size()];
        for (int e = 0; e < journalStacks.length; e++) {
            journalStacks[e] = bp[KeptLayout.forwardJournal(k, e)];
        }
        int[] journalPushed = new int[journalStacks.length];
        int[] bm = kept != null ? null
                : journal.copyKeeping(bg, LoopInputs.withoutExtras(bp, k, extras, m), journalStacks, journalPushed);
        List<Integer> keptNext = kept == null ? List.of() : KeptRegions.forward(bg, w, kept, loops,
                LoopInputs.withoutExtras(bp, k, extras, m), keptStacks(bp, k, journalStacks.length),
                limited ? bg.compare(Compare.LT, bp[KeptLayout.forwardTrips(k)], bp[k + extras - 1]) : Primitive.NONE);
        for (int j = 0; j < k; j++) {
            results.add(bm != null ? bm[body.result(j)] : keptNext.get(j));
            if (types.get(j) instanceof Type.Stack) {
                for (int pop : StackChains.of(body, j).pops()) {
                    pushed[j] = bg.apply(new Push(), pushed[j], bg.proj(bm[pop], 1));
                }
            }
        }
        results.add(trips);
        for (int j = 0; j < k; j++) {
            results.add(pushed[j]);
        }
        for (int e : journalPushed) {
            results.add(e);
        }
        if (kept != null) {
            results.addAll(keptNext.subList(k, keptNext.size()));
        }
        if (limited) {
            results.add(bp[k + extras - 1]); // the trips that keep their regions' results: passed on
        }
        // with a limit on its trips the loop is no longer counted: it may stop before its bound
        While aug = new While(cg.builder().build(List.of(more)), bg.builder().build(results), k + extras,
                w.where(), checkpoint, limit != Primitive.NONE ? null : LoopInputs.moved(w, extras));
        g.builder().setSpan(n.span());
        return g.region(aug, aug.resultType(), inputs);
    }


    /**
     * {@code journal_room(perTrip, wholePerTrip, trips, stacks...)} over the condition's parameters {@code cp}
     * (perTrip and wholePerTrip the last two): whether what the loop keeps leaves room in half the budget for one
     * more trip. Its journal's and its regions' stacks are read (those the adjoint takes: {@code passes.DeadNodes}
     * drops the others from the op); its carried values kept whole are counted, trips × their size, as the count
     * has them (a sum's stack, never popped, is not even there).
     */
    private static int room(Rules cg, int[] cp, List<Type> types, int k, int extras, String where) {
        List<Integer> in = new ArrayList<>(List.of(cp[cp.length - 2], cp[cp.length - 1], cp[KeptLayout.forwardTrips(k)]));
        for (int i = KeptLayout.forwardJournal(k, 0); i < k + extras; i++) {
            if (types.get(i) instanceof Type.Stack) {
                in.add(cp[i]);
            }
        }
        return cg.apply(new dev.gradc.ops.JournalRoom(where), in);
    }

    /**
     * Adds the forward loop's stacks of its body's kept regions' results, started empty, and within the budget
     * the number of first trips that keep them: those whose results fit ({@code checkpoint_budget} of one trip's).
     */
    private void addKept(List<Type> types, List<String> labels, List<Integer> inputs) {
        for (Type t : kept.stackTypes()) {
            types.add(t);
            labels.add(null);
            inputs.add(g.apply(new StackNew(((Type.Stack) t).element())));
        }
        if (loops.withinBudget()) {
            int[] one = new int[Math.max(1, kept.values())];
            Arrays.fill(one, g.constant(0.0));
            types.add(Type.INT);
            labels.add("keepingTrips");
            inputs.add(g.apply(new dev.gradc.ops.CheckpointBudget(), one));
        }
    }

    private int[] keptStacks(int[] bp, int k, int journal) {
        int[] stacks = new int[kept.stackTypes().size()];
        for (int i = 0; i < stacks.length; i++) {
            stacks[i] = bp[KeptLayout.forwardJournal(k, journal + i)];
        }
        return stacks;
    }
}
