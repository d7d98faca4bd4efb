package dev.gradc.passes;

import static dev.gradc.passes.CheckpointSteps.advance;
import static dev.gradc.passes.CheckpointSteps.concat;
import static dev.gradc.passes.CheckpointSteps.condition;
import static dev.gradc.passes.CheckpointSteps.invariants;
import static dev.gradc.passes.CheckpointSteps.keep;
import static dev.gradc.passes.CheckpointSteps.label;
import static dev.gradc.passes.CheckpointSteps.state;
import static dev.gradc.passes.CheckpointSteps.step;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Checkpoint;
import dev.gradc.ops.CheckpointAdvance;
import dev.gradc.ops.CheckpointBudget;
import dev.gradc.ops.Compare;
import dev.gradc.ops.Logic;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Push;
import dev.gradc.ops.Rules;
import dev.gradc.ops.StackNew;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.List;

/**
 * The first sweep of a checkpointed loop: instead of keeping its state on every trip, it keeps at most
 * {@code c} snapshots, at the trips a schedule chooses (the schedules of
 * {@link dev.gradc.runtime.checkpoint.Schedule}, built into the graph):
 * <ul>
 *   <li>a <b>counted</b> loop ({@link While#counted}: {@code i < end}, {@code i = i + 1}, end fixed, or counting
 *       down to it: every {@code for}, and a hand-written counting {@code while}) knows its trip count T before it starts and places its snapshots as Revolve does: from the snapshot at trip p it runs
 *       {@code advance(T − p, free)} trips and keeps the next, until one snapshot is left, then runs to the end;
 *   <li>any other loop (<b>online</b>) keeps the state of its first c trips and counts the rest; if it ran more
 *       than c trips it drops every snapshot but the first, and its reversal recomputes from there.
 * </ul>
 * Either way the region's results are the loop's carried values, then the trip count, the number of snapshots
 * held, one stack of snapshots per carried value and the stack of their trips: what {@link CheckpointAdjoint}
 * reverses. The number of snapshots c is the loop's {@code @checkpoint(c)} or, for a loop checkpointed
 * automatically, as many states as fit in the kept-values budget ({@link CheckpointBudget}, known only when the
 * program runs): such a loop keeps every trip's state while they fit and recomputes nothing, and past the
 * budget it recomputes from snapshots instead of failing. Everything is ordinary IR (loops, stacks, int arithmetic), so every engine runs it and the tangent
 * pass differentiates it again (forward-over-reverse).
 */
final class CheckpointLoop {

    private final Rules g;
    /** How the body's own loops are rebuilt when a trip keeps them ({@link CheckpointInner}); null: never. */
    private final GradientPass.Loops loops;
    /** The loop's carried values where the sweep starts (set by {@link #forward}). */
    private int[] start;
    /** What a trip keeps of the body's regions, or null; and whether this sweep keeps it (else: none kept). */
    private CheckpointInner.Kept kept;
    private boolean keeping;
    /** The loop that keeps every state it runs (once built, when keeping), and where its kept stacks' part starts. */
    private int keeper;
    private int extrasAt;

    CheckpointLoop(Rules g) {
        this(g, null);
    }

    CheckpointLoop(Rules g, GradientPass.Loops loops) {
        this.g = g;
        this.loops = loops;
    }

    /** Whether the program asks for this loop to be checkpointed: {@code @checkpoint(n)}, not a loop the pass built. */
    static boolean requested(While w) {
        return w.checkpoint() != null && w.checkpoint().note() == null;
    }

    /** A first sweep: its node (a tuple, {@link Reverse.Checkpointed}) and its form. */
    record Sweep(int node, Reverse.Checkpointed form) {
    }

    /** Where the forward tuple of a loop of k carried values has the number of snapshots. */
    static int snapshotsAt(int k) {
        return 2 * k + 3;
    }

    /** Where it has the trips that kept their regions' results ({@link CheckpointInner}); the stacks follow. */
    static int keptTripsAt(int k) {
        return 2 * k + 4;
    }

