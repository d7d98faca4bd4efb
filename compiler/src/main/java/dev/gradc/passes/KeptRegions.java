package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ir.Type;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Proj;
import dev.gradc.ops.Push;
import dev.gradc.ops.Rules;
import dev.gradc.ops.Tuple;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * What a loop that keeps every trip's state ({@link KeptLoop}) keeps of the regions in its body, per trip, so that
 * the reversal of the trip need not run them again (docs/design.md, "While loops with data-dependent trip
 * counts"): the forward trip rebuilds those regions as their adjoints will reverse them — an inner loop with its
 * trip count and stacks, a small scalar loop with its tangents, an inner if keeping in turn — and pushes each of
 * their results onto a stack of its own, which the outer loop carries; the adjoint trip pops them and the body's
 * adjoint takes them as known, so dead-node removal drops the inner loop's forward run from the reversal. Each
 * result has its own stack so that dead-node removal also drops what the adjoint never pops into use (an inner
 * loop's stacks of values its adjoint does not read). Within the kept-values budget ({@link
 * GradientPass.Loops#withinBudget}) the first trips keep while their kept values fit ({@code checkpoint_budget}
 * of one trip's values), and the reversal of a later trip runs its regions forward again, as without keeping.
 */
final class KeptRegions {

    /**
     * The regions of a loop body whose results a trip keeps: their node ids in the body, in order, the types of
     * their results, how the forward sweep rebuilt them (null: copied as they are), and which of the body's
     * parameters vary (the forward sweep's).
     */
    record Kept(List<Integer> regions, List<List<Type>> parts, List<Reverse.LoopForm> forms, boolean[] paramVaried,
                List<While> counted) {

        /**
         * Whether part i of region r is kept on a stack: not the trip count and final counter of a counted inner
         * loop (its op in {@code counted}, else null), which the reversal computes from the loop's start and bound.
         */
        boolean held(int r, int i) {
            While c = counted.get(r);
            return c == null || i != c.carried() && i != c.counted().counter();
        }

        /** The stacks the kept results go onto, one per held result, in order. */
        List<Type> stackTypes() {
            List<Type> types = new ArrayList<>();
            for (int r = 0; r < parts.size(); r++) {
                for (int i = 0; i < parts.get(r).size(); i++) {
                    if (held(r, i)) {
                        types.add(new Type.Stack(parts.get(r).get(i)));
                    }
                }
            }
            return types;
        }

        /** How many values one trip keeps, besides the stacks an inner loop hands on (which keep nothing here). */
        int values() {
            int v = 0;
            for (int r = 0; r < parts.size(); r++) {
                for (int i = 0; i < parts.get(r).size(); i++) {
                    v += held(r, i) && !(parts.get(r).get(i) instanceof Type.Stack) ? 1 : 0;
                }
            }
            return v;
        }

        /** How many stacks region r's held results take. */
        int width(int r) {
            int w = 0;
            for (int i = 0; i < parts.get(r).size(); i++) {
                w += held(r, i) ? 1 : 0;
            }
            return w;
        }

    }

    /** At most this many stacks per loop: a region whose results would go past it is run again by the reversal. */
    static final int MAX_STACKS = 16;

    /** {@link #of} of the loops seen during one gradient pass. */
    private static final LoopMemo<Kept> KEPT = new LoopMemo<>();

    private KeptRegions() {
    }

    /** Forgets what {@link #of} learnt: a gradient pass ends. */
    static void forget() {
        KEPT.forget();
    }

    /**
     * What a trip of loop w keeps when the body's parameters vary as {@code paramVaried} says, or null: the body's
     * regions whose results are scalars (an inner loop's stacks besides) and that its adjoint reverses from their
     * forward results — an inner loop kept whole ({@link Reverse.Kept}, keeping nothing of its own regions), in
     * forward mode ({@link Reverse.Mixed}), an if that keeps ({@link CondAdjoint.Keeping}) — or whose results the
     * body reads. Not kept: a checkpointed or journaled loop (its snapshots and journal are kept within their own
     * budget), an inner derivative's loop that carries stacks, an array result (its copy per trip would cost what
     * the region does).
     */
    static Kept of(While w, boolean[] paramVaried, GradientPass.Loops loops) {
        return KEPT.get(w, paramVaried, loops, KeptRegions::sweep);
    }

    private static Kept sweep(While w, boolean[] paramVaried, GradientPass.Loops loops) {
        Graph body = w.body();
        if (body.nodes().stream().noneMatch(n -> n.op() instanceof Region)) {
            return null;
        }
        boolean[] varied = Activity.varied(body, paramVaried, true);
        boolean[] read = readInBody(body);
        List<Integer> regions = new ArrayList<>();
        List<List<Type>> parts = new ArrayList<>();
        List<Reverse.LoopForm> forms = new ArrayList<>();
        List<While> counted = new ArrayList<>();
        int stacks = 0;
        for (Node n : body.nodes()) {
            if (!(n.op() instanceof Region)) {
                continue;
            }
            List<Type> types = n.inputs().stream().map(body::type).toList();
            Rules dry = branch(types, Node.Role.FORWARD);
            Reverse.Forward alone = alone(dry, body, n, Copy.params(dry), varied, loops);
            Reverse.LoopForm form = alone.loops().get(types.size());
            List<Type> p = ((Type.Tuple) dry.type(alone.values()[types.size()])).parts();
            if (!keepable(n, form, p, read) || stacks + p.size() > MAX_STACKS) {
                continue;
            }
            regions.add(n.id());
            parts.add(p);
            forms.add(form);
            counted.add(form instanceof Reverse.Kept && InnerCounts.derivable(body, n) ? (While) n.op() : null);
            stacks += p.size();
        }
        return regions.isEmpty() ? null
                : new Kept(List.copyOf(regions), List.copyOf(parts), forms, paramVaried.clone(), counted);
    }

    /**
     * Region n of the body swept forward alone into rb, from the values {@code in} of its inputs, as its adjoint
     * will reverse it: a graph of its inputs (the graph's parameters) and n (node {@code in.length}), whose
     * results are n's. So the forward trip, its reversal and {@link #of} rebuild it the same way.
     */
    private static Reverse.Forward alone(Rules rb, Graph body, Node n, int[] in, boolean[] varied,
                                         GradientPass.Loops loops) {
        dev.gradc.ir.GraphBuilder b = new dev.gradc.ir.GraphBuilder();
        List<Integer> params = new ArrayList<>();
        boolean[] inVaried = new boolean[in.length];
        for (int q = 0; q < in.length; q++) {
            params.add(b.addParam(new dev.gradc.ops.Param(q), body.type(n.input(q)), null, null));
            inVaried[q] = varied[n.input(q)];
        }
        Type.Tuple type = (Type.Tuple) body.type(n.id());
        int region = b.add(n.op(), type, params, n.span(), n.label());
        List<Integer> results = new ArrayList<>();
        for (int i = 0; i < type.parts().size(); i++) {
            results.add(b.add(new Proj(i), type.parts().get(i), List.of(region)));
        }
        return new Reverse(rb, loops).forwardSweep(b.build(results), in, inVaried);
    }

    private static boolean keepable(Node n, Reverse.LoopForm form, List<Type> parts, boolean[] read) {
        if (form == null ? !read[n.id()] : !(form instanceof Reverse.Mixed || form instanceof CondAdjoint.Keeping
                || form instanceof Reverse.Kept k && k.inner() == null && !StackChains.carriesStack((While) n.op()))) {
            return false;
        }
        boolean loopStacks = form instanceof Reverse.Kept;
        return parts.stream().allMatch(t -> scalar(t) || loopStacks && t instanceof Type.Stack s && scalar(s.element()));
    }

    /** A scalar real, an int or a scalar boolean: one value a stack keeps per trip. */
    static boolean scalar(Type t) {
        return t instanceof Type.Real r && r.isScalar() || t instanceof Type.Int || t instanceof Type.Bool b
                && b.shape().isScalar();
    }

    /** Which region nodes of the body have a result that some node of the body reads. */
    private static boolean[] readInBody(Graph body) {
        boolean[] read = new boolean[body.size()];
        for (Node n : body.nodes()) {
            for (int in : n.inputs()) {
                if (body.node(in).op() instanceof Proj) {
                    read[body.node(in).input(0)] = true;
                }
            }
        }
        return read;
    }

    /**
     * One forward trip of the body from {@code params} (its k carried values, then its invariants), each kept
     * region rebuilt as its adjoint will reverse it and its results pushed onto {@code stacks}; when {@code keep}
     * is a node, only where it is true (a cond per region: the region runs as it is otherwise). Gives the body's
     * results, then the stacks.
     */
    static List<Integer> forward(Rules bg, While w, Kept kept, GradientPass.Loops loops, int[] params, int[] stacks,
                                 int keep) {
        Graph body = w.body();
        boolean[] varied = Activity.varied(body, kept.paramVaried(), true);
        int[] map = new int[body.size()];
        for (int i = 0; i < params.length; i++) {
            map[body.params().get(i)] = params[i];
        }
        int[] st = stacks.clone();
        int at = 0;
        for (Node n : body.nodes()) {
            if (n.op() instanceof dev.gradc.ops.Param) {
                continue;
            }
            int r = kept.regions().indexOf(n.id());
            if (r < 0) {
                map[n.id()] = Copy.node(bg, n, map);
                continue;
            }
            int[] in = n.inputs().stream().mapToInt(x -> map[x]).toArray();
            int width = kept.width(r);
            int[] mine = Arrays.copyOfRange(st, at, at + width);
            List<Integer> out = keep == Primitive.NONE ? pushing(bg, body, n, in, mine, varied, loops, kept, r)
                    : keptIf(bg, body, n, in, mine, varied, loops, keep, kept, r);
            int own = ((Type.Tuple) body.type(n.id())).parts().size();
            map[n.id()] = bg.apply(new Tuple(), out.subList(0, own));
            for (int i = 0; i < width; i++) {
                st[at + i] = out.get(own + i);
            }
            at += width;
        }
        List<Integer> out = new ArrayList<>();
        for (int j = 0; j < w.carried(); j++) {
            out.add(map[body.result(j)]);
        }
        for (int x : st) {
            out.add(x);
        }
        return out;
    }

    /** Region n rebuilt alone and its results pushed: gives its own results, then the stacks. */
    private static List<Integer> pushing(Rules rb, Graph body, Node n, int[] in, int[] stacks, boolean[] varied,
                                         GradientPass.Loops loops, Kept kept, int r) {
        Reverse.Forward alone = alone(rb, body, n, in, varied, loops);
        int v = alone.values()[in.length];
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < ((Type.Tuple) body.type(n.id())).parts().size(); i++) {
            out.add(rb.proj(v, i));
        }
        int h = 0;
        for (int i = 0; i < kept.parts().get(r).size(); i++) {
            if (kept.held(r, i)) {
                out.add(rb.apply(new Push(), stacks[h++], rb.proj(v, i)));
            }
        }
        return out;
    }

    /** As {@link #pushing} where {@code keep} is true; the region as it is, the stacks passed on, where not. */
    private static List<Integer> keptIf(Rules bg, Graph body, Node n, int[] in, int[] stacks, boolean[] varied,
                                        GradientPass.Loops loops, int keep, Kept kept, int r) {
        List<Type> types = new ArrayList<>();
        List<Integer> inputs = new ArrayList<>(List.of(keep));
        for (int x : concat(stacks, in)) {
            types.add(bg.type(x));
            inputs.add(x);
        }
        int s = stacks.length;
        Rules keeps = branch(types, Node.Role.FORWARD);
        int[] p = Copy.params(keeps);
        List<Integer> kr = pushing(keeps, body, n, Arrays.copyOfRange(p, s, p.length), Arrays.copyOf(p, s), varied,
                loops, kept, r);
        Rules plain = branch(types, Node.Role.FORWARD);
        int[] q = Copy.params(plain);
        int[] map = new int[body.size()];
        for (int i = 0; i < n.inputs().size(); i++) {
            map[n.input(i)] = q[s + i];
        }
        int v = Copy.node(plain, n, map);
        List<Integer> pr = new ArrayList<>();
        for (int i = 0; i < ((Type.Tuple) body.type(n.id())).parts().size(); i++) {
            pr.add(plain.proj(v, i));
        }
        for (int i = 0; i < s; i++) {
            pr.add(q[i]);
        }
        return outputs(bg, new Cond(keeps.builder().build(kr), plain.builder().build(pr)), inputs, kr.size());
    }

    /**
     * The reversal's view of a trip's kept regions: popped from {@code stacks} when {@code keep} is
     * {@link Primitive#NONE} or true, else the body swept forward again from the trip's start ({@code params}: its
     * carried values, then its invariants). Puts each region's results, as a tuple, into {@code known} and its form
     * into {@code forms}; gives the stacks after the pops.
     */
    static List<Integer> given(Rules bg, While w, Kept kept, GradientPass.Loops loops, int keep, int[] stacks,
                               int[] params, Map<Integer, Integer> known, Map<Integer, Reverse.LoopForm> forms) {
        int s = stacks.length;
        List<Integer> out;
        if (keep == Primitive.NONE) {
            out = popped(bg, stacks);
        } else {
            List<Type> types = new ArrayList<>();
            List<Integer> inputs = new ArrayList<>(List.of(keep));
            for (int x : concat(stacks, params)) {
                types.add(bg.type(x));
                inputs.add(x);
            }
            Rules pop = branch(types, Node.Role.ADJOINT);
            List<Integer> pr = popped(pop, Arrays.copyOf(Copy.params(pop), s));
            Rules rerun = branch(types, Node.Role.ADJOINT);
            int[] q = Copy.params(rerun);
            List<Integer> rr = rerun(rerun, w, kept, loops, Arrays.copyOfRange(q, s, q.length));
            for (int i = 0; i < s; i++) {
                rr.add(q[i]);
            }
            out = outputs(bg, new Cond(pop.builder().build(pr), rerun.builder().build(rr)), inputs, pr.size());
        }
        int at = 0;
        for (int r = 0; r < kept.regions().size(); r++) {
            List<Integer> tuple = new ArrayList<>();
            While c = kept.counted().get(r);
            int[] counts = c == null ? null : InnerCounts.of(bg, w.body(), w.body().node(kept.regions().get(r)), params);
            for (int i = 0; i < kept.parts().get(r).size(); i++) {
                tuple.add(kept.held(r, i) ? out.get(at++) : i == c.carried() ? counts[0] : counts[1]);
            }
            known.put(kept.regions().get(r), bg.apply(new Tuple(), tuple));
            if (kept.forms().get(r) != null) {
                forms.put(kept.regions().get(r), kept.forms().get(r));
            }
        }
        return out.subList(at, at + s);
    }

    /** The kept regions' results, the body run again from {@code params} with those regions rebuilt alone. */
    private static List<Integer> rerun(Rules rb, While w, Kept kept, GradientPass.Loops loops, int[] params) {
        Graph body = w.body();
        boolean[] varied = Activity.varied(body, kept.paramVaried(), true);
        int[] map = new int[body.size()];
        for (int i = 0; i < params.length; i++) {
            map[body.params().get(i)] = params[i];
        }
        List<Integer> out = new ArrayList<>();
        for (Node n : body.nodes()) {
            if (n.op() instanceof dev.gradc.ops.Param) {
                continue;
            }
            if (!kept.regions().contains(n.id())) {
                map[n.id()] = Copy.node(rb, n, map);
                continue;
            }
            int[] in = n.inputs().stream().mapToInt(x -> map[x]).toArray();
            int v = alone(rb, body, n, in, varied, loops).values()[in.length];
            int r = kept.regions().indexOf(n.id());
            for (int i = 0; i < kept.parts().get(r).size(); i++) {
                if (kept.held(r, i)) {
                    out.add(rb.proj(v, i));
                }
            }
            map[n.id()] = v;
        }
        return out;
    }

    /** The values popped from each stack, then the stacks after the pops. */
    private static List<Integer> popped(Rules bg, int[] stacks) {
        List<Integer> values = new ArrayList<>();
        List<Integer> after = new ArrayList<>();
        for (int stack : stacks) {
            int pop = bg.apply(new Pop(), stack);
            after.add(bg.proj(pop, 0));
            values.add(bg.proj(pop, 1));
        }
        values.addAll(after);
        return values;
    }

    private static List<Integer> outputs(Rules bg, Cond cond, List<Integer> inputs, int count) {
        int node = bg.region(cond, cond.resultType(), inputs);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(bg.proj(node, i));
        }
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] o = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, o, a.length, b.length);
        return o;
    }

    private static Rules branch(List<Type> types, Node.Role role) {
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            labels.add(null);
        }
        return Copy.region(types, labels, role);
    }
}
