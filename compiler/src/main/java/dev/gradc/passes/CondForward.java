package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ir.Type;
import dev.gradc.ops.BoolConstant;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Fill;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Rules;
import dev.gradc.ops.StackNew;
import dev.gradc.passes.CondAdjoint.Keeping;
import dev.gradc.passes.CondAdjoint.KeptRegion;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;

/**
 * The forward sweep's form of a cond whose branches hold regions ({@link CondAdjoint} reverses it): each branch is
 * swept forward as its adjoint will reverse it, and what would cost more than the branch's own operations to
 * recompute (a loop with its stacks, an inner cond that keeps in turn, a region whose results the branch reads,
 * a pop) the cond keeps as extra results, one by one or on stacks ({@link KeptStacks}). The branch not taken
 * gives placeholders (zeros, empty stacks) for the other branch's kept results.
 */
final class CondForward {

    /** A forward cond rebuilt to keep its branches' regions: its node and its form. */
    record Rebuilt(int node, Keeping form) {
    }

    private final Rules g;
    private final GradientPass.Loops loops;

    CondForward(Rules g, GradientPass.Loops loops) {
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
                    || !parts.stream().allMatch(CondForward::placeable)
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
}