    /**
     * The first sweep of loop node n (inputs already copied into {@code fwd}): with the loop's
     * {@code @checkpoint(c)} snapshots, or else as many as the kept-values budget allows. Trips that keep every
     * state keep their body's regions' results too ({@link CheckpointInner}; {@code varied}: the graph's varied
     * nodes); when {@code rerun}, the loop takes the form {@code shape} the first sweep gave it and keeps nothing
     * of its regions (a reversal sweeping a trip's body again).
     */
    Sweep forward(Node n, While w, int[] fwd, boolean[] varied, Reverse.Checkpointed shape, boolean rerun) {
        boolean canKeep = w.counted() == null || !requested(w); // a binomial schedule by request keeps no trip whole
        if (rerun) {
            kept = shape == null ? null : shape.inner();
        } else if (loops != null && canKeep) {
            kept = CheckpointInner.of(w, paramVaried(n, w, varied), loops);
        }
        keeping = !rerun && kept != null;
        return forward(n, w, fwd, null, null);
    }

    /** Which of the body's parameters vary, as the loop's adjoint takes them ({@link CheckpointAdjoint}). */
    static boolean[] paramVaried(Node n, While w, boolean[] varied) {
        int k = w.carried();
        boolean[] in = LoopInputs.inputsVaried(n, varied);
        boolean[] cv = Activity.variedCarried(w, in);
        boolean[] out = new boolean[in.length];
        for (int i = 0; i < in.length; i++) {
            out[i] = i < k ? cv[i] : in[i] && Activity.isReal(w.body().type(w.body().params().get(i)));
        }
        return out;
    }

    /**
     * As {@link #forward(Node, While, int[], boolean[], Reverse.Checkpointed, boolean)}, but the loop's carried
     * values start at {@code start} (per carried value, a node), not at n's inputs, when that is not null: the
     * rest of a loop whose first trips kept a journal of their writes in half the kept-values budget,
     * checkpointed within the other half. Such a rest keeps nothing of its body's regions. When {@code journal} is
     * not null (the journal's stacks), its snapshots also fit in what the journal left of the whole budget
     * ({@link dev.gradc.ops.RestSnapshots}): a journal whose count is a guess may pass its half.
     */
    Sweep forward(Node n, While w, int[] fwd, int[] from, int[] journal) {
        int k = w.carried();
        this.start = new int[k];
        for (int j = 0; j < k; j++) {
            start[j] = from != null ? from[j] : fwd[n.input(j)];
        }
        g.builder().setSpan(n.span());
        int c;
        if (requested(w)) {
            c = g.intConstant(w.checkpoint().snapshots());
        } else {
            int[] snapshot = snapshot(g, start);
            c = journal == null ? g.apply(new CheckpointBudget(from != null), snapshot)
                    : g.apply(new dev.gradc.ops.RestSnapshots(snapshot.length), concat(snapshot, journal));
        }
        int trips = tripCount(w, n, fwd);
        int snapshots = requested(w) ? w.checkpoint().snapshots() : Checkpoint.AUTOMATIC;
        int node = trips >= 0 ? binomialSweep(n, w, fwd, snapshots, c, trips) : onlineSweep(n, w, fwd, snapshots, c);
        List<Integer> parts = new ArrayList<>();
        for (int i = 0; i < snapshotsAt(k); i++) {
            parts.add(g.proj(node, i));
        }
        parts.add(c);
        if (kept != null) {
            parts.add(keeping ? g.proj(keeper, extrasAt + 1) : g.intConstant(0));
            List<Integer> empty = keeping ? null : CheckpointInner.newStacks(g, kept);
            for (int i = 0; i < kept.stacks().size(); i++) {
                parts.add(keeping ? g.proj(keeper, extrasAt + 2 + i) : empty.get(i));
            }
        }
        return new Sweep(g.apply(new dev.gradc.ops.Tuple(), parts), new Reverse.Checkpointed(kind(snapshots, trips >= 0),
                kept));
    }

    /**
     * What one snapshot of a loop's state holds, for counting it against the budget: the carried values {@code state}
     * and the trip number kept beside them on the stack of their trips (an int: one value; the number itself does
     * not matter to a count). Counting the state alone let a loop hold a trip number per snapshot more than the
     * budget: 1,020 values at a budget of 1,000 for a state of 33.
     */
    static int[] snapshot(Rules g, int[] state) {
        return concat(state, new int[] {g.intConstant(0)});
    }

