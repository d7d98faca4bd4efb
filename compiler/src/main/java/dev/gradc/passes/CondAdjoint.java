package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ir.Type;
import dev.gradc.ops.BoolConstant;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Fill;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Rules;
import dev.gradc.ops.StackNew;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reversal of a cond (docs/design.md, "Conds"): the adjoint is a cond on the same predicate value; each
 * branch recomputes its own forward branch from the branch inputs and applies its adjoint, and gives zeros
 * for the inputs it does not use. Only the taken branch contributes.
 *
 * <p>What would cost more than the branch's own operations to recompute, the results of the regions inside
 * a branch (inner conds and loops, rebuilt as their own adjoints reverse them: a loop with its stacks, a cond
 * with what it keeps in turn), the forward cond keeps as extra results, and the adjoint branch reads them
 * instead of running those regions again. So nested conds cost linear, not quadratic, code in their depth.
 * The branch not taken gives placeholders (zeros, empty stacks) for the other branch's kept results.
 */
final class CondAdjoint {

    /**
     * A region of a branch that the forward cond keeps: its node, its results' types, how it was rebuilt; or a pop
     * of a stack ({@code popped}: only the value it gave is kept, as the one part).
     */
    record KeptRegion(int id, List<Type> parts, Reverse.LoopForm form, boolean popped) {

        /** How many extra results of the forward cond it takes. */
        int width() {
            return parts.size();
        }

        /** Its part i, taken from its node in the forward branch. */
        int part(Rules rg, int node, int i) {
            return rg.proj(node, popped ? 1 : i);
        }

        /**
         * What the adjoint branch takes for its node, from its kept parts: their tuple; for a pop, the value with an
         * empty stand-in for the stack left (which only pops and regions that are kept too read there).
         */
        int given(Rules rg, List<Integer> parts) {
            return rg.apply(new dev.gradc.ops.Tuple(), popped
                    ? List.of(rg.apply(new StackNew(this.parts.get(0))), parts.get(0)) : parts);
        }
    }

    /**
     * The form of a forward cond that keeps regions: its own results, then the stacks of {@code stacked} element
     * types its branches push every kept value onto ({@link KeptStacks}), or, when no branch keeps a keeping cond,
     * each branch's kept results one by one. {@code adoptedThen}/{@code adoptedOtherwise}: the kept
     * region whose stacks a branch pushes onto, or -1.
     */
    record Keeping(int results, List<Type> stacked, List<KeptRegion> then, List<KeptRegion> otherwise,
                   int adoptedThen, int adoptedOtherwise) implements Reverse.LoopForm {

        List<KeptRegion> of(int branch) {
            return branch == 0 ? then : otherwise;
        }

        int adopted(int branch) {
            return branch == 0 ? adoptedThen : adoptedOtherwise;
        }

        /** The types of branch b's kept results passed one by one, in order: all of them, or none when stacked. */
        List<Type> separate(int branch) {
            if (!stacked.isEmpty()) {
                return List.of();
            }
            List<Type> types = new ArrayList<>();
            for (KeptRegion r : of(branch)) {
                types.addAll(r.parts());
            }
            return types;
        }

        /** Where part i of branch b's kept region r goes: every part one by one when nothing is stacked. */
        KeptStacks.Place place(int branch, int r, int i) {
            return stacked.isEmpty() ? KeptStacks.Place.SEPARATE : KeptStacks.place(of(branch), adopted(branch), r, i);
        }

        /** Where branch b's kept results passed one by one start, after the stacks. */
        int separateStart(int branch) {
            return branch == 0 ? 0 : separate(0).size();
        }

        int extras() {
            return stacked.size() + separate(0).size() + separate(1).size();
        }
    }

    /** A forward cond rebuilt to keep its branches' regions: its node and its form. */
    record Rebuilt(int node, Keeping form) {
    }

    private final Rules g;
    private final GradientPass.Loops loops;

    CondAdjoint(Rules g, GradientPass.Loops loops) {
        this.g = g;
        this.loops = loops;
    }

