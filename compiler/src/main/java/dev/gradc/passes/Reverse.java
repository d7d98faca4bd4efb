package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Param;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Push;
import dev.gradc.ops.StackNew;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Proj;
import dev.gradc.ops.Rules;
import dev.gradc.ops.While;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The core of reverse mode: copies a graph into a builder (the forward sweep) and appends its adjoint nodes
 * (the backward sweep). Each primitive's adjoint is its own {@code vjp}; each region's is built by one unit
 * ({@link RegionReversal} picks it): {@link KeptLoop} (a loop that keeps its state and gets an adjoint loop),
 * {@link MixedLoop} (a small scalar loop differentiated in forward mode as it runs), {@link CheckpointLoop} and
 * {@link CheckpointAdjoint} (a loop that keeps snapshots), {@link CheckpointJournal} (a loop that keeps a write
 * journal, then snapshots), {@link CondAdjoint}. The forward sweep decides how each loop is rebuilt and
 * hands that decision to the backward sweep as a value ({@link Forward}); nothing else passes between them.
 */
final class Reverse {

    private final Rules g;
    private final GradientPass.Loops loops;
    private final Adjoints adjoints;
    /** Per result, when its seed has a path ({@link Paths}): NONE always; null when every seed always has one. */
    private int[] seedPaths;
    /**
     * Null, or (a reversal sweeping a trip forward again, {@link CheckpointInner#given}) the forms the first sweep
     * gave the body's regions: a checkpointed loop is rebuilt in that form, keeping nothing of its inner regions.
     */
    private Map<Integer, LoopForm> rerun;
    /**
     * Per forward array (a node of the builder) that an adjoint loop gives back as it was: the node of that
     * equal array, restored by the adjoint loop ({@link KeptLoop#restoring}) after changing it in place.
     */
    private final Map<Integer, Integer> restored = new HashMap<>();
    /** The units that rebuild and reverse the regions. */
    private final RegionReversal regions;
    /** Per region node reversed before the sweep ({@link HandedLoops}): its contributions, not its unit's. */
    private Map<Integer, Given> given = Map.of();
    /** Per region node whose adjoint is built when the sweep reaches it ({@link HandedLoops}). */
    private Map<Integer, Later> later = Map.of();

    /**
     * @param loops whether loops whose differentiated state is a few scalars depending on a few inputs are
     *     differentiated in forward mode inside the forward loop (see {@link MixedLoop#plan}), and whether a
     *     loop that keeps its state is checkpointed past the kept-values budget
     */
    Reverse(Rules g, GradientPass.Loops loops) {
        this.g = g;
        this.loops = loops;
        this.adjoints = new Adjoints(g);
        this.regions = new RegionReversal(g, loops, restored);
    }

    /**
     * The copied forward nodes (by original id), the adjoints of the graph's parameters (or NONE), when each of
     * those has a path ({@link Paths}: NONE always, else a bool node), and the forward arrays the adjoint loops
     * give back as they were ({@link #restored}): a trip's state passed on as that equal array lets the loop
     * that read it last change it in place, where passing on the array itself would make that loop copy it.
     */
    record Result(int[] forward, int[] paramAdjoints, int[] paramPaths, Map<Integer, Integer> restored) {
    }

    /**
     * The seeds of the next {@link #run} have a path only when {@code paths} says so (per result: NONE always,
     * else a bool node): an adjoint loop's carried adjoint that no later trip has reached yet is zero because
     * no path exists, and the trip's contributions from it are exactly zero, whatever its partials.
     */
    Reverse seedPaths(int[] paths) {
        this.seedPaths = paths;
        return this;
    }

    /**
     * A region's adjoint built before the sweep: its contribution to each input, when each has a path, and the
     * adjoint each started from (NONE: from zero), which it replaces ({@link InvariantSums}).
     */
    record Given(int[] contributions, int[] paths, int[] sums) {
    }

    /** A region's adjoint built when the backward sweep reaches it ({@link HandedLoops.Later}). */
    interface Later {
        /**
         * The region's adjoint, given its results' adjoints, when each has a path (per result, NONE: always;
         * null: always) and the adjoints its inputs' sums start from (per input, NONE: from zero), which it
         * replaces.
         */
        Given reverse(int[] resultBar, int[] resultPaths, int[] sums);
    }