    /** The note on the loops built for a loop with this many snapshots (or {@link Checkpoint#AUTOMATIC}). */
    static String note(int snapshots, boolean counted, String part) {
        return kind(snapshots, counted) + ": " + part;
    }

    /** The schedule and the number of snapshots in words, as notes start. */
    static String kind(int snapshots, boolean counted) {
        return (counted ? "binomial" : "online") + " schedule, " + (snapshots == Checkpoint.AUTOMATIC
                ? "automatic within the kept-values budget"
                : "at most " + snapshots + " snapshots");
    }

    /**
     * The trip count of a counted loop ({@link While#counted}: {@code to - from}, or {@code from - to} counting
     * down), computed before it (a node of g), or -1 when the loop is not counted.
     */
    private int tripCount(While w, Node n, int[] fwd) {
        While.Counted c = w.counted();
        if (c == null) {
            return -1;
        }
        int end = c.end(g, i -> fwd[n.input(i)]);
        return c.step() == 1 ? g.sub(end, start[c.counter()]) : g.sub(start[c.counter()], end);
    }

    /** Revolve's first sweep: snapshots where the binomial schedule puts them, then on to the end. */
    private int binomialSweep(Node n, While w, int[] fwd, int c, int cNode, int trips) {
        int k = w.carried();
        int m = n.inputs().size() - k;
        int[] start = new int[2 * k + 3];
        System.arraycopy(this.start, 0, start, 0, k);
        start[k] = g.intConstant(0);
        start[k + 1] = g.intConstant(0);
        for (int j = 0; j <= k; j++) {
            Type t = j < k ? w.body().type(w.body().params().get(j)) : Type.INT;
            start[k + 2 + j] = g.apply(new StackNew(t));
        }
        if (c == Checkpoint.AUTOMATIC) {
            // T when every state fits (T <= c), else 0: T * (1 - min(1, max(0, T - c)))
            int over = g.binary(Binary.MIN, g.intConstant(1),
                    g.binary(Binary.MAX, g.intConstant(0), g.sub(trips, cNode)));
            int bound = g.mul(trips, g.sub(g.intConstant(1), over));
            int all = keepEvery(n, w, fwd, start, bound, cNode);
            for (int j = 0; j < start.length; j++) {
                start[j] = g.proj(all, j);
            }
        }
        LoopRegion r = sweepRegion(n, w, fwd, start, trips, cNode, false);
        return r.build(g, Node.Role.FORWARD,
                (cg, p) -> List.of(cg.compare(Compare.LT, p[k], p[2 * k + 3 + m])),
                (bg, p) -> {
                    List<Integer> out = new ArrayList<>();
                    int held = bg.add(p[k + 1], bg.intConstant(1));
                    int free = bg.sub(p[2 * k + 4 + m], p[k + 1]);
                    int left = bg.sub(p[2 * k + 3 + m], p[k]);
                    int steps = bg.apply(new CheckpointAdvance(true), left, free);
                    List<Integer> kept = keep(bg, p, k, k + 2, state(p, k), p[k]);
                    int[] x = advance(bg, w, state(p, k), invariants(p, 2 * k + 3, m), steps, c, true);
                    for (int j = 0; j < k; j++) {
                        out.add(x[j]);
                    }
                    out.add(bg.add(p[k], steps));
                    out.add(held);
                    out.addAll(kept);
                    return out;
                },
                w.where(), new Checkpoint(c, note(c, true, "first sweep")));
    }

    /**
     * A binomial first sweep's region over {@code start} (state, trip, held, the k + 1 stacks), the loop's
     * invariants, its trip count and the number of snapshots it may hold.
     */
    private LoopRegion sweepRegion(Node n, While w, int[] fwd, int[] start, int trips, int cNode, boolean extras) {
        int k = w.carried();
        LoopRegion r = new LoopRegion();
        for (int j = 0; j < k; j++) {
            r.add(w.body().type(w.body().params().get(j)), label(w.body(), j), start[j]);
        }
        r.add(Type.INT, "trip", start[k]);
        r.add(Type.INT, "held", start[k + 1]);
        for (int j = 0; j <= k; j++) {
            Type t = j < k ? w.body().type(w.body().params().get(j)) : Type.INT;
            String l = j < k ? label(w.body(), j) : null;
            r.add(new Type.Stack(t), j == k ? "snapshotTrips" : l == null ? null : l + "Snapshots", start[k + 2 + j]);
        }
        if (extras) {
            addKept(r);
        }
        r.endCarried();
        addInvariants(r, w, n, fwd);
        r.add(Type.INT, "trips", trips);
        r.add(Type.INT, "snapshots", cNode);
        return r;
    }

