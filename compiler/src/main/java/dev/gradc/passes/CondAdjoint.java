package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Rules;
import dev.gradc.ops.StackNew;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reversal of a cond (docs/design.md, "Conds"): the adjoint is a cond on the same predicate value; each
 * branch recomputes its own forward branch from the branch inputs and applies its adjoint, and gives zeros
 * for the inputs it does not use. Only the taken branch contributes.
 *
 * <p>What would cost more than the branch's own operations to recompute, the results of the regions inside
 * a branch (inner conds and loops, rebuilt as their own adjoints reverse them: a loop with its stacks, a cond
 * with what it keeps in turn), the forward cond keeps as extra results ({@link CondForward}, in the form
 * {@link Keeping}), and the adjoint branch reads them instead of running those regions again. So nested conds
 * cost linear, not quadratic, code in their depth.
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

    private final Rules g;
    private final GradientPass.Loops loops;
    /** Null, or where the arrays this cond's reversal gives back as they were go ({@link #restoring}). */
    private Map<Integer, Integer> restored;

    CondAdjoint(Rules g, GradientPass.Loops loops) {
        this.g = g;
        this.loops = loops;
    }

    /**
     * Records in {@code into}, per forward array input of the cond that an adjoint loop inside a branch gives back
     * as it was ({@link KeptLoop#restoring}), the adjoint cond's extra result that is that equal array: the
     * branch's restored array, or the other branch's parameter itself. A loop around the cond then passes the
     * state before its trip on as that result, so the branch's loops change the array in place and hand it back
     * restored instead of copying it per trip — as a loop reversed directly in the trip does.
     */
    CondAdjoint restoring(Map<Integer, Integer> into) {
        this.restored = into;
        return this;
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
                  Keeping keeping, int[] path, int[] sums) {
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
        Layout layout = layout(n, c, fwd, resultBar, resultPaths, graph, wanted, sums);
        addKept(layout, n, fwd, keeping);
        Branch then = branch(c.then(), 0, layout, iv, wanted, resultBar.length, keeping);
        Branch otherwise = branch(c.otherwise(), 1, layout, iv, wanted, resultBar.length, keeping);
        join(n, fwd, layout.inputs(), wanted, then, otherwise, contributions, path);
        return contributions;
    }

    /**
     * The adjoint cond's inputs, one list per part (their types, labels, nodes): the predicate, the cond's inputs,
     * the seeded results' adjoints ({@code seeded}), those seeds' paths ({@code pathed}), the adjoints so far the
     * branches add into ({@code summed}), then, from {@code extrasAt}, what the forward cond kept.
     */
    private record Layout(List<Type> types, List<String> labels, List<Integer> inputs, List<Integer> seeded,
                          List<Integer> pathed, List<Integer> summed, int m) {

        void add(Type type, String label, int input) {
            types.add(type);
            labels.add(label);
            inputs.add(input);
        }

        int extrasAt() {
            return m + seeded.size() + pathed.size() + summed.size();
        }
    }

    private Layout layout(Node n, Cond c, int[] fwd, int[] resultBar, int[] resultPaths, Graph graph,
                          List<Integer> wanted, int[] sums) {
        int m = n.inputs().size() - 1;
        Layout layout = new Layout(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>(), new ArrayList<>(), m);
        layout.inputs().add(fwd[n.input(0)]);
        for (int i = 0; i < m; i++) {
            layout.add(graph.type(n.input(1 + i)), c.then().node(c.then().params().get(i)).label(), fwd[n.input(1 + i)]);
        }
        for (int r = 0; r < resultBar.length; r++) {
            if (resultBar[r] != Primitive.NONE) {
                layout.seeded().add(r);
                layout.add(g.type(resultBar[r]), null, resultBar[r]);
            }
        }
        for (int r : layout.seeded()) {
            if (resultPaths != null && resultPaths[r] != Primitive.NONE) {
                layout.pathed().add(r);
                layout.add(Type.BOOL, null, resultPaths[r]);
            }
        }
        for (int i : wanted) { // inputs whose adjoint so far the branches add into
            if (sums[1 + i] != Primitive.NONE) {
                layout.summed().add(i);
                layout.add(g.type(sums[1 + i]), null, sums[1 + i]);
            }
        }
        return layout;
    }

    /** Adds the forward cond's kept results ({@link Keeping}) to the adjoint cond's inputs. */
    private void addKept(Layout layout, Node n, int[] fwd, Keeping keeping) {
        if (keeping == null) {
            return;
        }
        Node.Role saved = g.builder().role();
        g.builder().setRole(Node.Role.FORWARD); // kept forward values, drawn as such
        int extras = keeping.extras();
        for (int e = 0; e < extras; e++) {
            int v = g.proj(fwd[n.id()], keeping.results() + e);
            layout.add(g.type(v), null, v);
        }
        g.builder().setRole(saved);
    }

    /**
     * An adjoint branch being built: its builder, its results (per wanted input: its adjoint), per input of the
     * cond the array the branch gives back as it was (null: none, or the parameter itself) and whether the branch
     * reads the input at all.
     */
    private record Branch(Rules rg, List<Integer> results, Integer[] given, boolean[] reads) {
    }

    /** Reverses branch {@code b} of the cond inside a new adjoint branch, whose parameters are {@code layout}. */
    private Branch branch(Graph branch, int b, Layout layout, boolean[] iv, List<Integer> wanted, int resultCount,
                          Keeping keeping) {
        int m = layout.m();
        List<Type> types = layout.types();
        Rules rg = Copy.region(types, layout.labels(), Node.Role.ADJOINT);
        int[] p = Copy.params(rg);
        int[] seeds = new int[resultCount];
        Arrays.fill(seeds, Primitive.NONE);
        for (int idx = 0; idx < layout.seeded().size(); idx++) {
            seeds[layout.seeded().get(idx)] = p[m + idx];
        }
        int[] seedPaths = new int[resultCount];
        Arrays.fill(seedPaths, Primitive.NONE);
        for (int idx = 0; idx < layout.pathed().size(); idx++) {
            seedPaths[layout.pathed().get(idx)] = p[m + layout.seeded().size() + idx];
        }
        Map<Integer, Integer> known = new HashMap<>();
        Map<Integer, Reverse.LoopForm> forms = new HashMap<>();
        if (keeping != null) {
            KeptStacks.given(rg, p, layout.extrasAt(), keeping, b, known, forms);
        }
        int[] paramSeeds = new int[m];
        Arrays.fill(paramSeeds, Primitive.NONE);
        int sumsAt = m + layout.seeded().size() + layout.pathed().size();
        for (int idx = 0; idx < layout.summed().size(); idx++) {
            paramSeeds[layout.summed().get(idx)] = p[sumsAt + idx];
        }
        Reverse.Result inner = new Reverse(rg, loops).seedPaths(seedPaths).run(branch, Arrays.copyOf(p, m), iv,
                seeds, known, paramSeeds, forms);
        List<Integer> results = new ArrayList<>();
        boolean[] reads = new boolean[m];
        for (int i : wanted) {
            int a = inner.paramAdjoints()[i];
            boolean startsAtSum = paramSeeds[i] != Primitive.NONE;
            // the adjoint so far passed on unchanged is no read: its path is already the input's ({@link Paths})
            reads[i] = a != Primitive.NONE && a != paramSeeds[i];
            results.add(a != Primitive.NONE ? a : startsAtSum ? paramSeeds[i] : StackChains.zero(rg, types.get(i), p[i]));
        }
        Integer[] given = new Integer[m];
        for (int i = 0; i < m; i++) {
            given[i] = restored == null ? null : inner.restored().get(p[i]);
            given[i] = given[i] == null ? null : given[i] == p[i] ? null : given[i];
        }
        return new Branch(rg, results, given, reads);
    }

    /** An adjoint branch's graph: its results, then per input in {@code giving} the array it gives back. */
    private static Graph build(Branch branch, List<Integer> giving) {
        int[] p = Copy.params(branch.rg());
        for (int i : giving) {
            branch.results().add(branch.given()[i] != null ? branch.given()[i] : p[i]);
        }
        return branch.rg().builder().build(branch.results());
    }

    /**
     * Appends the adjoint cond of the two branches: its results are the wanted inputs' adjoints, then the arrays
     * either branch gives back as they were ({@link #restoring}); fills the contributions and their paths.
     */
    private void join(Node n, int[] fwd, List<Integer> inputs, List<Integer> wanted, Branch then, Branch otherwise,
                      int[] contributions, int[] path) {
        int m = contributions.length - 1;
        List<Integer> giving = new ArrayList<>();
        for (int i = 0; i < m; i++) {
            if (then.given()[i] != null || otherwise.given()[i] != null) {
                giving.add(i);
            }
        }
        Cond adj = new Cond(build(then, giving), build(otherwise, giving));
        g.builder().setSpan(n.span());
        int out = g.region(adj, adj.resultType(), inputs);
        for (int idx = 0; idx < giving.size(); idx++) {
            restored.put(fwd[n.input(1 + giving.get(idx))], g.proj(out, wanted.size() + idx));
        }
        for (int idx = 0; idx < wanted.size(); idx++) {
            int i = wanted.get(idx);
            boolean readThen = then.reads()[i];
            boolean readOtherwise = otherwise.reads()[i];
            contributions[1 + i] = g.proj(out, idx);
            path[1 + i] = readThen && readOtherwise ? Primitive.NONE
                    : readThen ? fwd[n.input(0)]
                    : readOtherwise ? g.apply(dev.gradc.ops.Logic.NOT, fwd[n.input(0)]) : g.boolConstant(false);
        }
    }
}
