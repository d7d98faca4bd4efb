package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Compare;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Discard;
import dev.gradc.ops.KeptUnits;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Push;
import dev.gradc.ops.Rules;
import dev.gradc.ops.StackNew;
import dev.gradc.ops.Tuple;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a checkpointed loop's first sweep keeps of the regions in its body, per trip, so that the reversal of
 * the trip need not run them again (docs/design.md, "Nested loops"): a trip of the loops that keep every state
 * ({@link CheckpointLoop}: the first trips of an online loop, every trip of a counted loop whose states fit)
 * sweeps its body forward as its adjoint will reverse it — an inner loop rebuilt with its own stacks, an inner
 * if keeping in turn — and pushes those regions' results onto one stack per type (a stack an inner loop kept
 * goes onto a stack of stacks). It keeps them while what it kept, the states included, fits in the loop's
 * snapshots ({@link KeptUnits}: in units of one snapshot, the state and its trip number); the trips after that keep
 * nothing more. The reversal of
 * trip t ({@link CheckpointAdjoint}) pops them when trip t kept them, and otherwise sweeps the body forward once
 * more from the trip's recomputed start ({@link #given}); either way the body's adjoint takes the regions'
 * results as known. So the innermost body of d nested loops runs 3^d times for 3 trips each, not d · 3^d.
 */
final class CheckpointInner {

    /**
     * The regions of a loop body whose results a trip keeps: their node ids in the body, in order, the types of
     * their results, how the forward sweep rebuilt them; the element types of the stacks they go onto; and which
     * of the body's parameters vary (the forward sweep's, the adjoint's recomputation's).
     */
    record Kept(List<Integer> regions, List<List<Type>> parts, List<Reverse.LoopForm> forms, List<Type> stacks,
                List<List<Integer>> stackIndex, boolean[] paramVaried) {

        /** How many values one trip keeps. */
        int width() {
            return parts.stream().mapToInt(List::size).sum();
        }

        /** The forms of the kept regions by node id: what the adjoint's sweep takes them as. */
        Map<Integer, Reverse.LoopForm> formsById() {
            Map<Integer, Reverse.LoopForm> m = new HashMap<>();
            for (int r = 0; r < regions.size(); r++) {
                m.put(regions.get(r), forms.get(r));
            }
            return m;
        }

        /** The stack that part i of kept region r goes onto: its index in {@link #stacks}. */
        int stackOf(int r, int i) {
            return stackIndex.get(r).get(i);
        }
    }

    /**
     * At most this many stacks per loop. An inner loop that keeps its own inner loops hands on its stacks among
     * its results, so each level of nesting that keeps adds a few stacks to the one around it; a loop that would
     * need more keeps nothing (its reversal runs its inner loops again), and the loop around it, whose inner
     * loop then keeps no stacks of that kind, keeps again. So loops nested hundreds deep stay linear to build.
     */
    static final int MAX_STACKS = 16;

    /** {@link #of} of the loops seen during one gradient pass. */
    private static final LoopMemo<Kept> KEPT = new LoopMemo<>();

    private CheckpointInner() {
    }

    /** Forgets what {@link #of} learnt: a gradient pass ends. */
    static void forget() {
        KEPT.forget();
    }

    /**
     * What a trip of loop w keeps when the body's parameters vary as {@code paramVaried} says: the loops its
     * forward sweep rebuilds as checkpointed loops or in forward mode, whose results can go on stacks; or null
     * when there is none. Not kept (run again by the reversal, as the body's other nodes are): a journaled loop
     * (its adjoint reads nodes of its own), a loop that keeps every state without a budget (it keeps nothing
     * the adjoint reads, or carries an inner derivative's stacks: kept whole, its stacks would hold values its
     * adjoint never pops, past the budget) and an if (it may keep such a loop). Learnt by sweeping the body once into a
     * builder that is then dropped, once per loop, variation and way of differentiating loops in a gradient pass.
     */
    static Kept of(While w, boolean[] paramVaried, GradientPass.Loops loops) {
        return KEPT.get(w, paramVaried, loops, CheckpointInner::sweep);
    }