    /**
     * The forward cond, each branch swept forward as its adjoint will reverse it and keeping its regions'
     * results; or null when no branch has a region to keep (the cond is then copied as it is).
     */
    Rebuilt forward(Node n, Cond c, int[] fwd, boolean[] varied, Graph graph) {
        if (!mayKeep(c)) {
            return null; // decided without sweeping the branches: nested ifs stay linear to differentiate
        }
        int m = n.inputs().size() - 1;
        List<Type> types = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> inputs = new ArrayList<>();
        inputs.add(fwd[n.input(0)]);
        boolean[] iv = new boolean[m];
        for (int i = 0; i < m; i++) {
            types.add(graph.type(n.input(1 + i)));
            labels.add(c.then().node(c.then().params().get(i)).label());
            inputs.add(fwd[n.input(1 + i)]);
            iv[i] = varied[n.input(1 + i)] && Activity.differentiable(graph.type(n.input(1 + i)), true);
        }
        Rules[] builders = new Rules[2];
        List<List<Integer>> own = new ArrayList<>();
        List<List<Integer>> values = new ArrayList<>();
        List<List<KeptRegion>> kept = new ArrayList<>();
        List<Graph> branches = List.of(c.then(), c.otherwise());
        for (int b = 0; b < 2; b++) {
            builders[b] = Copy.region(types, labels, Node.Role.FORWARD);
            Reverse.Forward sweep = new Reverse(builders[b], loops).forwardSweep(branches.get(b),
                    Copy.params(builders[b]), iv);
            own.add(new ArrayList<>());
            for (int r : branches.get(b).results()) {
                own.get(b).add(sweep.values()[r]);
            }
            values.add(keep(builders[b], branches.get(b), sweep, kept));
        }
        if (kept.get(0).isEmpty() && kept.get(1).isEmpty()) {
            return null;
        }
        Keeping form = form(branches.get(0).results().size(), kept);
        Cond rebuilt = new Cond(branch(builders[0], 0, own.get(0), values.get(0), form),
                branch(builders[1], 1, own.get(1), values.get(1), form));
        g.builder().setSpan(n.span());
        return new Rebuilt(g.region(rebuilt, rebuilt.resultType(), inputs), form);
    }

    /**
     * Forward branch b with its results: its own ({@code own}), then either the stacks of what it keeps (when the
     * form stacks) or its kept results passed one by one and placeholders for those the other branch passes.
     * {@code values}: the node of each kept region.
     */
    private static Graph branch(Rules rg, int b, List<Integer> own, List<Integer> values, Keeping form) {
        List<Integer> results = new ArrayList<>(own);
        if (!form.stacked().isEmpty()) {
            results.addAll(KeptStacks.push(rg, values, form.of(b), form.adopted(b), form.stacked()));
            return rg.builder().build(results);
        }
        for (int other = 0; other < 2; other++) {
            List<KeptRegion> regions = form.of(other);
            for (int r = 0; r < regions.size(); r++) {
                for (int i = 0; i < regions.get(r).width(); i++) {
                    results.add(other == b ? regions.get(r).part(rg, values.get(r), i)
                            : placeholder(rg, regions.get(r).parts().get(i)));
                }
            }
        }
        return rg.builder().build(results);
    }

    /** The form of a cond whose branches keep these regions: kept values on stacks when a kept cond keeps too. */
    private static Keeping form(int results, List<List<KeptRegion>> kept) {
        if (!KeptStacks.wanted(kept)) {
            return new Keeping(results, List.of(), kept.get(0), kept.get(1), -1, -1);
        }
        int[] adopted = {KeptStacks.adopted(kept.get(0)), KeptStacks.adopted(kept.get(1))};
        return new Keeping(results, KeptStacks.types(kept, adopted), kept.get(0), kept.get(1), adopted[0], adopted[1]);
    }

    /**
     * The node of each region of the branch that can be kept, in order (adds those regions to {@code kept}, one
     * list per branch).
     */
    private static List<Integer> keep(Rules rg, Graph branch, Reverse.Forward sweep, List<List<KeptRegion>> kept) {
        List<Integer> values = new ArrayList<>();
        List<KeptRegion> regions = new ArrayList<>();
        boolean[] read = readInBranch(branch);
        for (Node node : branch.nodes()) {
            if (node.op() instanceof Pop) {
                // the adjoint branch cannot pop again what this branch popped (an outer pass over a derivative)
                Type element = ((Type.Stack) branch.type(node.input(0))).element();
                regions.add(new KeptRegion(node.id(), List.of(element), null, true));
                values.add(sweep.values()[node.id()]);
                continue;
            }
            if (!(node.op() instanceof Region)) {
                continue;
            }
            int v = sweep.values()[node.id()];
            List<Type> parts = ((Type.Tuple) rg.type(v)).parts();
            Reverse.LoopForm form = sweep.loops().get(node.id());
            if (form instanceof Reverse.Checkpointed || form instanceof Reverse.Journaled
                    || !parts.stream().allMatch(CondAdjoint::placeable)
                    || !needed(node, form, read)) {
                // a checkpointed loop's adjoint reads its schedule from the forward loop itself: run again
                continue;
            }
            regions.add(new KeptRegion(node.id(), parts, form, false));
            values.add(v);
        }
        kept.add(regions);
        return values;
    }