    /**
     * For a counted loop checkpointed within the budget: when all its trips' states fit (T at most the
     * snapshots the budget allows), one loop that runs every trip and keeps every state, as storing everything
     * does — no segment loops, nothing recomputed later; else it runs no trip and the binomial sweep does it all.
     * {@code bound} is T or 0 accordingly: a counted loop, whose stacks are reserved once.
     */
    private int keepEvery(Node n, While w, int[] fwd, int[] start, int bound, int cNode) {
        int k = w.carried();
        int m = n.inputs().size() - k;
        int e = keeping ? 2 + kept.stacks().size() : 0;
        LoopRegion r = sweepRegion(n, w, fwd, start, bound, cNode, keeping);
        int loop = r.build(g, Node.Role.FORWARD,
                (cg, p) -> List.of(cg.compare(Compare.LT, p[k], p[2 * k + 3 + e + m])),
                (bg, p) -> {
                    int[] inv = invariants(p, 2 * k + 3 + e, m);
                    List<Integer> next = keeping ? keptStep(bg, w, p, 2 * k + 3, inv, p[2 * k + 4 + e + m])
                            : step(bg, w, state(p, k), inv);
                    List<Integer> out = new ArrayList<>(next.subList(0, k));
                    out.add(bg.add(p[k], bg.intConstant(1)));
                    out.add(bg.add(p[k + 1], bg.intConstant(1)));
                    out.addAll(keep(bg, p, k, k + 2, state(p, k), p[k]));
                    out.addAll(next.subList(k, next.size()));
                    return out;
                },
                w.where(), new Checkpoint(Checkpoint.AUTOMATIC,
                        note(Checkpoint.AUTOMATIC, true, "keeps every state while they fit")),
                While.Counted.upTo(k, 2 * k + 3 + e + m));
        if (keeping) {
            keeper = loop;
            extrasAt = 2 * k + 3;
        }
        return loop;
    }

    /** Adds what a trip keeps of the body's regions to r: units used, trips that kept, the stacks. */
    private void addKept(LoopRegion r) {
        r.add(Type.INT, "keptUnits", g.intConstant(0));
        r.add(Type.INT, "keptTrips", g.intConstant(0));
        List<Integer> stacks = CheckpointInner.newStacks(g, kept);
        for (int i = 0; i < stacks.size(); i++) {
            r.add(new Type.Stack(kept.stacks().get(i)), null, stacks.get(i));
        }
    }

    /** {@link CheckpointInner#step} over region parameters p whose kept part starts at {@code at}. */
    private List<Integer> keptStep(Rules bg, While w, int[] p, int at, int[] inv, int c) {
        int[] stacks = java.util.Arrays.copyOfRange(p, at + 2, at + 2 + kept.stacks().size());
        return CheckpointInner.step(bg, w, kept, loops, state(p, w.carried()), inv, p[at], p[at + 1], stacks, c);
    }

