package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Compare;
import dev.gradc.ops.Param;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Rules;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reversal of a while loop with a data-dependent trip count (docs/design.md, "While loops with data-dependent
 * trip counts"): the forward loop, rebuilt, keeps its trip count and the carried state at the start of each
 * trip on stacks; the adjoint loop pops that state, recomputes the trip's body from it (the body's own
 * reverse mode, recursively) and carries the adjoints of the carried values and the sums of the invariants'.
 */
final class KeptLoop {

    private final Rules g;
    private final GradientPass.Loops loops;
    /** Where the adjoint records the carried arrays it gives back as they were; null: nowhere. */
    private Map<Integer, Integer> restored;
    /** What each trip keeps of the body's regions ({@link KeptRegions}); null: nothing. */
    private KeptRegions.Kept kept;
    /** The journal the forward loop kept, when not its body's own ({@link HandedLoops}); null: its own. */
    private Journal journal;
    /** The body's nodes whose values the forward trips kept after the journal's stacks ({@link #knowing}). */
    private List<Integer> products = List.of();
    private List<Type> productStacks = List.of();
    /** Whether the next {@link #adjoint} runs its trips in forward order ({@link #ascending}). */
    private boolean ascending;
    /** Whether the loops the next {@link #adjoint}'s trips hand on may run forward ({@link #handingAscending}). */
    private boolean handingAscending = true;
    /** The last {@link #adjoint}'s loop node and layout. */
    private int node = Primitive.NONE;
    private KeptLayout layout;

    KeptLoop(Rules g, GradientPass.Loops loops) {
        this.g = g;
        this.loops = loops;
    }

    /**
     * Makes the next {@link #adjoint} record in {@code into}, per carried array of the loop, the loop's input
     * (a forward node) → the adjoint loop's last state after the trip it reverses: after the first trip, that is
     * the state before it, the input itself, written back in place entry by entry (a journal) or popped whole.
     */
    KeptLoop restoring(Map<Integer, Integer> into) {
        this.restored = into;
        return this;
    }


    /**
     * Makes the next {@link #adjoint} pop what each forward trip kept of the body's regions (the forward loop's
     * {@link Reverse.Kept#inner}; null: nothing).
     */
    KeptLoop keeping(KeptRegions.Kept inner) {
        this.kept = inner;
        return this;
    }

    /**
     * Makes the next {@link #adjoint} pop {@code kept}, the journal a loop around kept of this loop's writes
     * ({@link Journal#handedBy}), instead of the body's own.
     */
    KeptLoop journaling(Journal kept) {
        this.journal = kept;
        return this;
    }

    /**
     * Makes the next {@link #adjoint} pop, per trip, the values of the body's nodes {@code nodes} that the forward
     * trips kept ({@link KeptProducts}; their stacks follow the journal's) and take them as known.
     */
    KeptLoop knowing(List<Integer> nodes, List<Type> stacks) {
        this.products = List.copyOf(nodes);
        this.productStacks = List.copyOf(stacks);
        return this;
    }

    /**
     * Makes the next {@link #adjoint} run its trips in forward order when {@code ascending}: the counters start at
     * the loop's inputs and step forward, each trip reading its counter as the carried value itself. Only for a
     * loop whose reversed trips commute exactly ({@link HandedLoops#ascends}): nothing is popped per trip, and the
     * trips share only sums; then only the rounding of those sums changes (their order).
     */
    KeptLoop ascending(boolean ascending) {
        this.ascending = ascending;
        return this;
    }

    /**
     * Whether the loops that the next {@link #adjoint}'s trips reverse as handed on ({@link HandedLoops}) may run
     * their trips in forward order where {@link HandedLoops#ascends} allows (by default they may): a handed loop
     * that keeps something per trip may not ({@link HandedLoops#keepsNothing}).
     */
    KeptLoop handingAscending(boolean may) {
        this.handingAscending = may;
        return this;
    }

    /** The last {@link #adjoint}'s loop node: its results in its layout's order ({@link #layout}). */
    int node() {
        return node;
    }

    /** The last {@link #adjoint}'s layout. */
    KeptLayout layout() {
        return layout;
    }

    private Journal journal(Graph body, int k) {
        return journal != null ? journal : new Journal(body, k);
    }