    /**
     * Whether the branch's adjoint needs a region's forward results: a region rebuilt for its own adjoint (a
     * loop's stacks, what an inner cond keeps), or one whose results the branch reads (a rule may need them).
     * A region whose results only leave the branch (an if nested in an if) is not kept: its adjoint does not
     * need it run again.
     */
    private static boolean needed(Node region, Reverse.LoopForm form, boolean[] read) {
        return form != null || read[region.id()];
    }

    /** {@link #mayKeep} of the conds seen during one gradient pass (by identity: region graphs are shared). */
    private static final ThreadLocal<IdentityHashMap<Cond, Boolean>> MAY_KEEP =
            ThreadLocal.withInitial(IdentityHashMap::new);

    /** Forgets what {@link #mayKeep} learnt: a gradient pass ends. */
    static void forget() {
        MAY_KEEP.remove();
    }

    /**
     * Whether a cond may keep a region: one of its branches has a loop, a region whose results it reads, a pop
     * (an outer pass over a derivative's cond), or a cond that may keep in turn. Reads node lists only (no graph
     * is built), each cond once per gradient pass.
     */
    static boolean mayKeep(Cond c) {
        Boolean known = MAY_KEEP.get().get(c);
        if (known != null) {
            return known;
        }
        boolean keeps = false;
        for (Graph branch : c.graphs()) {
            for (Node n : branch.nodes()) {
                keeps |= n.op() instanceof dev.gradc.ops.While || n.op() instanceof Pop || readsRegion(branch, n)
                        || n.op() instanceof Cond inner && mayKeep(inner);
            }
        }
        MAY_KEEP.get().put(c, keeps);
        return keeps;
    }

    private static boolean readsRegion(Graph branch, Node n) {
        for (int in : n.inputs()) {
            if (branch.node(in).op() instanceof dev.gradc.ops.Proj && branch.node(branch.node(in).input(0)).op() instanceof Region) {
                return true;
            }
        }
        return false;
    }

    /** Which region nodes of the branch have a result that some node of the branch reads. */
    private static boolean[] readInBranch(Graph branch) {
        boolean[] read = new boolean[branch.size()];
        for (Node n : branch.nodes()) {
            for (int in : n.inputs()) {
                if (branch.node(in).op() instanceof dev.gradc.ops.Proj) {
                    read[branch.node(in).input(0)] = true;
                }
            }
        }
        return read;
    }

    private static boolean placeable(Type t) {
        return t instanceof Type.Real || t instanceof Type.Int || t instanceof Type.Stack
                || t instanceof Type.Bool b && b.shape().isScalar();
    }

    /** A value of type t that the branch not taken gives for a result only the other branch keeps. */
    private static int placeholder(Rules rg, Type t) {
        if (t instanceof Type.Real r) {
            return r.isScalar() ? rg.constant(0) : rg.apply(new Fill(0, r.shape()));
        }
        if (t instanceof Type.Stack s) {
            return rg.apply(new StackNew(s.element()));
        }
        if (t instanceof Type.Bool) {
            return rg.apply(new BoolConstant(false));
        }
        return rg.intConstant(0);
    }