    /** The next {@link #run}'s backward sweep builds the adjoints of these regions (by original id) so. */
    Reverse later(Map<Integer, Later> regionAdjoints) {
        this.later = regionAdjoints;
        return this;
    }

    /**
     * The next {@link #run}'s backward sweep takes the adjoints of these regions (by original id) as given:
     * their reversal was built before it ({@link HandedLoops}); their forward values are known.
     */
    Reverse giving(Map<Integer, Given> regionAdjoints) {
        this.given = regionAdjoints;
        return this;
    }

    /**
     * The next sweep runs a trip's body again, for regions the first sweep kept in these forms: its checkpointed
     * loops take the same form (the same results) but keep nothing of their own inner regions, which the
     * reversal of their trips then sweeps again in turn.
     */
    Reverse rerunning(Map<Integer, LoopForm> forms) {
        this.rerun = forms;
        return this;
    }

    /**
     * Makes the forward sweep rebuild the loops {@code rowLoops} names (node id → journal) as trailing updates' row
     * loops keeping that journal ({@link Trailing}; {@link RegionReversal#handing}).
     */
    Reverse handing(Map<Integer, Journal> rowLoops) {
        regions.handing(rowLoops);
        return this;
    }

    /** How the forward sweep rebuilt an active region; its adjoint is built the same way. */
    sealed interface LoopForm permits Mixed, Independent, Checkpointed, Journaled, Kept, Trailing,
            CondAdjoint.Keeping {
    }

    /** Differentiated in forward mode as it runs ({@link MixedLoop}). */
    record Mixed(MixedLoop.Plan plan) implements LoopForm {
    }

    /** Each trip's adjoint run right after it, per unit of its sum's adjoint ({@link IndependentTrips}). */
    record Independent(IndependentTrips.Plan plan) implements LoopForm {
    }

    /**
     * Keeping snapshots ({@link CheckpointLoop}): its schedule in words ({@code kind}, as the notes start), and
     * what its first sweep keeps of its body's regions per trip ({@link CheckpointInner}; null: nothing). The
     * forward node is a tuple of the sweep's results, the number of snapshots and, when {@code inner} is not
     * null, the trips that kept and the stacks ({@link CheckpointLoop#snapshotsAt}): nothing here names a node,
     * so a forward cond or an outer loop may keep the tuple and hand the form on.
     */
    record Checkpointed(String kind, CheckpointInner.Kept inner) implements LoopForm {
    }

    /** A write journal while it fits in half the budget, then snapshots ({@link CheckpointJournal}). */
    record Journaled(CheckpointJournal.Parts parts) implements LoopForm {
    }

    /**
     * Keeping every trip's state ({@link KeptLoop}), and what each trip keeps of its body's regions
     * ({@link KeptRegions}; null: nothing).
     */
    record Kept(KeptRegions.Kept inner) implements LoopForm {
    }

    /**
     * A trailing update's row loop in a trip its outer loop reverses from a snapshot ({@link CheckpointAdjoint}):
     * it keeps {@code journal}, the journal the outer loop's own journal would hand on ({@link TrailingUpdates}),
     * and is reversed as the handed loop is ({@link HandedLoops}), its element loops in forward order.
     */
    record Trailing(Journal journal) implements LoopForm {
    }

    /** The forward sweep's result: the copied nodes (by original id), and how each active region was rebuilt. */
    record Forward(int[] values, Map<Integer, LoopForm> loops) {
    }

    Result run(Graph graph, int[] params, boolean[] paramVaried, int[] seeds) {
        return run(graph, params, paramVaried, seeds, null);
    }

    /**
     * As {@link #run(Graph, int[], boolean[], int[])}, but nodes with an entry in {@code known} (by original
     * id) are not recomputed: the given value, equal to what they would compute, is used instead.
     */
    Result run(Graph graph, int[] params, boolean[] paramVaried, int[] seeds, Map<Integer, Integer> known) {
        return run(graph, params, paramVaried, seeds, known, null);
    }

