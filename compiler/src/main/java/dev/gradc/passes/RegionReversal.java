package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Rules;
import dev.gradc.ops.While;
import java.util.Arrays;
import java.util.Map;

/**
 * Which unit reverses an active region, in both sweeps of {@link Reverse}: the forward sweep's choice of how a loop
 * is rebuilt ({@link MixedLoop}, {@link IndependentTrips}, {@link CheckpointLoop}, {@link CheckpointJournal}, {@link KeptLoop}), and the
 * backward sweep's call of the unit that built the region's form (a cond's is {@link CondAdjoint}).
 */
final class RegionReversal {

    private final Rules g;
    private final GradientPass.Loops loops;
    /** The reversal's arrays given back as they were ({@link Reverse.Result#restored}), shared with it. */
    private final Map<Integer, Integer> restored;

    /** Per loop node: the trailing update's journal it keeps ({@link Reverse.Trailing}). */
    private Map<Integer, Journal> rowLoops = Map.of();

    /**
     * Makes {@link #forwardLoop} rebuild the loops {@code rowLoops} names (node id → the journal its outer loop's
     * own journal would hand on) as trailing updates' row loops ({@link Reverse.Trailing}): a trip its outer loop
     * reverses from a snapshot ({@link CheckpointAdjoint}) then reverses them as the journaled reversal does, bit for
     * bit, its element loops in forward order ({@link HandedLoops#ascends}).
     */
    void handing(Map<Integer, Journal> rowLoops) {
        this.rowLoops = Map.copyOf(rowLoops);
    }

    RegionReversal(Rules g, GradientPass.Loops loops, Map<Integer, Integer> restored) {
        this.g = g;
        this.loops = loops;
        this.restored = restored;
    }

    /** A loop rebuilt by the forward sweep: its node in the builder, and the form its adjoint is built in. */
    record Rebuilt(int node, Reverse.LoopForm form) {
    }

    /**
     * Rebuilds an active loop in the forward sweep, in the form its adjoint will reverse; {@code rerun} is null, or
     * the forms a first sweep gave the body's regions ({@link Reverse#rerunning}).
     */
    Rebuilt forwardLoop(Node n, While w, int[] fwd, boolean[] varied, Graph graph,
                        Map<Integer, Reverse.LoopForm> rerun) {
        Journal rowJournal = rowLoops.get(n.id());
        if (rowJournal != null) {
            return new Rebuilt(new KeptLoop(g, loops).journaling(rowJournal).forward(n, w, fwd, Primitive.NONE, null),
                    new Reverse.Trailing(rowJournal));
        }
        boolean stacks = StackChains.carriesStack(w); // an inner derivative's loop: see StackChains
        MixedLoop.Plan plan = loops.mixed() && !stacks ? MixedLoop.plan(n, w, varied, graph) : null;
        // a loop whose trips are independent but for sums runs their adjoints as it goes, where its reversal would
        // keep state or run an inner region again (a loop of scalar trips keeping nothing: see FusedAdjointLoops)
        IndependentTrips.Plan independent = plan == null && !stacks && loops.mixed() && loops.withinBudget()
                && (IndependentTrips.hasRegion(w.body()) || !keepsNothing(w, LoopInputs.inputsVaried(n, varied)))
                ? IndependentTrips.plan(n, w, varied) : null;
        if (plan != null) {
            return new Rebuilt(new MixedLoop(g).forward(n, w, plan, fwd), new Reverse.Mixed(plan));
        } else if (independent != null) {
            return new Rebuilt(new IndependentTrips(g, loops).forward(n, w, independent, fwd),
                    new Reverse.Independent(independent));
        } else if (!stacks && (CheckpointLoop.requested(w) || loops.withinBudget()
                && !CheckpointJournal.journaled(w) && !keepsNothing(w, LoopInputs.inputsVaried(n, varied)))) {
            Reverse.LoopForm shape = rerun == null ? null : rerun.get(n.id());
            CheckpointLoop.Sweep sweep = new CheckpointLoop(g, loops).forward(n, w, fwd, varied,
                    shape instanceof Reverse.Checkpointed c ? c : null, rerun != null);
            return new Rebuilt(sweep.node(), sweep.form());
        } else if (!stacks && loops.withinBudget() && CheckpointJournal.journaled(w)) {
            CheckpointJournal.Parts parts = new CheckpointJournal(g, loops).forward(n, w, fwd);
            return new Rebuilt(parts.rest(), new Reverse.Journaled(parts));
        }
        KeptLoop kept = new KeptLoop(g, loops);
        int node = kept.forward(n, w, fwd, varied);
        return new Rebuilt(node, new Reverse.Kept(kept.kept()));
    }

