package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Checkpoint;
import dev.gradc.ops.CheckpointAdvance;
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
 * The adjoint sweep of a checkpointed loop (its first sweep is {@link CheckpointLoop}'s). It runs once per
 * trip t, last first: it takes the top snapshot (at trip p); while p is before t it keeps that state again,
 * runs {@code advance(t + 1 − p, free)} trips (Revolve's binomial choice) and repeats from there; then it
 * reverses trip t from the state at its start exactly as the store-everything adjoint loop would (the body's
 * adjoint, recursively; the state after the trip — the one the previous adjoint trip started from — stands in
 * for recomputing the body's results). The recomputation repeats the same operations on the same values, so
 * the gradient is bit-identical to storing every state.
 */
final class CheckpointAdjoint {

    private final Rules g;
    private final GradientPass.Loops loops;

    CheckpointAdjoint(Rules g, GradientPass.Loops loops) {
        this.g = g;
        this.loops = loops;
    }

    /**
     * Appends the adjoint sweep of loop node n, whose first sweep is {@code fwd[n.id()]}; gives the adjoint
     * contribution to each of n's inputs (carried, then invariants), or {@link Primitive#NONE}.
     */
    int[] adjoint(Node n, While w, int[] fwd, boolean[] varied, int[] resultBar, Graph graph,
                  Reverse.Checkpointed form) {
        return adjoint(n, w, fwd, varied, resultBar, graph, form, false);
    }

    /**
     * As {@link #adjoint(Node, While, int[], boolean[], int[], Graph, int)}; with {@code allCarried}, the adjoint
     * of every carried value the loop varies, even where n's input does not vary: the adjoints at the start of
     * the loop's checkpointed rest, which the reversal of its journaled first trips continues from.
     */
    int[] adjoint(Node n, While w, int[] fwd, boolean[] varied, int[] resultBar, Graph graph,
                  Reverse.Checkpointed form, boolean allCarried) {
        return adjoint(n, w, fwd, varied, resultBar, graph, form, allCarried, null, new int[n.inputs().size()], null);
    }

    /**
     * As {@link #adjoint(Node, While, int[], boolean[], int[], Graph, int, boolean)}, the results' seeds having
     * a path when {@code resultPaths} says so (per result: NONE always; null: always); {@code path} gets, per
     * carried input, when its contribution has a path ({@link TripPaths}; NONE always); the invariants' sums
     * start at {@code invariantSums} (per invariant, a node or NONE: from zero; or null).
     */
    int[] adjoint(Node n, While w, int[] fwd, boolean[] varied, int[] resultBar, Graph graph,
                  Reverse.Checkpointed form, boolean allCarried, int[] resultPaths, int[] path, int[] invariantSums) {
        int k = w.carried();
        int m = n.inputs().size() - k;
        int c = CheckpointLoop.requested(w) ? w.checkpoint().snapshots() : Checkpoint.AUTOMATIC;
        int node = fwd[n.id()];
        Graph body = w.body();
        boolean[] inVaried = new boolean[k + m];
        for (int i = 0; i < k + m; i++) {
            inVaried[i] = varied[n.input(i)];
        }
        boolean[] cv = Activity.withAdjoints(w, Activity.variedCarried(w, inVaried), resultBar);
        boolean[] bodyVaried = new boolean[k + m];
        List<Integer> carriedBar = new ArrayList<>();
        List<Integer> invariantBar = new ArrayList<>();
        List<Integer> nextState = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            bodyVaried[j] = cv[j];
            if (cv[j]) {
                carriedBar.add(j);
            }
            if (Activity.isReal(type(body, j)) && !(body.node(body.result(j)).op() instanceof Param)) {
                nextState.add(j);
            }
        }
        for (int i = 0; i < m; i++) {
            bodyVaried[k + i] = inVaried[k + i] && Activity.isReal(graph.type(n.input(k + i)));
            if (bodyVaried[k + i]) {
                invariantBar.add(i);
            }
        }
        LoopRegion a = new LoopRegion();
        g.builder().setSpan(n.span());
        g.builder().setRole(Node.Role.FORWARD);
        a.add(Type.INT, "trip", g.sub(g.proj(node, k), g.intConstant(1)));
        a.add(Type.INT, "held", g.proj(node, k + 1));
        for (int j = 0; j <= k; j++) {
            int stack = g.proj(node, k + 2 + j);
            a.add(g.type(stack), j < k && CheckpointSteps.label(body, j) != null
                    ? CheckpointSteps.label(body, j) + "Snapshots" : null, stack);
        }
        g.builder().setRole(Node.Role.ADJOINT);
        for (int j : carriedBar) {
            a.add(type(body, j), suffix(body, j, "Bar"),
                    resultBar[j] != Primitive.NONE ? resultBar[j] : g.zerosLike(g.proj(node, j)));
        }
        for (int i : invariantBar) {
            int sum = invariantSums != null ? invariantSums[i] : Primitive.NONE;
            if (sum == Primitive.NONE) {
                sum = g.zerosLike(fwd[n.input(k + i)]);
                g.builder().label(sum, suffix(body, k + i, "Bar")); // the accumulator is declared as its adjoint
            }
            a.add(graph.type(n.input(k + i)), suffix(body, k + i, "Bar"), sum);
        }
        for (int j : nextState) {
            a.add(type(body, j), suffix(body, j, "Next"), g.proj(node, j));
        }
        boolean[] iv = Arrays.copyOfRange(bodyVaried, k, k + m);
        int[] flags = TripPaths.starts(g, cv, iv, resultBar, resultPaths, invariantSums, body, j -> type(body, j));
        List<Integer> reached = new ArrayList<>();
        for (int q = 0; q < flags.length; q++) {
            if (flags[q] != Primitive.NONE) {
                reached.add(q);
                a.add(Type.BOOL, suffix(body, q, "Reached"), flags[q]);
            }
        }
        int keptAt = k + 3 + carriedBar.size() + invariantBar.size() + nextState.size() + reached.size();
        CheckpointInner.Kept kept = form.inner();
        if (kept != null) {
            g.builder().setRole(Node.Role.FORWARD);
            a.add(Type.INT, "keptTrips", g.proj(node, CheckpointLoop.keptTripsAt(k)));
            for (int i = 0; i < kept.stacks().size(); i++) {
                a.add(new Type.Stack(kept.stacks().get(i)), null, g.proj(node, CheckpointLoop.keptTripsAt(k) + 1 + i));
            }
            g.builder().setRole(Node.Role.ADJOINT);
        }
        a.endCarried();
        int base = keptAt + (kept == null ? 0 : 1 + kept.stacks().size());
        for (int i = 0; i < m; i++) {
            a.add(type(body, k + i), CheckpointSteps.label(body, k + i), fwd[n.input(k + i)]);
        }
        a.add(Type.INT, "snapshots", g.proj(node, CheckpointLoop.snapshotsAt(k)));
        String kind = form.kind();
        int out = a.build(g, Node.Role.ADJOINT,
                (cg, p) -> List.of(cg.compare(Compare.GE, p[0], cg.intConstant(0))),
                (bg, p) -> reverseOneTrip(bg, p, w, c, kind, base, new Carried(carriedBar, invariantBar, nextState,
                        reached, kept, keptAt), bodyVaried),
                w.where(), new Checkpoint(c, kind + ": adjoint sweep"));
        int[] adj = new int[k + m];
        Arrays.fill(adj, Primitive.NONE);
        for (int idx = 0; idx < carriedBar.size(); idx++) {
            int j = carriedBar.get(idx);
            if (allCarried || varied[n.input(j)]) {
                adj[j] = g.proj(out, k + 3 + idx);
            }
        }
        for (int idx = 0; idx < invariantBar.size(); idx++) {
            adj[k + invariantBar.get(idx)] = g.proj(out, k + 3 + carriedBar.size() + idx);
        }
        for (int idx = 0; idx < reached.size(); idx++) {
            path[reached.get(idx)] = g.proj(out, keptAt - reached.size() + idx);
        }
        return adj;
    }

    /**
     * What the adjoint sweep carries after its trip, held and stacks, in this order: the carried values'
     * adjoints, the invariants' sums, the states after the trip, the flags of the adjoints that may not have a
     * path yet ({@link TripPaths}); each list by carried value or invariant.
     */
    private record Carried(List<Integer> carriedBar, List<Integer> invariantBar, List<Integer> nextState,
                           List<Integer> reached, CheckpointInner.Kept kept, int keptAt) {
    }

    /** One trip of the adjoint sweep: recompute the state at the start of trip p[0] from a snapshot, reverse it. */
    private List<Integer> reverseOneTrip(Rules bg, int[] p, While w, int c, String kind, int base, Carried carried,
                                         boolean[] bodyVaried) {
        List<Integer> carriedBar = carried.carriedBar();
        List<Integer> invariantBar = carried.invariantBar();
        List<Integer> nextState = carried.nextState();
        int k = w.carried();
        int m = bodyVaried.length - k;
        Graph body = w.body();
        int[] x = new int[k];
        int[] stacks = new int[k + 1];
        int trip = Primitive.NONE;
        for (int j = 0; j <= k; j++) {
            int pop = bg.apply(new Pop(), p[2 + j]);
            stacks[j] = bg.proj(pop, 0);
            if (j < k) {
                x[j] = bg.proj(pop, 1);
            } else {
                trip = bg.proj(pop, 1);
            }
        }
        int[] inv = CheckpointSteps.invariants(p, base, m);
        int recomputed = recompute(bg, w, c, kind, x, trip, bg.sub(p[1], bg.intConstant(1)), stacks, inv, p[0],
                p[base + m]);
        int[] start = new int[k];
        for (int j = 0; j < k; j++) {
            start[j] = bg.proj(recomputed, j);
        }
        int[] seeds = new int[k];
        Arrays.fill(seeds, Primitive.NONE);
        for (int idx = 0; idx < carriedBar.size(); idx++) {
            seeds[carriedBar.get(idx)] = p[k + 3 + idx];
        }
        int nextBase = k + 3 + carriedBar.size() + invariantBar.size();
        Map<Integer, Integer> known = new HashMap<>();
        for (int idx = 0; idx < nextState.size(); idx++) {
            known.putIfAbsent(body.result(nextState.get(idx)), p[nextBase + idx]);
        }
        int[] bodyParams = CheckpointSteps.concat(start, inv);
        Map<Integer, Reverse.LoopForm> forms = new HashMap<>();
        List<Integer> keptStacks = List.of();
        CheckpointInner.Kept kept = carried.kept();
        if (kept != null) {
            int at = carried.keptAt();
            int[] stacksIn = Arrays.copyOfRange(p, at + 1, at + 1 + kept.stacks().size());
            keptStacks = CheckpointInner.given(bg, w, kept, loops, p[0], p[at], stacksIn, start, inv, known, forms);
        }
        // as the store-everything adjoint loop: the trip adds into the invariants' carried sums (same bits)
        int[] accumulators = new int[bodyParams.length];
        Arrays.fill(accumulators, Primitive.NONE);
        for (int idx = 0; idx < invariantBar.size(); idx++) {
            accumulators[k + invariantBar.get(idx)] = p[k + 3 + carriedBar.size() + idx];
        }
        int flagsAt = nextBase + nextState.size();
        int[] seedPaths = new int[k];
        Arrays.fill(seedPaths, Primitive.NONE);
        for (int idx = 0; idx < carried.reached().size(); idx++) {
            if (carried.reached().get(idx) < k) {
                seedPaths[carried.reached().get(idx)] = p[flagsAt + idx];
            }
        }
        Reverse.Result inner = new Reverse(bg, loops).seedPaths(seedPaths).handing(rowLoops(w))
                .run(body, bodyParams, bodyVaried, seeds, known, accumulators, forms);
        List<Integer> results = new ArrayList<>();
        results.add(bg.sub(p[0], bg.intConstant(1)));
        results.add(bg.proj(recomputed, k + 1));
        for (int j = 0; j <= k; j++) {
            results.add(bg.proj(recomputed, k + 2 + j));
        }
        for (int j : carriedBar) {
            int adj = inner.paramAdjoints()[j];
            results.add(adj == Primitive.NONE ? bg.zerosLike(bodyParams[j]) : adj);
        }
        for (int idx = 0; idx < invariantBar.size(); idx++) {
            int acc = p[k + 3 + carriedBar.size() + idx];
            int adj = inner.paramAdjoints()[k + invariantBar.get(idx)];
            results.add(adj == Primitive.NONE ? acc : adj);
        }
        for (int j : nextState) {
            results.add(start[j]);
        }
        for (int idx = 0; idx < carried.reached().size(); idx++) {
            int q = carried.reached().get(idx);
            results.add(TripPaths.next(bg, q < k, p[flagsAt + idx], inner.paramAdjoints()[q], inner.paramPaths()[q]));
        }
        if (kept != null) {
            results.add(p[carried.keptAt()]);
            results.addAll(keptStacks);
        }
        return results;
    }

    /**
     * The row loops of loop w's body that its own journal hands on as trailing-submatrix updates keeping nothing per
     * trip ({@link TrailingUpdates}: no journal stacks, products or values kept whole), by node id, with the journal
     * handed on. A trip reversed here from a snapshot reverses them as the journaled reversal of the same trip does
     * ({@link Reverse.Trailing}), so the gradient has the same bits whichever way the trip is reversed: the element
     * loops in forward order ({@link HandedLoops#ascends}), the same sums in the same order. Keeping nothing per
     * trip, they take nothing of the budget.
     */
    static Map<Integer, Journal> rowLoops(While w) {
        Journal journal = new Journal(w.body(), w.carried());
        Map<Integer, Journal> out = new HashMap<>();
        for (int j = 0; j < w.carried(); j++) {
            Node handed = journal.handed(j);
            JournalLoops.Through t = handed == null ? null : journal.through(handed.id());
            if (t != null && t.inner().trailing() && HandedLoops.keepsNothing(t)) {
                out.put(handed.id(), t.inner());
            }
        }
        return out;
    }

    /**
     * The loop that brings the state from the snapshot at {@code trip} to the start of trip {@code target},
     * keeping snapshots on the way where the binomial schedule puts them. Results: the state, the trip reached,
     * the snapshots held, the stacks.
     */
    private int recompute(Rules bg, While w, int c, String kind, int[] x, int trip, int held, int[] stacks,
                          int[] inv, int target, int snapshots) {
        int k = w.carried();
        int m = inv.length;
        LoopRegion b = new LoopRegion();
        for (int j = 0; j < k; j++) {
            b.add(type(w.body(), j), CheckpointSteps.label(w.body(), j), x[j]);
        }
        b.add(Type.INT, "trip", trip);
        b.add(Type.INT, "held", held);
        for (int j = 0; j <= k; j++) {
            b.add(bg.type(stacks[j]), null, stacks[j]);
        }
        b.endCarried();
        for (int i = 0; i < m; i++) {
            b.add(type(w.body(), k + i), CheckpointSteps.label(w.body(), k + i), inv[i]);
        }
        b.add(Type.INT, "reversing", target);
        b.add(Type.INT, "snapshots", snapshots);
        int targetAt = 2 * k + 3 + m;
        Node.Role role = bg.builder().role();
        bg.builder().setRole(Node.Role.FORWARD);
        int loop = b.build(bg, Node.Role.FORWARD,
                (cg, q) -> List.of(cg.compare(Compare.LT, q[k], q[targetAt])),
                (rb, q) -> {
                    List<Integer> kept = CheckpointSteps.keep(rb, q, k, k + 2, CheckpointSteps.state(q, k), q[k]);
                    int free = rb.sub(q[targetAt + 1], q[k + 1]);
                    int left = rb.sub(rb.add(q[targetAt], rb.intConstant(1)), q[k]);
                    int steps = rb.apply(new CheckpointAdvance(false), left, free);
                    int[] next = CheckpointSteps.advance(rb, w, CheckpointSteps.state(q, k),
                            CheckpointSteps.invariants(q, 2 * k + 3, m), steps, c, false);
                    List<Integer> out = new ArrayList<>();
                    for (int j = 0; j < k; j++) {
                        out.add(next[j]);
                    }
                    out.add(rb.add(q[k], steps));
                    out.add(rb.add(q[k + 1], rb.intConstant(1)));
                    out.addAll(kept);
                    return out;
                },
                w.where(), new Checkpoint(c, kind + ": recomputes from the top snapshot"));
        bg.builder().setRole(role);
        return loop;
    }

    private static Type type(Graph body, int i) {
        return body.type(body.params().get(i));
    }

    private static String suffix(Graph body, int i, String s) {
        String l = CheckpointSteps.label(body, i);
        return l == null ? null : l + s;
    }
}