    /**
     * Appends the adjoint of a cond: a cond on the same predicate whose branches differentiate their own branch.
     * Gives the adjoint contribution to each of the cond's inputs (the predicate's is none), or {@link
     * Primitive#NONE}. {@code keeping} is the forward cond's form when it kept its branches' regions, or null.
     * {@code path} gets, per input, when its contribution has a path ({@link Paths}): NONE when both branches
     * read it, else the predicate (or its negation) of the one branch that does. {@code resultPaths}: per
     * result, when its seed has a path (NONE always; null: always), which the branches take as their seeds'
     * ({@link TripPaths}: a seed without a path gives exactly zero, whatever the branch's partials).
     */
    int[] adjoint(Node n, Cond c, int[] fwd, boolean[] varied, int[] resultBar, int[] resultPaths, Graph graph,
                  Keeping keeping, int[] path) {
        int m = n.inputs().size() - 1;
        int[] contributions = new int[1 + m];
        Arrays.fill(contributions, Primitive.NONE);
        boolean[] iv = new boolean[m];
        List<Integer> wanted = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            // a stack an inner derivative's forward cond handed on (a loop's kept states) has an adjoint stack
            iv[i] = varied[n.input(1 + i)] && Activity.differentiable(graph.type(n.input(1 + i)), true);
            if (iv[i]) {
                wanted.add(i);
            }
        }
        if (wanted.isEmpty()) {
            return contributions;
        }
        List<Type> types = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<Integer> inputs = new ArrayList<>();
        inputs.add(fwd[n.input(0)]);
        for (int i = 0; i < m; i++) {
            types.add(graph.type(n.input(1 + i)));
            labels.add(c.then().node(c.then().params().get(i)).label());
            inputs.add(fwd[n.input(1 + i)]);
        }
        List<Integer> seeded = new ArrayList<>();
        for (int r = 0; r < resultBar.length; r++) {
            if (resultBar[r] != Primitive.NONE) {
                seeded.add(r);
                types.add(g.type(resultBar[r]));
                labels.add(null);
                inputs.add(resultBar[r]);
            }
        }
        List<Integer> pathed = new ArrayList<>();
        for (int r : seeded) {
            if (resultPaths != null && resultPaths[r] != Primitive.NONE) {
                pathed.add(r);
                types.add(Type.BOOL);
                labels.add(null);
                inputs.add(resultPaths[r]);
            }
        }
        int extrasAt = types.size();
        if (keeping != null) {
            Node.Role saved = g.builder().role();
            g.builder().setRole(Node.Role.FORWARD); // kept forward values, drawn as such
            int extras = keeping.extras();
            for (int e = 0; e < extras; e++) {
                int v = g.proj(fwd[n.id()], keeping.results() + e);
                types.add(g.type(v));
                labels.add(null);
                inputs.add(v);
            }
            g.builder().setRole(saved);
        }
        Graph[] branches = new Graph[2];
        boolean[][] reads = new boolean[2][m];
        int b = 0;
        for (Graph branch : List.of(c.then(), c.otherwise())) {
            Rules rg = Copy.region(types, labels, Node.Role.ADJOINT);
            int[] p = Copy.params(rg);
            int[] seeds = new int[resultBar.length];
            Arrays.fill(seeds, Primitive.NONE);
            for (int idx = 0; idx < seeded.size(); idx++) {
                seeds[seeded.get(idx)] = p[m + idx];
            }
            int[] seedPaths = new int[resultBar.length];
            Arrays.fill(seedPaths, Primitive.NONE);
            for (int idx = 0; idx < pathed.size(); idx++) {
                seedPaths[pathed.get(idx)] = p[m + seeded.size() + idx];
            }
            Map<Integer, Integer> known = new HashMap<>();
            Map<Integer, Reverse.LoopForm> forms = new HashMap<>();
            if (keeping != null) {
                KeptStacks.given(rg, p, extrasAt, keeping, b, known, forms);
            }
            Reverse.Result inner = new Reverse(rg, loops).seedPaths(seedPaths).run(branch, Arrays.copyOf(p, m), iv,
                    seeds, known, null, forms);
            List<Integer> results = new ArrayList<>();
            for (int i : wanted) {
                int a = inner.paramAdjoints()[i];
                reads[b][i] = a != Primitive.NONE;
                results.add(a == Primitive.NONE ? StackChains.zero(rg, types.get(i), p[i]) : a);
            }
            branches[b++] = rg.builder().build(results);
        }
        Cond adj = new Cond(branches[0], branches[1]);
        g.builder().setSpan(n.span());
        int out = g.region(adj, adj.resultType(), inputs);
        for (int idx = 0; idx < wanted.size(); idx++) {
            int i = wanted.get(idx);
            contributions[1 + i] = g.proj(out, idx);
            path[1 + i] = reads[0][i] && reads[1][i] ? Primitive.NONE
                    : reads[0][i] ? fwd[n.input(0)]
                    : reads[1][i] ? g.apply(dev.gradc.ops.Logic.NOT, fwd[n.input(0)]) : g.boolConstant(false);
        }
        return contributions;
    }
}
