package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.AddAt;
import dev.gradc.ops.ColumnAddAt;
import dev.gradc.ops.ColumnScatter;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Proj;
import dev.gradc.ops.RowsAddAt;
import dev.gradc.ops.RowsScatter;
import dev.gradc.ops.Rules;
import dev.gradc.ops.Scatter;
import dev.gradc.ops.ZerosLike;
import java.util.ArrayList;
import java.util.List;

/**
 * An array's adjoint added into inside the branches of an adjoint cond, instead of after it: where a branch's
 * contribution is a few entries placed into zeros (the adjoint of {@code x[i]} read in that branch) or zeros
 * (the branch does not read x), the branch adds those entries into the adjoint so far, or passes it on — so a
 * read inside an {@code if} in a loop costs O(1) in reverse mode, as one outside it does, where the whole
 * array of zeros would be made in the branch and added after the cond every trip. A branch whose contribution
 * is a part of the adjoint of an {@code if} nested in it passes the adjoint so far on into that cond, whose
 * branches add into it the same way, to any depth.
 */
final class CondAccumulate {

    private CondAccumulate() {
    }

    /**
     * The adjoint cond's contributions ({@code contributions}, per input of the forward cond: a part of one
     * adjoint cond, or NONE) with the adjoints so far ({@code acc}, per input, or NONE) added inside it where that
     * saves a whole-array add ({@code includes}); the others are the same parts of the rebuilt cond, to be added
     * as before. Null when nothing is added inside.
     */
    record Folded(int[] contributions, boolean[] includes) {
    }

    /**
     * {@link #into} with the adjoints so far {@code bar} of cond node n's inputs, each once among them, but for those
     * the reversal started its sums from ({@code sums}, not NONE).
     */
    static Folded fold(Rules g, Node n, int[] contributions, int[] bar, int[] sums) {
        int[] acc = new int[contributions.length];
        for (int q = 0; q < acc.length; q++) {
            boolean distinct = n.inputs().indexOf(n.input(q)) == q && n.inputs().lastIndexOf(n.input(q)) == q;
            // an adjoint the cond's reversal started from ({@code sums}) is in its contribution already
            acc[q] = distinct && sums[q] == Primitive.NONE ? bar[n.input(q)] : Primitive.NONE;
        }
        return into(g, contributions, acc);
    }

    /**
     * The arrays a cond's reversal gives back as they were ({@code restored}: {@link CondAdjoint#restoring}), read
     * from the rebuilt cond instead ({@code before}: parts of the cond folded, {@code after}: the same parts of
     * its rebuilt form, which gives every result of the first at the same place): the first is then dead.
     */
    static void rebind(Rules g, java.util.Map<Integer, Integer> restored, int[] before, int[] after) {
        for (int q = 0; q < before.length; q++) {
            if (before[q] == Primitive.NONE) {
                continue;
            }
            int old = g.node(before[q]).input(0);
            int rebuilt = g.node(after[q]).input(0);
            for (java.util.Map.Entry<Integer, Integer> e : restored.entrySet()) {
                Node v = g.node(e.getValue());
                if (v.op() instanceof Proj p && v.input(0) == old) {
                    e.setValue(g.proj(rebuilt, p.index()));
                }
            }
            return;
        }
    }

    static Folded into(Rules g, int[] contributions, int[] acc) {
        Node cond = null;
        for (int c : contributions) {
            if (c != Primitive.NONE) {
                Node p = g.node(c);
                if (!(p.op() instanceof Proj) || !(g.node(p.input(0)).op() instanceof Cond)
                        || cond != null && cond.id() != p.input(0)) {
                    return null;
                }
                cond = g.node(p.input(0));
            }
        }
        if (cond == null) {
            return null;
        }
        Cond c = (Cond) cond.op();
        boolean[] includes = new boolean[contributions.length];
        List<Integer> inputs = new ArrayList<>(cond.inputs());
        List<Integer> results = new ArrayList<>(); // the result each added adjoint replaces, in input order
        for (int q = 0; q < contributions.length; q++) {
            int r = contributions[q] == Primitive.NONE ? -1 : ((Proj) g.node(contributions[q]).op()).index();
            if (r >= 0 && acc[q] != Primitive.NONE && g.type(acc[q]).equals(g.type(contributions[q]))
                    && g.type(acc[q]) instanceof Type.Real t && !t.isScalar() && !results.contains(r)
                    && (placed(c.then(), r) || placed(c.otherwise(), r))) {
                includes[q] = true;
                inputs.add(acc[q]);
                results.add(r);
            }
        }
        if (results.isEmpty()) {
            return null;
        }
        Cond rebuilt = new Cond(branch(c.then(), results), branch(c.otherwise(), results));
        g.builder().setSpan(cond.span());
        int node = g.region(rebuilt, rebuilt.resultType(), inputs);
        int[] out = new int[contributions.length];
        for (int q = 0; q < out.length; q++) {
            out[q] = contributions[q] == Primitive.NONE ? Primitive.NONE
                    : g.proj(node, ((Proj) g.node(contributions[q]).op()).index());
        }
        return new Folded(out, includes);
    }