    /**
     * As {@link #run(Graph, int[], boolean[], int[], Map)}, with the parameters' adjoints starting at
     * {@code paramSeeds} (NONE: from nothing) instead of at zero: an adjoint loop passes the sums it carries for
     * the invariants, so the trip's contributions are added into them (an element read's at one entry).
     */
    Result run(Graph graph, int[] params, boolean[] paramVaried, int[] seeds, Map<Integer, Integer> known,
               int[] paramSeeds) {
        return run(graph, params, paramVaried, seeds, known, paramSeeds, Map.of());
    }

    /**
     * As {@link #run(Graph, int[], boolean[], int[], Map, int[])}, where a region node with a known value was
     * rebuilt by a forward sweep in the form {@code forms} gives (a forward cond keeps such regions' results,
     * so that its adjoint need not run them again).
     */
    Result run(Graph graph, int[] params, boolean[] paramVaried, int[] seeds, Map<Integer, Integer> known,
               int[] paramSeeds, Map<Integer, LoopForm> forms) {
        boolean[] varied = Activity.varied(graph, paramVaried, true);
        boolean[] active = ActiveNodes.of(graph, varied, seeds);
        Forward forward = forward(graph, params, varied, active, known == null ? Map.of() : known, forms);
        Paths paths = new Paths(g, graph.size());
        int[] bar = backward(graph, forward, varied, active, seeds, paramSeeds, paths);
        int[] adj = new int[params.length];
        int[] reached = new int[params.length];
        for (int i = 0; i < params.length; i++) {
            adj[i] = bar[graph.params().get(i)];
            reached[i] = paths.of(graph.params().get(i));
        }
        return new Result(forward.values(), adj, reached, Map.copyOf(restored));
    }

    /**
     * The forward sweep alone, as a forward cond's branch runs it: every result counts as one an adjoint may
     * need, so the regions of the branch are rebuilt as its adjoint will reverse them.
     */
    Forward forwardSweep(Graph graph, int[] params, boolean[] paramVaried) {
        boolean[] varied = Activity.varied(graph, paramVaried, true);
        boolean[] active = ActiveNodes.of(graph, varied, new int[graph.results().size()]);
        return forward(graph, params, varied, active, Map.of(), Map.of());
    }

    private Forward forward(Graph graph, int[] params, boolean[] varied, boolean[] active, Map<Integer, Integer> known,
                            Map<Integer, LoopForm> forms) {
        int[] fwd = new int[graph.size()];
        Map<Integer, LoopForm> loops = new HashMap<>();
        for (int i = 0; i < graph.params().size(); i++) {
            fwd[graph.params().get(i)] = params[i];
        }
        for (Node n : graph.nodes()) {
            if (n.op() instanceof Param) {
                continue;
            }
            Integer given = known.get(n.id());
            if (given != null) {
                fwd[n.id()] = given;
                if (forms.containsKey(n.id())) {
                    loops.put(n.id(), forms.get(n.id()));
                }
            } else if (n.op() instanceof Cond c && active[n.id()]) {
                CondForward.Rebuilt rebuilt = new CondForward(g, this.loops).forward(n, c, fwd, varied, graph);
                fwd[n.id()] = rebuilt == null ? Copy.node(g, n, fwd) : rebuilt.node();
                if (rebuilt != null) {
                    loops.put(n.id(), rebuilt.form());
                }
            } else if (n.op() instanceof While w && active[n.id()]) {
                RegionReversal.Rebuilt rebuilt = regions.forwardLoop(n, w, fwd, varied, graph, rerun);
                loops.put(n.id(), rebuilt.form());
                fwd[n.id()] = rebuilt.node();
            } else {
                fwd[n.id()] = Copy.node(g, n, fwd);
            }
        }
        return new Forward(fwd, Map.copyOf(loops));
    }