    /** What the last {@link #forward(Node, While, int[], boolean[])} keeps of the body's regions, or null. */
    KeptRegions.Kept kept() {
        return kept;
    }

    /**
     * The forward loop, rebuilt to keep what its adjoint needs: an iteration counter and, per iteration,
     * the carried values at the start of the iteration, on one stack each, and the results of the body's regions
     * that its adjoint would otherwise run again ({@link KeptRegions}; {@code varied}: the graph's varied nodes).
     * Loop invariants are never kept. Results: the original carried values, then the count, then the stacks.
     */
    int forward(Node n, While w, int[] fwd, boolean[] varied) {
        if (!StackChains.carriesStack(w) && new Journal(w.body(), w.carried()).stackTypes().isEmpty()) {
            kept = KeptRegions.of(w, CheckpointLoop.paramVaried(n, w, varied), loops);
        }
        return forward(n, w, fwd, Primitive.NONE, null);
    }

    /**
     * As {@link #forward(Node, While, int[], boolean[])}, but when {@code limit} is a node (an int), the loop also stops
     * once it has run that many trips (the rest of the loop is then run, and reversed, by another unit:
     * {@link Reverse}'s journaled loops within the budget); {@code checkpoint} marks the loop for pictures,
     * generated code and the run-time report.
     */
    int forward(Node n, While w, int[] fwd, int limit, dev.gradc.ops.Checkpoint checkpoint) {
        return forward(n, w, fwd, limit, null, checkpoint);
    }

    /**
     * As {@link #forward(Node, While, int[], int, dev.gradc.ops.Checkpoint)}; when {@code guess} is not null (int
     * nodes: the values one trip is counted to keep, a guess, and of them the carried values kept whole), the loop
     * also stops before a trip that would take what it keeps past half the budget ({@link dev.gradc.ops.JournalRoom}).
     */
    int forward(Node n, While w, int[] fwd, int limit, int[] guess, dev.gradc.ops.Checkpoint checkpoint) {
        return new KeptForward(g, loops, kept).journaling(journal).build(n, w, fwd, limit, guess, checkpoint);
    }

    /**
     * Appends the adjoint loop of a forward loop that {@link #forward} rebuilt; gives the adjoint contribution
     * to each of the loop's inputs (carried, then invariants), or {@link Primitive#NONE}.
     */
    int[] adjoint(Node n, While w, int[] fwd, boolean[] varied, int[] resultBar, Graph graph) {
        return adjoint(n, w, fwd, varied, resultBar, graph, null, null);
    }

    /**
     * As {@link #adjoint(Node, While, int[], boolean[], int[], Graph)}, the sums of the invariants' adjoints
     * starting at {@code invariantSums} (per invariant, a node or NONE: from zero) instead of zero — the sums
     * the reversal of the loop's later trips left, so the trips add into them in the order of one loop —
     * and the adjoint loop marked with {@code checkpoint} (or null).
     */
    int[] adjoint(Node n, While w, int[] fwd, boolean[] varied, int[] resultBar, Graph graph, int[] invariantSums,
                  dev.gradc.ops.Checkpoint checkpoint) {
        return adjoint(n, w, fwd, varied, resultBar, graph, invariantSums, checkpoint, null, new int[n.inputs().size()]);
    }

