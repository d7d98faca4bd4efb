package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Node;
import dev.gradc.ir.Op;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Param;
import dev.gradc.ops.Proj;
import dev.gradc.ops.JournalRoom;
import dev.gradc.ops.KeptUnits;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Removes every node no result reads — except loops not provably finite (see {@link FiniteLoops}): an endless
 * loop must hit the iteration limit in every engine, read or not; nor a program's index or slice that may be
 * out of range ({@link FiniteLoops#checked}), which must fail in every engine; a region of the reversal (role
 * adjoint) that recomputes such code goes when unread: the forward sweep ran it on the same values — and prunes regions: a loop keeps only the carried values that a
 * used result, the condition or another kept carried value needs (to a fixpoint), and only the invariants
 * it reads; a cond keeps only used results and the inputs they read. Applied to a gradient graph this drops
 * adjoints nobody reads, recomputations the adjoint loop does not need, and with them the stack pushes of
 * state the adjoint loop never pops into use.
 */
public final class DeadNodes {

    /**
     * Plans already made in this run, by graph (identity) and needed results. A loop re-plans its body until
     * its live state stops growing; without this, nested loops would be planned exponentially often.
     */
    private final Map<Graph, Map<String, Plan>> plans = new java.util.IdentityHashMap<>();

    /** Which loops (and regions holding them) must run even when nothing reads their results. */
    private final FiniteLoops loops = new FiniteLoops();

    private DeadNodes() {
    }

    public static Graph apply(Graph g) {
        boolean[] all = new boolean[g.results().size()];
        Arrays.fill(all, true);
        Plan p = new DeadNodes().plan(g, all, false);
        boolean[] params = new boolean[g.params().size()];
        Arrays.fill(params, true);
        return build(g, p, params, all);
    }

    /**
     * Whether the node is a program's index or slice that may be out of range, kept (and written out) read or
     * not: it must fail in every engine ({@link FiniteLoops#checked}).
     */
    public static boolean mayFail(Graph g, Node n) {
        return FiniteLoops.checked(g, n);
    }

    /** What survives in one graph: live nodes, the rebuilt regions, and which parameters are read. */
    private record Plan(boolean[] live, Map<Integer, RegionPlan> regions, boolean[] paramsUsed) {
    }

    /** A rebuilt region: its new op, which of the old inputs it keeps, and where each old result went (-1: gone). */
    private record RegionPlan(Op op, List<Integer> keptInputs, int[] outMap) {
    }

    /**
     * What survives of g when {@code resultsNeeded} are read; {@code recomputed}: g is a branch of a cond of the
     * reversal (role adjoint) or a graph inside one, which recomputes what the forward sweep ran on the same
     * values, so its indices were in range there and its loops ended: what it reads or writes that nothing
     * reads goes, as the whole region does when unread.
     */
    private Plan plan(Graph g, boolean[] resultsNeeded, boolean recomputed) {
        Map<String, Plan> byNeed = plans.computeIfAbsent(g, k -> new HashMap<>());
        String key = Arrays.toString(resultsNeeded) + recomputed;
        Plan known = byNeed.get(key);
        if (known == null) {
            known = planOnce(g, resultsNeeded, recomputed);
            byNeed.put(key, known);
        }
        return known;
    }

    private Plan planOnce(Graph g, boolean[] resultsNeeded, boolean recomputed) {
        boolean[] live = new boolean[g.size()];
        Map<Integer, BitSet> parts = new HashMap<>();
        Map<Integer, RegionPlan> regions = new HashMap<>();
        for (int r = 0; r < resultsNeeded.length; r++) {
            if (resultsNeeded[r]) {
                live[g.result(r)] = true;
            }
        }
        for (Node n : g.nodes()) {
            if (recomputed) {
                continue;
            }
            if ((n.op() instanceof While || n.op() instanceof Cond) && n.role() != Node.Role.ADJOINT) {
                // a region of the reversal recomputes what the forward sweep ran on the same values: its loops
                // ended and its indices were in range there, so unread it need not run again
                live[n.id()] |= loops.mustRun(n.op());
            }
            live[n.id()] |= FiniteLoops.checked(g, n);
        }
        for (int i = g.size() - 1; i >= 0; i--) {
            if (!live[i]) {
                continue;
            }
            Node n = g.node(i);
            if (n.op() instanceof Proj p && (g.node(n.input(0)).op() instanceof While
                    || g.node(n.input(0)).op() instanceof Cond)) {
                parts.computeIfAbsent(n.input(0), k -> new BitSet()).set(p.index());
                live[n.input(0)] = true;
            } else if (n.op() instanceof While || n.op() instanceof Cond) {
                BitSet needed = parts.getOrDefault(i, new BitSet());
                RegionPlan rp = n.op() instanceof While w ? loop(w, needed, recomputed)
                        : branch((Cond) n.op(), needed, recomputed || n.role() == Node.Role.ADJOINT);
                regions.put(i, rp);
                for (int k : rp.keptInputs()) {
                    live[n.input(k)] = true;
                }
            } else {
                // a journal's room reads its loop's stacks but needs none kept: one nothing else needs goes (build);
                // so does a count of kept values (kept_units) read a value it counts: one nothing pushes is not
                // kept, and counted it would keep alive the stacks of a region that fill and are never popped
                int reads = n.op() instanceof JournalRoom ? JournalRoom.COUNTS
                        : n.op() instanceof KeptUnits u ? u.state()
                        : n.op() instanceof dev.gradc.ops.RestSnapshots r ? r.state() : n.inputs().size();
                for (int in : n.inputs().subList(0, reads)) {
                    live[in] = true;
                }
            }
        }
        boolean[] used = new boolean[g.params().size()];
        for (int k = 0; k < used.length; k++) {
            used[k] = live[g.params().get(k)];
        }
        return new Plan(live, regions, used);
    }

    private RegionPlan loop(While w, BitSet neededOut, boolean recomputed) {
        int k = w.carried();
        int m = w.body().params().size() - k;
        boolean[] liveC = new boolean[k];
        for (int j = 0; j < k; j++) {
            liveC[j] = neededOut.get(j);
        }
        Plan cp = plan(w.condition(), new boolean[] {true}, recomputed);
        Plan bp;
        while (true) {
            bp = plan(w.body(), liveC, recomputed);
            boolean changed = false;
            for (int j = 0; j < k; j++) {
                if (!liveC[j] && (bp.paramsUsed()[j] || cp.paramsUsed()[j])) {
                    liveC[j] = true;
                    changed = true;
                }
            }
            if (!changed) {
                break;
            }
        }
        boolean[] keep = new boolean[k + m];
        List<Integer> kept = new ArrayList<>();
        for (int i = 0; i < k + m; i++) {
            keep[i] = i < k ? liveC[i] : bp.paramsUsed()[i] || cp.paramsUsed()[i];
            if (keep[i]) {
                kept.add(i);
            }
        }
        int[] outMap = new int[k];
        int next = 0;
        for (int j = 0; j < k; j++) {
            outMap[j] = liveC[j] ? next++ : -1;
        }
        Graph cond = build(w.condition(), cp, keep, new boolean[] {true});
        Graph body = build(w.body(), bp, keep, liveC);
        return new RegionPlan(w.with(cond, body, next, kept::indexOf), kept, outMap);
    }

    private RegionPlan branch(Cond c, BitSet neededOut, boolean recomputed) {
        int results = c.then().results().size();
        boolean[] need = new boolean[results];
        for (int r = 0; r < results; r++) {
            need[r] = neededOut.get(r);
        }
        Plan tp = plan(c.then(), need, recomputed);
        Plan ep = plan(c.otherwise(), need, recomputed);
        int m = c.then().params().size();
        boolean[] keep = new boolean[m];
        List<Integer> kept = new ArrayList<>(List.of(0));
        for (int i = 0; i < m; i++) {
            keep[i] = tp.paramsUsed()[i] || ep.paramsUsed()[i];
            if (keep[i]) {
                kept.add(1 + i);
            }
        }
        int[] outMap = new int[results];
        int next = 0;
        for (int r = 0; r < results; r++) {
            outMap[r] = need[r] ? next++ : -1;
        }
        Cond pruned = new Cond(build(c.then(), tp, keep, need), build(c.otherwise(), ep, keep, need));
        return new RegionPlan(pruned, kept, outMap);
    }

    private static Graph build(Graph g, Plan p, boolean[] keepParams, boolean[] keepResults) {
        GraphBuilder b = new GraphBuilder();
        int[] map = new int[g.size()];
        Arrays.fill(map, -1);
        for (int k = 0; k < g.params().size(); k++) {
            if (keepParams[k]) {
                Node n = g.node(g.params().get(k));
                b.setRole(n.role());
                map[n.id()] = b.addParam(new Param(b.paramCount()), n.type(), n.span(), n.label());
            }
        }
        for (Node n : g.nodes()) {
            if (!p.live()[n.id()] || n.op() instanceof Param) {
                continue;
            }
            b.setRole(n.role());
            RegionPlan rp = p.regions().get(n.id());
            if (rp != null) {
                List<Integer> in = new ArrayList<>();
                for (int k : rp.keptInputs()) {
                    in.add(map[n.input(k)]);
                }
                Op op = rp.op();
                dev.gradc.ir.Type type = op instanceof While w ? w.resultType() : ((Cond) op).resultType();
                map[n.id()] = b.add(op, type, in, n.span(), n.label());
                continue;
            }
            List<Integer> in = new ArrayList<>();
            for (int i : n.inputs()) {
                if (map[i] >= 0 || !(n.op() instanceof JournalRoom || n.op() instanceof KeptUnits
                        || n.op() instanceof dev.gradc.ops.RestSnapshots)) {
                    in.add(map[i]);
                }
            }
            Op op = n.op();
            if (op instanceof Proj proj && p.regions().containsKey(n.input(0))) {
                op = new Proj(p.regions().get(n.input(0)).outMap()[proj.index()]);
            }
            map[n.id()] = b.add(op, n.type(), in, n.span(), n.label());
        }
        List<Integer> results = new ArrayList<>();
        for (int r = 0; r < keepResults.length; r++) {
            if (keepResults[r]) {
                results.add(map[g.result(r)]);
            }
        }
        return b.build(results);
    }
}