    /** The backward sweep, in reverse node order: the adjoint of every active node (NONE where it has none). */
    private int[] backward(Graph graph, Forward forward, boolean[] varied, boolean[] active, int[] seeds,
                           int[] paramSeeds, Paths paths) {
        int[] bar = new int[graph.size()];
        Arrays.fill(bar, Primitive.NONE);
        for (int i = 0; paramSeeds != null && i < paramSeeds.length; i++) {
            if (active[graph.params().get(i)] && paramSeeds[i] != Primitive.NONE) {
                bar[graph.params().get(i)] = paramSeeds[i];
                if (seedPaths != null) { // the sum's path from this graph is its contributions' (none yet)
                    paths.arrive(graph.params().get(i), g.boolConstant(false), true);
                }
            }
        }
        int[][] tupleBar = new int[graph.size()][];
        int[][] tuplePaths = new int[graph.size()][];
        Node.Role saved = g.builder().role();
        g.builder().setRole(Node.Role.ADJOINT);
        for (int r = 0; r < graph.results().size(); r++) {
            if (seeds[r] != Primitive.NONE && active[graph.result(r)]) {
                adjoints.add(bar, paths, graph.result(r), seeds[r],
                        seedPaths == null ? Primitive.NONE : seedPaths[r]);
            }
        }
        for (int i = graph.size() - 1; i >= 0; i--) {
            Node n = graph.node(i);
            if (active[i] && bar[i] != Primitive.NONE && n.label() != null
                    && (!(n.op() instanceof Param) || g.node(bar[i]).role() == Node.Role.ADJOINT)) {
                g.builder().label(bar[i], n.label() + "Bar"); // a parameter's adjoint too: W1Bar, not t19
            }
            if (!active[i] || n.op() instanceof Param) {
                continue;
            }
            g.builder().setSpan(n.span());
            if (n.op() instanceof Proj p) {
                if (bar[i] != Primitive.NONE) {
                    projBar(n, p, graph, bar, tupleBar, tuplePaths, paths);
                }
            } else if (n.op() instanceof While || n.op() instanceof Cond) {
                if (tupleBar[i] != null) {
                    regionBar(n, graph, forward, varied, bar, tupleBar[i], tuplePaths[i], paths);
                }
            } else if (n.op() instanceof Pop) {
                if (tupleBar[i] != null) {
                    adjoints.add(bar, paths, n.input(0), popAdjoint(graph, n, forward.values(), tupleBar[i]), paths.of(i));
                }
            } else if (bar[i] != Primitive.NONE) {
                primitive(n, forward.values(), active, bar, paths);
            }
        }
        g.builder().setRole(saved);
        return bar;
    }

    /** A projection's adjoint, added into its tuple's part, with its path. */
    private void projBar(Node n, Proj p, Graph graph, int[] bar, int[][] tupleBar, int[][] tuplePaths, Paths paths) {
        int i = n.id();
        int t = n.input(0);
        paths.arrive(t, paths.of(i), tupleBar[t] == null);
        if (tupleBar[t] == null) {
            tupleBar[t] = new int[((Type.Tuple) graph.type(t)).parts().size()];
            Arrays.fill(tupleBar[t], Primitive.NONE);
            tuplePaths[t] = new int[tupleBar[t].length];
        }
        tuplePaths[t][p.index()] = tupleBar[t][p.index()] == Primitive.NONE ? paths.of(i)
                : paths.of(i) == Primitive.NONE || tuplePaths[t][p.index()] == Primitive.NONE ? Primitive.NONE
                : g.apply(dev.gradc.ops.Logic.OR, tuplePaths[t][p.index()], paths.of(i));
        tupleBar[t][p.index()] = tupleBar[t][p.index()] == Primitive.NONE ? bar[i]
                : g.add(tupleBar[t][p.index()], bar[i]);
    }

