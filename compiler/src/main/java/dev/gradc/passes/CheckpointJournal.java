package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.Checkpoint;
import dev.gradc.ops.JournalBudget;
import dev.gradc.ops.Rules;
import dev.gradc.ops.While;
import java.util.Arrays;
import java.util.Map;

/**
 * A loop that keeps a carried array as a write journal ({@link Journal}: per trip, the entries its writes
 * overwrite), checkpointed within the kept-values budget. Its gradient runs the loop in two parts:
 * <ul>
 *   <li>the first trips keep their journal ({@link KeptLoop}), O(entries written) per trip, as many as fit in
 *       half the budget ({@link JournalBudget}): a loop whose journal fits runs all its trips here and
 *       recomputes nothing; when one trip's count is a guess ({@link JournalCount#guessed}), the trips also stop
 *       before one whose values would pass that half as the stacks' sizes tell ({@link dev.gradc.ops.JournalRoom});
 *   <li>the trips after them, if any, are checkpointed with snapshots of the whole state within the other half
 *       ({@link CheckpointLoop}: binomial when the trip count is known at that point, online otherwise).
 * </ul>
 * The adjoint reverses the second part ({@link CheckpointAdjoint}), then the first, whose adjoint loop starts
 * from the carried adjoints and invariants' sums the second left: the same additions in the same order as one
 * adjoint loop over all the trips, so the gradient has the bits of storing everything.
 */
final class CheckpointJournal {

    /** The note of the first part's loops: what they keep, as {@link CheckpointLoop} notes start. */
    static final String KIND = Checkpoint.JOURNAL;
    static final String FORWARD = Checkpoint.JOURNAL_FORWARD;
    static final String ADJOINT = KIND + ": reverses the journaled trips";

    private final Rules g;
    private final GradientPass.Loops loops;

    CheckpointJournal(Rules g, GradientPass.Loops loops) {
        this.g = g;
        this.loops = loops;
    }

    /**
     * The two parts of loop n's forward sweep: {@code kept} the journaled loop's node, {@code rest} the
     * checkpointed sweep's (whose first results are the loop's values), {@code form} the rest's form.
     */
    record Parts(int kept, int rest, Reverse.Checkpointed form) {
    }

    /**
     * Whether loop w keeps a carried array as a journal of its writes: some write keeps the entries it overwrites
     * (a chain whose overwritten entries no later read needs keeps nothing, {@link UnreadEntries}), or some chain is
     * journaled, not unread, and keeps nothing because its reversal computes all it needs again (an elimination's
     * trailing update whose handed loops keep neither entries, multipliers nor trip counts: {@link TrailingUpdates},
     * {@link JournalLoops.Through}) — still a journal, whose reversal runs each trip's handed loops backwards, not a
     * loop to checkpoint whole.
     */
    static boolean journaled(While w) {
        Journal journal = new Journal(w.body(), w.carried());
        if (!journal.stackTypes().isEmpty()) {
            return true;
        }
        for (int j = 0; j < w.carried(); j++) {
            if (journal.journaled(j) && !journal.unread(j)) {
                return true;
            }
        }
        return false;
    }

    Parts forward(Node n, While w, int[] fwd) {
        int k = w.carried();
        g.builder().setSpan(n.span());
        JournalCount count = new JournalCount(g, n, w, fwd);
        int perTrip = count.perTrip();
        int limit = g.apply(new JournalBudget(), perTrip);
        // a count that guesses an inner loop on data: the trips also stop when the stacks' sizes would pass the budget
        int kept = new KeptLoop(g, loops).forward(n, w, fwd, limit,
                count.guessed() ? new int[] {perTrip, count.whole()} : null, new Checkpoint(Checkpoint.AUTOMATIC, FORWARD));
        int[] from = new int[k];
        for (int j = 0; j < k; j++) {
            from[j] = g.proj(kept, j);
        }
        // a guessed count: the journal may pass its half of the budget, and the rest's snapshots take what it left
        CheckpointLoop.Sweep rest = new CheckpointLoop(g).forward(n, w, fwd, from,
                count.guessed() ? stacks(kept) : null);
        return new Parts(kept, rest.node(), rest.form());
    }

    /** The stacks among the results of the journaled loop's node {@code kept}: what its trips keep. */
    private int[] stacks(int kept) {
        java.util.List<dev.gradc.ir.Type> types = ((dev.gradc.ir.Type.Tuple) g.type(kept)).parts();
        java.util.List<Integer> stacks = new java.util.ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i) instanceof dev.gradc.ir.Type.Stack) {
                stacks.add(g.proj(kept, i));
            }
        }
        return stacks.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * The adjoint contribution to each of n's inputs (carried, then invariants), or NONE; the results' seeds
     * have a path when {@code resultPaths} says so, and {@code path} gets the carried contributions' paths
     * ({@link TripPaths}), through both parts; the invariants' sums start at {@code invariantSums} (per
     * invariant, a node or NONE: from zero); {@code restored} gets the carried arrays the first part's adjoint
     * gives back as they were ({@link KeptLoop#restoring}).
     */
    int[] adjoint(Node n, While w, Parts parts, int[] fwd, boolean[] varied, int[] resultBar, Graph graph,
                  int[] resultPaths, int[] path, int[] invariantSums, Map<Integer, Integer> restored) {
        int k = w.carried();
        int[] restFwd = fwd.clone();
        restFwd[n.id()] = parts.rest();
        int[] laterPaths = new int[n.inputs().size()];
        Arrays.fill(laterPaths, dev.gradc.ops.Primitive.NONE);
        int[] later = new CheckpointAdjoint(g, loops).adjoint(n, w, restFwd, varied, resultBar, graph,
                parts.form(), true, resultPaths, laterPaths, invariantSums);
        int[] keptFwd = fwd.clone();
        keptFwd[n.id()] = parts.kept();
        return new KeptLoop(g, loops).restoring(restored).adjoint(n, w, keptFwd, varied, Arrays.copyOf(later, k), graph,
                Arrays.copyOfRange(later, k, later.length), new Checkpoint(Checkpoint.AUTOMATIC, ADJOINT),
                laterPaths, path);
    }
}