    /**
     * Whether result r of branch b is entries placed into zeros, or zeros, or such a result of a cond inside the
     * branch ({@link #inner}), in one of its branches at least: cheaper added into an adjoint.
     */
    private static boolean placed(Graph b, int r) {
        Object op = b.node(b.result(r)).op();
        if (inner(b, r) >= 0) {
            Node p = b.node(b.result(r));
            Cond c = (Cond) b.node(p.input(0)).op();
            int index = ((Proj) p.op()).index();
            return placed(c.then(), index) || placed(c.otherwise(), index);
        }
        return op instanceof Scatter || op instanceof RowsScatter || op instanceof ColumnScatter
                || op instanceof dev.gradc.ops.BlockScatter || op instanceof ZerosLike;
    }

    /**
     * When result r of branch b is a part of a cond inside it, used by nothing else (the adjoint of an {@code if}
     * nested in the branch): that cond's node, which then takes the adjoint so far too; else -1.
     */
    private static int inner(Graph b, int r) {
        Node p = b.node(b.result(r));
        boolean part = p.op() instanceof Proj && b.node(p.input(0)).op() instanceof Cond && uses(b, p.id()) == 1;
        return part ? p.input(0) : -1;
    }

    /**
     * Branch b with one more parameter per added adjoint, and those results ({@code results}) the adjoint with
     * the branch's contribution added: at its entries, passed on for zeros, else added whole.
     */
    private static Graph branch(Graph b, List<Integer> results) {
        List<Type> types = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int p : b.params()) {
            types.add(b.type(p));
            labels.add(b.node(p).label());
        }
        for (int r : results) {
            types.add(b.type(b.result(r)));
            labels.add(null);
        }
        Rules rb = Copy.region(types, labels, Node.Role.ADJOINT);
        int[] p = Copy.params(rb);
        int[] map = new int[b.size()];
        for (int i = 0; i < b.params().size(); i++) {
            map[b.params().get(i)] = p[i];
        }
        boolean[] skip = new boolean[b.size()];
        // per cond inside the branch that takes adjoints so far: its parts that do, and those adjoints
        java.util.Map<Integer, List<Integer>> parts = new java.util.HashMap<>();
        java.util.Map<Integer, List<Integer>> accs = new java.util.HashMap<>();
        boolean[] nested = new boolean[results.size()];
        for (int k = 0; k < results.size(); k++) {
            int r = results.get(k);
            int id = b.result(r);
            int c = placed(b, r) ? inner(b, r) : -1;
            int index = c < 0 ? -1 : ((Proj) b.node(id).op()).index();
            if (c >= 0 && !parts.computeIfAbsent(c, x -> new ArrayList<>()).contains(index)) {
                parts.get(c).add(index);
                accs.computeIfAbsent(c, x -> new ArrayList<>()).add(p[b.params().size() + k]);
                nested[k] = true;
                continue;
            }
            skip[id] = placed(b, r) && uses(b, id) == 1 && !(b.node(id).op() instanceof dev.gradc.ops.Param);
        }
        for (Node n : b.nodes()) {
            if (!(n.op() instanceof dev.gradc.ops.Param) && !skip[n.id()]) {
                rb.builder().setRole(n.role());
                map[n.id()] = parts.containsKey(n.id()) ? taking(rb, n, parts.get(n.id()), accs.get(n.id()), map)
                        : Copy.node(rb, n, map);
            }
        }
        rb.builder().setRole(Node.Role.ADJOINT);
        List<Integer> out = new ArrayList<>();
        for (int r = 0; r < b.results().size(); r++) {
            int k = results.indexOf(r);
            out.add(k < 0 || nested[k] ? map[b.result(r)] : added(rb, b.node(b.result(r)), p[b.params().size() + k], map));
        }
        return rb.builder().build(out);
    }

    /**
     * A copy of cond n (its inputs mapped by {@code map}) that also takes adjoints so far ({@code accs}) and gives,
     * as its parts {@code parts}, them with its contributions added, its branches rebuilt as the outer one's.
     */
    private static int taking(Rules rb, Node n, List<Integer> parts, List<Integer> accs, int[] map) {
        Cond c = (Cond) n.op();
        Cond rebuilt = new Cond(branch(c.then(), parts), branch(c.otherwise(), parts));
        List<Integer> inputs = new ArrayList<>();
        for (int in : n.inputs()) {
            inputs.add(map[in]);
        }
        inputs.addAll(accs);
        rb.builder().setSpan(n.span());
        return rb.region(rebuilt, rebuilt.resultType(), inputs);
    }

    /** The adjoint {@code acc} with the contribution n (of the original branch; its inputs mapped) added. */
    private static int added(Rules rb, Node n, int acc, int[] map) {
        rb.builder().setSpan(n.span());
        Object op = n.op();
        List<Integer> in = new ArrayList<>();
        in.add(acc);
        for (int i : n.inputs()) {
            in.add(map[i]);
        }
        if (op instanceof Scatter s) {
            return rb.apply(new AddAt(s.count()), in);
        }
        if (op instanceof RowsScatter) {
            return rb.apply(new RowsAddAt(), in);
        }
        if (op instanceof ColumnScatter) {
            return rb.apply(new ColumnAddAt(), in);
        }
        if (op instanceof dev.gradc.ops.BlockScatter) {
            return rb.apply(new dev.gradc.ops.BlockAddAt(), in);
        }
        return op instanceof ZerosLike ? acc : rb.add(acc, map[n.id()]);
    }

    /** How many times node id is an input or a result of b. */
    private static int uses(Graph b, int id) {
        int count = 0;
        for (Node n : b.nodes()) {
            for (int in : n.inputs()) {
                count += in == id ? 1 : 0;
            }
        }
        for (int r : b.results()) {
            count += r == id ? 1 : 0;
        }
        return count;
    }
}