    /**
     * Whether the loop keeps nothing per trip ({@link Counters#keepsNoState}: counters stepped back, sums and
     * other scalars whose adjoint never reads them, unchanged values): snapshots would only add work, so it is
     * never checkpointed automatically.
     */
    private static boolean keepsNothing(While w, boolean[] inputVaried) {
        return new Counters(w.body(), w.carried()).keepsNoState(new Journal(w.body(), w.carried()),
                bodyVaried(w, inputVaried));
    }

    /** Per node of a loop's body: whether it varies, given which of the loop's inputs vary. */
    private static boolean[] bodyVaried(While w, boolean[] inputVaried) {
        boolean[] params = inputVaried.clone();
        boolean[] carried = Activity.variedCarried(w, inputVaried, true);
        System.arraycopy(carried, 0, params, 0, carried.length);
        return Activity.varied(w.body(), params, true);
    }

    /**
     * A region's adjoint contribution to each of its inputs, by the unit that reverses it; {@code path} gets,
     * per input, when its contribution has a path ({@link Paths}): a loop's invariants only when it runs a
     * trip, a cond's inputs only when a branch that reads them is taken.
     */
    int[] adjoint(Node n, Reverse.Forward forward, boolean[] varied, int[] resultBar, int[] resultPaths, Graph graph,
                         int[] path, int[] sums) {
        int[] fwd = forward.values();
        if (n.op() instanceof Cond c) {
            return new CondAdjoint(g, loops).restoring(restored).adjoint(n, c, fwd, varied, resultBar, resultPaths,
                    graph, (CondAdjoint.Keeping) forward.loops().get(n.id()), path, sums);
        }
        While w = (While) n.op();
        int[] contributions = loopAdjoint(n, w, forward, varied, resultBar, resultPaths, graph, path, sums);
        int entered = Primitive.NONE;
        for (int q = w.carried(); q < contributions.length; q++) {
            if (contributions[q] != Primitive.NONE) {
                if (entered == Primitive.NONE) {
                    int[] in = new int[n.inputs().size()];
                    for (int k = 0; k < in.length; k++) {
                        in[k] = fwd[n.input(k)];
                    }
                    entered = Copy.graph(g, w.condition(), in)[w.condition().result(0)]; // runs a first trip
                }
                path[q] = path[q] != Primitive.NONE ? path[q] : entered; // the trips' that reached it, if known
            }
        }
        return contributions;
    }

    /**
     * A loop's adjoint contributions by the unit that reverses it; the results' seeds have a path when
     * {@code resultPaths} says so, and {@code path} gets the carried contributions' paths ({@link TripPaths}).
     */
    private int[] loopAdjoint(Node n, While w, Reverse.Forward forward, boolean[] varied, int[] resultBar, int[] resultPaths,
                              Graph graph, int[] path, int[] sums) {
        int[] fwd = forward.values();
        Reverse.LoopForm form = forward.loops().get(n.id());
        if (form instanceof Reverse.Mixed mixed) {
            return new MixedLoop(g).adjoint(n, w, mixed.plan(), fwd, resultBar, resultPaths, path);
        }
        if (form instanceof Reverse.Independent independent) {
            return new IndependentTrips(g, loops).adjoint(n, w, independent.plan(), fwd, resultBar, resultPaths, path);
        }
        int[] invariantSums = Arrays.copyOfRange(sums, w.carried(), sums.length);
        if (form instanceof Reverse.Journaled j) {
            return new CheckpointJournal(g, loops).adjoint(n, w, j.parts(), fwd, varied, resultBar, graph,
                    resultPaths, path, invariantSums, restored);
        }
        if (form instanceof Reverse.Trailing t) {
            return new KeptLoop(g, loops).journaling(t.journal()).adjoint(n, w, fwd, varied, resultBar, graph,
                    invariantSums, null, resultPaths, path);
        }
        if (form instanceof Reverse.Checkpointed c) {
            return new CheckpointAdjoint(g, loops).adjoint(n, w, fwd, varied, resultBar, graph, c, false, resultPaths,
                    path, invariantSums);
        }
        return new KeptLoop(g, loops).restoring(restored)
                .keeping(form instanceof Reverse.Kept kept ? kept.inner() : null)
                .adjoint(n, w, fwd, varied, resultBar, graph, invariantSums,
                null, resultPaths, path);
    }
}