    /**
     * The online first sweep: a loop that keeps the state of each of its first c trips, a loop that counts the
     * rest, and (when there were more) a loop that drops every snapshot but the first. One region's results
     * in the order {@link CheckpointLoop} promises.
     */
    private int onlineSweep(Node n, While w, int[] fwd, int c, int cNode) {
        int k = w.carried();
        int m = n.inputs().size() - k;
        Graph body = w.body();
        LoopRegion keepFirst = new LoopRegion();
        carryState(keepFirst, w, fwd, n);
        keepFirst.add(Type.INT, "trips", g.intConstant(0));
        addStacks(keepFirst, w);
        int e = keeping ? 2 + kept.stacks().size() : 0;
        if (keeping) {
            addKept(keepFirst);
        }
        keepFirst.endCarried();
        addInvariants(keepFirst, w, n, fwd);
        keepFirst.add(Type.INT, "snapshots", cNode);
        int first = keepFirst.build(g, Node.Role.FORWARD,
                (cg, p) -> List.of(cg.apply(Logic.AND, condition(cg, w, state(p, k), invariants(p, 2 * k + 2 + e, m)),
                        cg.compare(Compare.LT, p[k], p[2 * k + 2 + e + m]))),
                (bg, p) -> {
                    int[] inv = invariants(p, 2 * k + 2 + e, m);
                    List<Integer> next = keeping ? keptStep(bg, w, p, 2 * k + 2, inv, p[2 * k + 2 + e + m])
                            : step(bg, w, state(p, k), inv);
                    List<Integer> out = new ArrayList<>(next.subList(0, k));
                    out.add(bg.add(p[k], bg.intConstant(1)));
                    out.addAll(keep(bg, p, k, k + 1, state(p, k), p[k]));
                    out.addAll(next.subList(k, next.size()));
                    return out;
                },
                w.where(), new Checkpoint(c, note(c, false, "keeps the state of the first trips")));
        if (keeping) {
            keeper = first;
            extrasAt = 2 * k + 2;
        }
        LoopRegion count = new LoopRegion();
        for (int j = 0; j <= k; j++) {
            count.add(keepFirst(w, j, k), j < k ? label(body, j) : "trips", g.proj(first, j));
        }
        count.endCarried();
        addInvariants(count, w, n, fwd);
        int counted = count.build(g, Node.Role.FORWARD,
                (cg, p) -> List.of(condition(cg, w, state(p, k), invariants(p, k + 1, m))),
                (bg, p) -> {
                    List<Integer> out = new ArrayList<>(step(bg, w, state(p, k), invariants(p, k + 1, m)));
                    out.add(bg.add(p[k], bg.intConstant(1)));
                    return out;
                },
                w.where(), new Checkpoint(c, note(c, false, "counts the other trips")));
        LoopRegion trim = new LoopRegion();
        for (int j = 0; j <= k; j++) {
            trim.add(keepFirst(w, j, k), j < k ? label(body, j) : "trips", g.proj(counted, j));
        }
        trim.add(Type.INT, "held", g.proj(first, k));
        for (int j = 0; j <= k; j++) {
            int stack = g.proj(first, k + 1 + j);
            trim.add(g.type(stack), null, stack);
        }
        trim.endCarried();
        trim.add(Type.INT, "snapshots", cNode);
        return trim.build(g, Node.Role.FORWARD,
                (cg, p) -> List.of(cg.apply(Logic.AND, cg.compare(Compare.GT, p[k + 1], cg.intConstant(1)),
                        cg.compare(Compare.GT, p[k], p[2 * k + 3]))),
                (bg, p) -> {
                    List<Integer> out = new ArrayList<>();
                    for (int j = 0; j <= k + 1; j++) {
                        out.add(j == k + 1 ? bg.sub(p[j], bg.intConstant(1)) : p[j]);
                    }
                    for (int j = 0; j <= k; j++) {
                        out.add(bg.proj(bg.apply(new Pop(), p[k + 2 + j]), 0));
                    }
                    return out;
                },
                w.where(), new Checkpoint(c, note(c, false, "keeps only the first snapshot")));
    }

    private static Type keepFirst(While w, int j, int k) {
        return j < k ? w.body().type(w.body().params().get(j)) : Type.INT;
    }

    /** The loop's carried values as the first parameters of region r. */
    private void carryState(LoopRegion r, While w, int[] fwd, Node n) {
        for (int j = 0; j < w.carried(); j++) {
            r.add(w.body().type(w.body().params().get(j)), label(w.body(), j), start[j]);
        }
    }

    /** One empty stack of snapshots per carried value, then the stack of their trips. */
    private void addStacks(LoopRegion r, While w) {
        for (int j = 0; j < w.carried(); j++) {
            Type t = w.body().type(w.body().params().get(j));
            String l = label(w.body(), j);
            r.add(new Type.Stack(t), l == null ? null : l + "Snapshots", g.apply(new StackNew(t)));
        }
        r.add(new Type.Stack(Type.INT), "snapshotTrips", g.apply(new StackNew(Type.INT)));
    }

    private static void addInvariants(LoopRegion r, While w, Node n, int[] fwd) {
        for (int i = w.carried(); i < n.inputs().size(); i++) {
            r.add(w.body().type(w.body().params().get(i)), label(w.body(), i), fwd[n.input(i)]);
        }
    }
}