    /**
     * As {@link #adjoint(Node, While, int[], boolean[], int[], Graph, int[], dev.gradc.ops.Checkpoint)}, the
     * results' seeds having a path when {@code resultPaths} says so (per result: NONE always; null: always);
     * {@code path} gets, per carried input, when its contribution has a path ({@link TripPaths}; NONE always).
     */
    int[] adjoint(Node n, While w, int[] fwd, boolean[] varied, int[] resultBar, Graph graph, int[] invariantSums,
                  dev.gradc.ops.Checkpoint checkpoint, int[] resultPaths, int[] path) {
        int k = w.carried();
        int m = n.inputs().size() - k;
        boolean[] inVaried = LoopInputs.inputsVaried(n, varied);
        boolean[] cv = Activity.withAdjoints(w, Activity.variedCarried(w, inVaried, true), resultBar);
        boolean[] iv = new boolean[m];
        for (int i = 0; i < m; i++) {
            iv[i] = inVaried[k + i] && Activity.isReal(graph.type(n.input(k + i)));
        }
        LoopRegion region = new LoopRegion();
        int[] flags = TripPaths.starts(g, cv, iv, resultBar, resultPaths, invariantSums, w.body(),
                j -> w.body().type(w.body().params().get(j)));
        Journal loopJournal = journal(w.body(), k);
        KeptLayout layout = new KeptParameters(g, kept, kept != null && loops.withinBudget(), loopJournal, productStacks)
                .ascending(ascending).add(region, n, w, fwd, cv, iv, resultBar, graph, invariantSums, flags);
        g.builder().setSpan(n.span());
        int out = region.build(g, Node.Role.ADJOINT,
                (cg, p) -> List.of(cg.compare(Compare.GT, p[layout.trips()], cg.intConstant(0))),
                (bg, p) -> body(bg, p, layout, w, cv, iv, m), w.where(), checkpoint);
        this.node = out;
        this.layout = layout;
        int[] contributions = new int[k + m];
        Arrays.fill(contributions, Primitive.NONE);
        for (int idx = 0; idx < layout.carriedBar().size(); idx++) {
            int j = layout.carriedBar().get(idx);
            if (varied[n.input(j)]) {
                contributions[j] = g.proj(out, layout.carriedBar(idx));
            }
        }
        for (int idx = 0; idx < layout.invariantBar().size(); idx++) {
            contributions[k + layout.invariantBar().get(idx)] = g.proj(out, layout.invariantBar(idx));
        }
        for (int idx = 0; idx < layout.reached().size(); idx++) {
            path[layout.reached().get(idx)] = g.proj(out, layout.reached(idx));
        }
        for (int idx = 0; restored != null && idx < layout.nextState().size(); idx++) {
            int j = layout.nextState().get(idx);
            Type t = w.body().type(w.body().params().get(j));
            // an array whose writes overwrite only entries no trip reads again is not written back (UnreadEntries),
            // nor an elimination's rows but one entry each (EliminationRows): the adjoint loop's last state is not
            // the state before the loop
            if ((t instanceof Type.Real r && !r.isScalar() || t instanceof Type.IntArray) && loopJournal.exact(j)) {
                restored.put(fwd[n.input(j)], g.proj(out, layout.next(idx)));
            }
        }
        return contributions;
    }

    /**
     * A carried stack in the adjoint loop's trip: the values the trip's pops gave are popped from what the
     * forward loop kept (last first) and stand in for those pops, and the stack's own chain is not rerun (its
     * forward value is {@link Primitive#NONE}: its adjoint never reads it). Gives the kept stack after the pops.
     */
    private static int knownPops(Rules bg, int kept, StackChains.Chain chain, Graph body, Map<Integer, Integer> known) {
        for (int c : chain.nodes()) {
            known.put(c, Primitive.NONE);
        }
        List<Integer> pops = chain.pops();
        for (int i = pops.size() - 1; i >= 0; i--) {
            int pop = bg.apply(new Pop(), kept);
            kept = bg.proj(pop, 0);
            int top = bg.proj(pop, 1);
            for (int proj : StackChains.popped(body, pops.get(i))) {
                known.put(proj, top);
            }
        }
        return kept;
    }

    private static Map<Integer, Reverse.Later> laterById(Map<Integer, HandedLoops.Later> later) {
        Map<Integer, Reverse.Later> out = new HashMap<>();
        later.values().forEach(l -> out.put(l.loop().id(), l));
        return out;
    }

