package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.While;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which loops of a function its gradient checkpoints, and with which schedule, in words (for
 * {@code gradc run --verbose}): one line per loop that asks for it with {@code @checkpoint(n)}, and one per loop
 * whose gradient keeps its state within the kept-values budget (checkpointed automatically when its states
 * would pass it).
 */
public final class CheckpointReport {

    /** The title of the run-time report in a verbose trace. */
    public static final String RAN = "checkpointed loops and loops kept within the kept-values budget, as they ran";

    private CheckpointReport() {
    }

    /** One line per checkpointed loop, in source order, for a kept-values budget; empty when there is none. */
    public static List<String> describe(FunctionIr f, long budget) {
        if (f.realParams().isEmpty()) {
            return List.of();
        }
        Map<String, Integer> requested = requested(f);
        Map<String, String> built = new LinkedHashMap<>();
        Map<String, Boolean> automatic = new LinkedHashMap<>();
        java.util.Set<String> journaled = new java.util.HashSet<>();
        for (While w : loops(Derivatives.vjp(f, f.realParams()))) {
            String note = w.checkpoint() == null ? null : w.checkpoint().note();
            if (CheckpointJournal.FORWARD.equals(note)) {
                journaled.add(w.where());
            }
            if (note != null && (note.endsWith("first sweep") || note.endsWith("keeps only the first snapshot"))) {
                built.putIfAbsent(w.where(), note.substring(0, note.indexOf(':')));
                automatic.putIfAbsent(w.where(), w.checkpoint().automatic());
            }
        }
        List<String> out = new ArrayList<>();
        for (While w : loops(f.graph())) {
            String where = w.where();
            if (out.stream().anyMatch(l -> l.startsWith("loop at " + where + ":"))) {
                continue;
            }
            if (built.containsKey(where) && journaled.contains(where)) {
                out.add("loop at " + where + ": keeps the entries its writes overwrite while they fit in half the"
                        + " kept-values budget (" + budget + " values); past it, the rest of the loop is checkpointed"
                        + " automatically within the other half: " + schedule(built.get(where)));
            } else if (built.containsKey(where) && automatic.get(where)) {
                out.add("loop at " + where + ": keeps the state of every trip while they fit in the kept-values budget ("
                        + budget + " values); past it, checkpointed automatically instead of failing: " + schedule(built.get(where)));
            } else if (built.containsKey(where)) {
                out.add("loop at " + where + ": checkpointed, " + schedule(built.get(where)));
            } else if (requested.containsKey(where)) {
                out.add("loop at " + where + ": @checkpoint(" + requested.get(where) + ") has nothing to do: the gradient"
                        + " keeps no state of this loop (it is differentiated in forward mode as it runs, or nothing in it"
                        + " needs an adjoint)");
            }
        }
        return out;
    }

    /**
     * What the checkpointed loops did in one run, from the trips each loop of the derivative graph ran
     * ({@link dev.gradc.engine.Interpreter}'s count): per source loop, whether its states fitted in the budget or
     * it passed it and recomputed from snapshots, or, for a loop marked {@code @checkpoint(n)}, what it
     * recomputed.
     */
    public static List<String> ran(Map<While, long[]> trips, long budget) {
        Map<String, long[]> byLoop = new LinkedHashMap<>(); // trips reversed, trips recomputed
        Map<String, Integer> requested = new LinkedHashMap<>();
        trips.forEach((w, n) -> {
            int what = counted(w);
            if (what >= 0) {
                byLoop.computeIfAbsent(w.where(), k -> new long[2])[what] += n[0];
                if (!w.checkpoint().automatic()) {
                    requested.put(w.where(), w.checkpoint().snapshots());
                }
            }
        });
        return ranByLoop(byLoop, budget, requested);
    }

    /**
     * What a loop the gradient pass built counts toward the run-time report: 0 when its trips are trips
     * reversed (an adjoint sweep of a checkpointed loop), 1 when they are trips recomputed from a snapshot, -1
     * for anything else. The interpreter counts every loop's trips; generated code reports these.
     */
    public static int counted(While w) {
        dev.gradc.ops.Checkpoint c = w.checkpoint();
        if (c == null || c.note() == null) {
            return -1;
        }
        return c.note().endsWith("adjoint sweep") || c.note().equals(CheckpointJournal.ADJOINT) ? 0
                : c.note().endsWith("recomputes up to the next snapshot") ? 1 : -1;
    }

    /** The loops of f marked {@code @checkpoint(n)}: where ({@code file:line}) to n. */
    public static Map<String, Integer> requested(FunctionIr f) {
        Map<String, Integer> requested = new LinkedHashMap<>();
        for (While w : loops(f.graph())) {
            if (CheckpointLoop.requested(w)) {
                requested.putIfAbsent(w.where(), w.checkpoint().snapshots());
            }
        }
        return requested;
    }

    /**
     * The report of {@link #ran(Map, long)} from counts per source loop ({@code file:line} to {trips reversed,
     * trips recomputed}), as {@link dev.gradc.runtime.checkpoint.LoopTrips} gathers them from generated code
     * and the tape; {@code requested} the loops marked {@code @checkpoint(n)} ({@link #requested}).
     */
    public static List<String> ranByLoop(Map<String, long[]> byLoop, long budget, Map<String, Integer> requested) {
        List<String> out = new ArrayList<>();
        java.util.Comparator<String> byLine = java.util.Comparator.comparing((String w) -> w.substring(0, w.lastIndexOf(':')))
                .thenComparingInt(w -> Integer.parseInt(w.substring(w.lastIndexOf(':') + 1)));
        java.util.Map<String, long[]> sorted = new java.util.TreeMap<>(byLine);
        sorted.putAll(byLoop);
        sorted.forEach((where, t) -> out.add("loop at " + where + ": " + (requested.containsKey(where)
                ? "@checkpoint(" + requested.get(where) + "): " + t[0] + " trips reversed, " + t[1]
                        + " recomputed from at most " + requested.get(where) + " snapshots"
                : t[1] == 0
                ? t[0] + " trips reversed, every state kept: they fitted in the kept-values budget (" + budget + " values)"
                : t[0] + " trips reversed; their states would have passed the kept-values budget (" + budget
                        + " values), so the loop was checkpointed automatically and recomputed " + t[1]
                        + " trips from its snapshots")));
        return out;
    }

    private static String schedule(String kind) {
        return kind + (kind.startsWith("binomial") ? " (its trip count is known when it starts)"
                : " (its trip count is known only when it ends)");
    }

    /** Every loop of a graph and of its regions, outer first. */
    private static List<While> loops(Graph g) {
        List<While> out = new ArrayList<>();
        Deque<Graph> work = new ArrayDeque<>();
        work.push(g);
        while (!work.isEmpty()) {
            Graph next = work.removeFirst();
            for (Node n : next.nodes()) {
                if (n.op() instanceof While w) {
                    out.add(w);
                }
                if (n.op() instanceof dev.gradc.ir.Region r) {
                    work.addAll(r.graphs());
                }
            }
        }
        return out;
    }
}