    private static Kept sweep(While w, boolean[] paramVaried, GradientPass.Loops loops) {
        Graph body = w.body();
        if (body.nodes().stream().noneMatch(n -> n.op() instanceof While)) {
            return null;
        }
        List<Type> types = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int p : body.params()) {
            types.add(body.type(p));
            labels.add(null);
        }
        Rules dry = Copy.region(types, labels, Node.Role.FORWARD);
        Reverse.Forward sweep = new Reverse(dry, loops).forwardSweep(body, Copy.params(dry), paramVaried);
        List<Integer> regions = new ArrayList<>();
        List<List<Type>> parts = new ArrayList<>();
        List<Reverse.LoopForm> forms = new ArrayList<>();
        List<Type> stacks = new ArrayList<>();
        List<List<Integer>> stackIndex = new ArrayList<>();
        for (Node n : body.nodes()) {
            Reverse.LoopForm form = sweep.loops().get(n.id());
            if (!(form instanceof Reverse.Checkpointed || form instanceof Reverse.Mixed)) {
                continue; // see of
            }
            List<Type> p = ((Type.Tuple) dry.type(sweep.values()[n.id()])).parts();
            if (!p.stream().allMatch(CheckpointInner::placeable)) {
                continue;
            }
            regions.add(n.id());
            parts.add(p);
            forms.add(form);
            List<Integer> index = new ArrayList<>();
            for (Type t : p) {
                // values of one type share a stack; a kept stack has one of its own, so that its stack of tangents
                // (forward over reverse) is there exactly when the stack has one
                int at = t instanceof Type.Stack ? -1 : stacks.indexOf(t);
                if (at < 0) {
                    at = stacks.size();
                    stacks.add(t);
                }
                index.add(at);
            }
            stackIndex.add(List.copyOf(index));
        }
        return regions.isEmpty() || stacks.size() > MAX_STACKS ? null
                : new Kept(List.copyOf(regions), List.copyOf(parts), List.copyOf(forms), List.copyOf(stacks),
                        List.copyOf(stackIndex), paramVaried.clone());
    }

    private static boolean placeable(Type t) {
        return t instanceof Type.Real || t instanceof Type.Int || t instanceof Type.Stack
                || t instanceof Type.Bool b && b.shape().isScalar();
    }

    /** The kept values' stacks, empty: one per element type. */
    static List<Integer> newStacks(Rules r, Kept kept) {
        List<Integer> out = new ArrayList<>();
        for (Type t : kept.stacks()) {
            out.add(r.apply(new StackNew(t)));
        }
        return out;
    }

    /**
     * One trip of the loop's body from {@code state}. While {@code used} (units of one state, the states
     * included) is below {@code c}, the body is swept forward as its adjoint will reverse it and its regions'
     * results are kept if they fit ({@link #keepIfFits}); after that, it runs as it is (nothing of its inner
     * loops kept, nothing more done). Gives the next state (one value per carried value), then used, the trips
     * that kept, the stacks.
     */
    static List<Integer> step(Rules bg, While w, Kept kept, GradientPass.Loops loops, int[] state, int[] inv,
                              int used, int keptTrips, int[] stacks, int c) {
        int k = state.length;
        int s = stacks.length;
        List<Type> types = new ArrayList<>();
        List<Integer> inputs = new ArrayList<>();
        inputs.add(bg.compare(Compare.LT, used, c));
        for (int i = 0; i < s; i++) {
            types.add(new Type.Stack(kept.stacks().get(i)));
            inputs.add(stacks[i]);
        }
        for (int x : new int[] {keptTrips, used, c}) {
            types.add(Type.INT);
            inputs.add(x);
        }
        for (int x : CheckpointSteps.concat(state, inv)) {
            types.add(bg.type(x));
            inputs.add(x);
        }
        Rules keeping = branch(types);
        int[] p = Copy.params(keeping);
        int[] st = Arrays.copyOfRange(p, s + 3, s + 3 + k);
        Reverse.Forward sweep = new Reverse(keeping, loops).forwardSweep(w.body(),
                Arrays.copyOfRange(p, s + 3, p.length), kept.paramVaried());
        List<Integer> kr = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            kr.add(sweep.values()[w.body().result(j)]);
        }
        kr.addAll(keepIfFits(keeping, kept, sweep, st, p[s + 1], p[s], Arrays.copyOf(p, s), p[s + 2]));
        Rules plain = branch(types);
        int[] q = Copy.params(plain);
        List<Integer> pr = new ArrayList<>(CheckpointSteps.step(plain, w, Arrays.copyOfRange(q, s + 3, s + 3 + k),
                Arrays.copyOfRange(q, s + 3 + k, q.length)));
        pr.add(q[s + 1]);
        pr.add(q[s]);
        for (int i = 0; i < s; i++) {
            pr.add(q[i]);
        }
        Cond cond = new Cond(keeping.builder().build(kr), plain.builder().build(pr));
        int node = bg.region(cond, cond.resultType(), inputs);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < k + 2 + s; i++) {
            out.add(bg.proj(node, i));
        }
        return out;
    }

    /**
     * Pushes the swept trip's kept regions' results when they fit: when everything kept so far ({@code used})
     * and this trip's state and results, in units of one state, are at most c; else keeps nothing and sets
     * used to c, so no later trip keeps (the trips that keep are the first ones), and empties the stacks the
     * trip's inner loops filled ({@link Discard}): nothing pops them, and a call leaves every stack as it found it.
     * Gives used, the trips that kept, the stacks.
     */
    private static List<Integer> keepIfFits(Rules bg, Kept kept, Reverse.Forward sweep, int[] state, int used,
                                            int keptTrips, int[] stacks, int c) {
        List<Integer> parts = new ArrayList<>();
        for (int r = 0; r < kept.regions().size(); r++) {
            int v = sweep.values()[kept.regions().get(r)];
            for (int i = 0; i < kept.parts().get(r).size(); i++) {
                parts.add(bg.proj(v, i));
            }
        }
        int s = stacks.length;
        // in units of one snapshot (the state and its trip number), as the loop's snapshots c are counted
        int[] snapshot = CheckpointLoop.snapshot(bg, state);
        int units = bg.add(bg.intConstant(1), bg.apply(new KeptUnits(snapshot.length), CheckpointSteps.concat(snapshot,
                parts.stream().mapToInt(Integer::intValue).toArray())));
        List<Integer> inputs = new ArrayList<>();
        inputs.add(bg.compare(Compare.LE, units, bg.sub(c, used))); // used <= c: no overflow
        List<Type> types = new ArrayList<>();
        for (int i = 0; i < s; i++) {
            types.add(new Type.Stack(kept.stacks().get(i)));
            inputs.add(stacks[i]);
        }
        for (int x : new int[] {keptTrips, bg.add(used, units), c}) {
            types.add(Type.INT);
            inputs.add(x);
        }
        for (int x : parts) {
            types.add(bg.type(x));
            inputs.add(x);
        }
        Rules keep = branch(types);
        int[] p = Copy.params(keep);
        List<Integer> pushed = new ArrayList<>();
        for (int i = 0; i < s; i++) {
            pushed.add(p[i]);
        }
        int at = s + 3;
        for (int r = 0; r < kept.regions().size(); r++) {
            for (int i = 0; i < kept.parts().get(r).size(); i++) {
                int st = kept.stackOf(r, i);
                pushed.set(st, keep.apply(new Push(), pushed.get(st), p[at++]));
            }
        }
        List<Integer> keepResults = new ArrayList<>();
        keepResults.add(p[s + 1]);
        keepResults.add(keep.add(p[s], keep.intConstant(1)));
        keepResults.addAll(pushed);
        Rules skip = branch(types);
        int[] q = Copy.params(skip);
        int[] skipped = Arrays.copyOf(q, s);
        at = s + 3;
        for (int r = 0; r < kept.regions().size(); r++) {
            for (int i = 0; i < kept.parts().get(r).size(); i++) {
                if (kept.parts().get(r).get(i) instanceof Type.Stack) {
                    // a stack the trip's inner loop filled, which nothing will pop: emptied
                    int st = kept.stackOf(r, i);
                    skipped[st] = skip.apply(new Discard(), skipped[st], q[at]);
                }
                at++;
            }
        }
        List<Integer> skipResults = new ArrayList<>();
        skipResults.add(q[s + 2]);
        skipResults.add(q[s]);
        for (int i = 0; i < s; i++) {
            skipResults.add(skipped[i]);
        }
        Cond cond = new Cond(keep.builder().build(keepResults), skip.builder().build(skipResults));
        int node = bg.region(cond, cond.resultType(), inputs);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < s + 2; i++) {
            out.add(bg.proj(node, i));
        }
        return out;
    }

    /**
     * The reversal's view of trip t's kept regions: popped from the stacks when the trip kept them
     * ({@code t < keptTrips}), else the body swept forward again from the trip's start (the regions rebuilt as
     * the first sweep did, keeping nothing of their own inner regions). Puts each region's results, as a tuple,
     * into {@code known} and its form into {@code forms}; gives the stacks after the pops.
     */
    static List<Integer> given(Rules bg, While w, Kept kept, GradientPass.Loops loops, int t, int keptTrips,
                               int[] stacks, int[] start, int[] inv, Map<Integer, Integer> known,
                               Map<Integer, Reverse.LoopForm> forms) {
        Graph body = w.body();
        int s = stacks.length;
        List<Integer> inputs = new ArrayList<>();
        inputs.add(bg.compare(Compare.LT, t, keptTrips));
        List<Type> types = new ArrayList<>();
        for (int i = 0; i < s; i++) {
            types.add(new Type.Stack(kept.stacks().get(i)));
            inputs.add(stacks[i]);
        }
        for (int x : CheckpointSteps.concat(start, inv)) {
            types.add(bg.type(x));
            inputs.add(x);
        }
        Rules pop = branch(types);
        int[] p = Copy.params(pop);
        int[] current = Arrays.copyOf(p, s);
        List<Integer> popped = new ArrayList<>();
        for (int r = kept.regions().size() - 1; r >= 0; r--) {
            for (int i = kept.parts().get(r).size() - 1; i >= 0; i--) {
                int st = kept.stackOf(r, i);
                int node = pop.apply(new Pop(), current[st]);
                current[st] = pop.proj(node, 0);
                popped.add(0, pop.proj(node, 1));
            }
        }
        List<Integer> popResults = new ArrayList<>(popped);
        for (int x : current) {
            popResults.add(x);
        }
        Rules rerun = branch(types);
        int[] q = Copy.params(rerun);
        Reverse.Forward sweep = new Reverse(rerun, loops).rerunning(kept.formsById())
                .forwardSweep(body, Arrays.copyOfRange(q, s, q.length), kept.paramVaried());
        List<Integer> rerunResults = new ArrayList<>();
        for (int r = 0; r < kept.regions().size(); r++) {
            int v = sweep.values()[kept.regions().get(r)];
            for (int i = 0; i < kept.parts().get(r).size(); i++) {
                rerunResults.add(rerun.proj(v, i));
            }
        }
        for (int i = 0; i < s; i++) {
            rerunResults.add(q[i]);
        }
        Cond cond = new Cond(pop.builder().build(popResults), rerun.builder().build(rerunResults));
        int node = bg.region(cond, cond.resultType(), inputs);
        int at = 0;
        for (int r = 0; r < kept.regions().size(); r++) {
            List<Integer> tuple = new ArrayList<>();
            for (int i = 0; i < kept.parts().get(r).size(); i++) {
                tuple.add(bg.proj(node, at++));
            }
            known.put(kept.regions().get(r), bg.apply(new Tuple(), tuple));
            forms.put(kept.regions().get(r), kept.forms().get(r));
        }
        List<Integer> after = new ArrayList<>();
        for (int i = 0; i < s; i++) {
            after.add(bg.proj(node, at + i));
        }
        return after;
    }

    private static Rules branch(List<Type> types) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            labels.add(null);
        }
        return Copy.region(types, labels, Node.Role.FORWARD);
    }
}