    /**
     * A region's adjoint, given its results' adjoints and their paths: its contributions, added into (or, when the
     * region added into the adjoint it was given, replacing) the adjoints of its inputs.
     */
    private void regionBar(Node n, Graph graph, Forward forward, boolean[] varied, int[] bar, int[] resultBar,
                           int[] resultPaths, Paths paths) {
        int[] path = new int[n.inputs().size()];
        Arrays.fill(path, Primitive.NONE);
        boolean cond = n.op() instanceof Cond;
        Given done = given.get(n.id());
        Later deferred = later.get(n.id());
        int[] sums = done != null ? done.sums() : cond ? InvariantSums.ofCond(g, n, bar)
                : InvariantSums.of(g, n, deferred != null ? new Kept(null) : forward.loops().get(n.id()), bar);
        if (deferred != null) {
            done = deferred.reverse(resultBar, InvariantSums.startPaths(n, resultPaths, sums, paths), sums);
        }
        int[] contributions = done != null ? done.contributions() : regions.adjoint(n, forward, varied, resultBar,
                cond ? resultPaths : InvariantSums.startPaths(n, resultPaths, sums, paths), graph, path, sums);
        if (done != null) {
            System.arraycopy(done.paths(), 0, path, 0, path.length);
        }
        CondAccumulate.Folded folded = cond ? CondAccumulate.fold(g, n, contributions, bar, sums) : null;
        if (folded != null) {
            CondAccumulate.rebind(g, restored, contributions, folded.contributions());
        }
        for (int q = 0; q < contributions.length; q++) {
            if (contributions[q] == Primitive.NONE) {
                continue;
            }
            int p = paths.and(paths.of(n.id()), path[q]);
            if (sums[q] != Primitive.NONE) {
                paths.arrive(n.input(q), p, false); // the region added into the adjoint it was given
                bar[n.input(q)] = folded == null ? contributions[q] : folded.contributions()[q];
            } else if (folded != null && folded.includes()[q]) {
                paths.arrive(n.input(q), p, false);
                bar[n.input(q)] = folded.contributions()[q]; // the adjoint so far added inside the cond
            } else {
                adjoints.add(bar, paths, n.input(q), folded == null ? contributions[q]
                        : folded.contributions()[q], p);
            }
        }
    }

    private void primitive(Node n, int[] fwd, boolean[] active, int[] bar, Paths paths) {
        Primitive op = (Primitive) n.op();
        int[] in = new int[n.inputs().size()];
        boolean[] need = new boolean[in.length];
        for (int k = 0; k < in.length; k++) {
            in[k] = fwd[n.input(k)];
            need[k] = active[n.input(k)];
        }
        int[] contributions = op.vjp(g, n, in, fwd[n.id()], bar[n.id()], need);
        for (int k = 0; k < in.length; k++) {
            if (need[k] && contributions[k] != Primitive.NONE) {
                int path = paths.of(n.id());
                // a push's contribution to its stack is the adjoint stack: passed on whole, never guarded; nor
                // is a contribution that is exactly zero where the node's adjoint is (see zeroWhereZero)
                int c = g.type(contributions[k]) instanceof Type.Stack ? contributions[k]
                        : Adjoints.zeroWhereZero(op) ? adjoints.fit(contributions[k], g.shape(in[k]))
                        : paths.guard(adjoints.fit(contributions[k], g.shape(in[k])), path);
                adjoints.add(bar, paths, n.input(k), c, path);
            }
        }
    }

    /**
     * The adjoint of a pop, given the adjoints of (the stack left, the value popped): the value's adjoint pushed
     * onto the stack's, as the adjoint of a push is a pop of its adjoint stack ({@link Push#vjp}). Either may be
     * missing: an empty adjoint stack, a zero adjoint (shaped like the value popped).
     */
    private int popAdjoint(Graph graph, Node pop, int[] fwd, int[] parts) {
        Type element = ((Type.Stack) graph.type(pop.input(0))).element();
        int stack = parts[0] != Primitive.NONE ? parts[0] : g.apply(new StackNew(element));
        int value = parts[1];
        if (value == Primitive.NONE && element instanceof Type.Real r && r.isScalar()) {
            value = g.constant(0.0);
        } else if (value == Primitive.NONE) {
            List<Integer> tops = StackChains.popped(graph, pop.id());
            int top = tops.isEmpty() || fwd[tops.get(0)] == Primitive.NONE ? g.proj(fwd[pop.id()], 1) : fwd[tops.get(0)];
            value = StackChains.zero(g, element, top); // a popped stack (nested ifs' loops) has an empty one
        }
        return g.apply(new Push(), stack, value);
    }
}