    /**
     * The adjoint loop's body over its parameters {@code p}: pops the state at the start of the trip being
     * reversed, applies the forward body's adjoint to it (recursively, with the next state standing in for the
     * body's results), and gives the next values of the loop-carried parameters in {@link KeptLayout} order.
     */
    private List<Integer> body(Rules bg, int[] p, KeptLayout layout, While w, boolean[] cv, boolean[] iv, int m) {
        int k = w.carried();
        Graph body = w.body();
        List<Integer> results = new ArrayList<>();
        results.add(bg.sub(p[layout.trips()], bg.intConstant(1)));
        int[] bodyParams = new int[k + m];
        boolean[] bodyVaried = new boolean[k + m];
        Journal journal = journal(body, k);
        int[] popped = new int[layout.journal()];
        for (int e = 0; e < popped.length; e++) {
            popped[e] = p[layout.journal(e)];
        }
        for (int i = 0; i < m; i++) {
            bodyParams[k + i] = p[layout.invariant(i)];
            bodyVaried[k + i] = iv[i];
        }
        int[] stackResults = new int[k];
        Counters counters = new Counters(body, k);
        int[] invariants = new int[m];
        for (int i = 0; i < m; i++) {
            invariants[i] = p[layout.invariant(i)];
        }
        Map<Integer, Integer> known = new HashMap<>();
        int own = journal.stackTypes().size();
        for (int i = 0; i < products.size(); i++) { // kept by the forward trip: not computed again
            int pop = bg.apply(new Pop(), popped[own + i]);
            popped[own + i] = bg.proj(pop, 0);
            known.put(products.get(i), bg.proj(pop, 1));
            if (body.node(products.get(i)).label() != null) { // the popped forward value, under its own name
                bg.builder().label(bg.proj(pop, 1), body.node(products.get(i)).label());
            }
        }
        for (int j = 0; j < k; j++) {
            if (body.type(body.params().get(j)) instanceof Type.Stack) {
                stackResults[j] = knownPops(bg, p[layout.stack(j)], StackChains.of(body, j), body, known);
                bodyParams[j] = Primitive.NONE;
            } else if (counters.recomputed(j)) {
                stackResults[j] = p[layout.stack(j)];
                int next = p[layout.next(layout.nextState().indexOf(j))];
                // in forward order the carried value is the counter before the trip itself
                bodyParams[j] = ascending ? next : counters.before(bg, j, next, invariants);
            } else if (!journal.journaled(j)) {
                int pop = bg.apply(new Pop(), p[layout.stack(j)]);
                stackResults[j] = bg.proj(pop, 0);
                bodyParams[j] = bg.proj(pop, 1);
            }
        }
        int[] seeds = new int[k];
        Arrays.fill(seeds, Primitive.NONE);
        for (int idx = 0; idx < layout.carriedBar().size(); idx++) {
            seeds[layout.carriedBar().get(idx)] = p[layout.carriedBar(idx)];
        }
        int[] seedPaths = new int[k];
        Arrays.fill(seedPaths, Primitive.NONE);
        for (int idx = 0; idx < layout.reached().size(); idx++) {
            if (layout.reached().get(idx) < k) {
                seedPaths[layout.reached().get(idx)] = p[layout.reached(idx)];
            }
        }
        for (int j = 0; j < k; j++) {
            bodyVaried[j] = cv[j];
        }
        // the invariants' adjoints start at the sums carried so far: the trip adds into them (in place)
        int[] accumulators = new int[k + m];
        Arrays.fill(accumulators, Primitive.NONE);
        for (int idx = 0; idx < layout.invariantBar().size(); idx++) {
            accumulators[k + layout.invariantBar().get(idx)] = p[layout.invariantBar(idx)];
        }
        Map<Integer, Reverse.Given> given = new HashMap<>();
        Map<Integer, HandedLoops.Later> later = new HashMap<>();
        Map<Integer, Integer> learned = new HashMap<>(); // what the journal's restores know of the trip (Journal#restore)
        for (int j = 0; j < k; j++) {
            if (journal.journaled(j) && !counters.recomputed(j)) {
                // the state before the trip: the state after it with the overwritten entries written back
                stackResults[j] = p[layout.stack(j)];
                int after = p[layout.next(layout.nextState().indexOf(j))];
                Node handed = journal.handed(j);
                if (handed != null && HandedLoops.read(body, handed)) { // reversed when the sweep reaches it
                    HandedLoops.Later l = new HandedLoops.Later(bg, loops, body, handed, journal.through(handed.id()),
                            journal.firstStack(handed.id()), after, popped, bodyParams,
                            Activity.varied(body, bodyVaried, true), handingAscending);
                    known.put(handed.id(), l.value());
                    HandedLoops.cleanInputs(handed, journal.through(handed.id()), l.given(), known);
                    later.put(j, l);
                    bodyParams[j] = after; // read by the loop alone (HandedLoops.qualifies), whose value is known
                    results.add(stackResults[j]);
                    continue;
                } else if (handed != null) { // reversed first, it writes back what it overwrote (HandedLoops)
                    HandedLoops.Reversed r = HandedLoops.reverse(bg, loops, body, handed,
                            journal.through(handed.id()), journal.firstStack(handed.id()), after, popped, bodyParams,
                            seeds, seedPaths, Activity.varied(body, bodyVaried, true), accumulators, handingAscending);
                    after = r.before();
                    known.put(handed.id(), r.value());
                    HandedLoops.cleanInputs(handed, journal.through(handed.id()), r.known(), known);
                    given.put(handed.id(), r.adjoint());
                }
                bodyParams[j] = journal.restore(bg, j, after, popped, bodyParams, learned);
            }
            results.add(stackResults[j]);
            if (bodyParams[j] != Primitive.NONE) {
                bg.builder().label(bodyParams[j], body.node(body.params().get(j)).label()); // the popped forward value
            }
        }
        for (int idx = 0; idx < layout.nextState().size(); idx++) {
            int result = body.result(layout.nextState().get(idx));
            if (ascending && counters.recomputed(layout.nextState().get(idx))) {
                continue; // the carried value is the counter before the trip, not after it
            }
            if (!(body.node(result).op() instanceof Param)) {
                known.putIfAbsent(result, p[layout.next(idx)]);
            }
        }
        // a cond's predicate and the operand its journal pops (JournalBranches#restore): not computed again
        learned.forEach((id, value) -> {
            if (!(body.node(id).op() instanceof Param)) {
                known.putIfAbsent(id, value);
            }
        });
        Map<Integer, Reverse.LoopForm> forms = new HashMap<>();
        List<Integer> keptAfter = List.of();
        if (kept != null) {
            int[] stacks = new int[layout.keptStacks()];
            for (int i = 0; i < stacks.length; i++) {
                stacks[i] = p[layout.keptStack(i)];
            }
            // the trip being reversed is trip (trips left - 1): it kept when that is below the trips that keep
            int keep = layout.limited() ? bg.compare(Compare.LE, p[layout.trips()], p[layout.keepingTrips()])
                    : Primitive.NONE;
            keptAfter = KeptRegions.given(bg, w, kept, loops, keep, stacks, bodyParams, known, forms);
        }
        Reverse.Result inner = new Reverse(bg, loops).seedPaths(seedPaths).giving(given).later(laterById(later))
                .run(body, bodyParams, bodyVaried, seeds, known, accumulators, forms);
        for (Map.Entry<Integer, HandedLoops.Later> e : new java.util.TreeMap<>(later).entrySet()) {
            int j = e.getKey();
            bodyParams[j] = journal.restore(bg, j, e.getValue().reversed().before(), popped, bodyParams);
            bg.builder().label(bodyParams[j], body.node(body.params().get(j)).label());
        }
        for (int j : layout.carriedBar()) {
            int a = inner.paramAdjoints()[j];
            results.add(a != Primitive.NONE ? a : StackChains.zero(bg, body.type(body.params().get(j)), bodyParams[j]));
        }
        for (int idx = 0; idx < layout.invariantBar().size(); idx++) {
            int a = inner.paramAdjoints()[k + layout.invariantBar().get(idx)];
            results.add(a == Primitive.NONE ? p[layout.invariantBar(idx)] : a);
        }
        for (int idx = 0; idx < layout.reached().size(); idx++) {
            int q = layout.reached().get(idx);
            results.add(TripPaths.next(bg, q < k, p[layout.reached(idx)], inner.paramAdjoints()[q],
                    inner.paramPaths()[q]));
        }
        for (int j : layout.nextState()) {
            if (ascending && counters.recomputed(j)) { // the counter of the next trip in forward order
                results.add(counters.after(bg, j, bodyParams[j], invariants));
                continue;
            }
            // the state before the trip, as the trip's inner adjoint loops gave it back, if they did
            results.add(inner.restored().getOrDefault(bodyParams[j], bodyParams[j]));
        }
        for (int e : popped) {
            results.add(e);
        }
        results.addAll(keptAfter);
        if (layout.limited()) {
            results.add(p[layout.keepingTrips()]);
        }
        return results;
    }
}
