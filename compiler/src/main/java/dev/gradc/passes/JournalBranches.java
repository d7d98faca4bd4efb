package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Push;
import dev.gradc.ops.Rules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The part of a {@link Journal} that passes through an {@code if}: a carried array that enters a cond and leaves
 * it written in one branch or both — at a few entries, inside further {@code if}s or inner loops, any nest of
 * them ({@code if (c) { z[i] = e; }}, {@code if (c) { if (d) { z[i] = e; } }}, {@code if (c) { for k in 0..3
 * { z[i + k] = e; } }}). Each branch that writes has its own journal of its graph ({@link Journal#forBranch}),
 * with its own stacks: the forward loop's copy of the cond also takes and gives every branch's stacks, the taken
 * branch pushes the entries its writes overwrote and their indices, the other passes its stacks on, and the trip
 * pushes the predicate. O(entries written) per trip, whichever branch runs. The adjoint loop pops the predicate
 * and, in a cond on it, the taken branch restores the array from its own stacks, last write first.
 */
final class JournalBranches {

    private JournalBranches() {
    }

    /**
     * A cond the chain passes through: the branch parameter its array enters as ({@code param}), the result it
     * leaves as, and per branch (then, else) the journal of its writes, or null when it passes the array on.
     */
    record Through(Node cond, int param, int result, List<Journal> branches) {

        Cond op() {
            return (Cond) cond.op();
        }

        /** Whether no branch writes the array: the cond passes it on as it is. */
        boolean unchanged() {
            return branches.stream().allMatch(java.util.Objects::isNull);
        }

        /** The stacks of branch b's journal (none when it passes the array on). */
        List<Type> stackTypes(int b) {
            Journal j = branches.get(b);
            return j == null ? List.of() : j.stackTypes();
        }

        /** The predicate's stack, then the then-branch's journal's stacks, then the else-branch's. */
        List<Type> stackTypes() {
            List<Type> out = new ArrayList<>();
            out.add(new Type.Stack(Type.BOOL));
            out.addAll(stackTypes(0));
            out.addAll(stackTypes(1));
            return out;
        }

        /** {@code total} plus what one trip through the cond keeps at most ({@link Journal#perTrip}): both branches'. */
        int perTrip(JournalCount c, int total) {
            total = c.g().add(total, c.size(Type.BOOL));
            for (Journal j : branches) {
                if (j != null) {
                    total = j.perTrip(c, total);
                }
            }
            return total;
        }
    }

    /**
     * How the array that leaves cond node {@code cond} as result {@code result} went through it: in each branch
     * from one branch parameter, the same in both, either passed on or journaled; null otherwise.
     */
    static Through of(Node cond, int result) {
        Cond c = (Cond) cond.op();
        int param = -1;
        List<Journal> branches = new ArrayList<>();
        for (Graph b : c.graphs()) {
            Node n = b.node(b.result(result));
            Journal j = null;
            int q = b.params().indexOf(n.id());
            if (q < 0) {
                j = Journal.forBranch(b, result);
                q = j.journaled(result) ? j.start(result) : -1;
            }
            if (q < 0 || param >= 0 && q != param) {
                return null;
            }
            param = q;
            branches.add(j);
        }
        return new Through(cond, param, result, branches);
    }

    /**
     * Copies cond node n into {@code bg} ({@code map}: the ids of its inputs there) taking and giving the
     * branches' stacks (from {@code first + 1} in {@code pushed}, updated), the taken branch pushing onto its
     * own; pushes the predicate onto stack {@code first}. Gives the copy's node.
     */
    static int copyKeeping(Rules bg, Through t, int[] map, int[] pushed, int first) {
        Node n = t.cond();
        List<Graph> branches = t.op().graphs();
        Graph then = branches.get(0);
        int np = then.params().size();
        int stacks = t.stackTypes().size() - 1;
        List<Type> types = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int p : then.params()) {
            types.add(then.type(p));
            labels.add(then.node(p).label());
        }
        types.addAll(t.stackTypes().subList(1, stacks + 1));
        labels.addAll(Collections.nCopies(stacks, (String) null));
        Graph[] built = new Graph[2];
        int at = 0;
        for (int b = 0; b < 2; b++) {
            Rules rb = Copy.region(types, labels, bg.builder().role());
            int[] p = Copy.params(rb);
            int[] params = Arrays.copyOf(p, np);
            int[] out = Arrays.copyOfRange(p, np, p.length);
            Journal j = t.branches().get(b);
            int[] bm;
            if (j == null) {
                bm = Copy.graph(rb, branches.get(b), params);
            } else {
                int size = j.stackTypes().size();
                int[] own = new int[size];
                bm = j.copyKeeping(rb, params, Arrays.copyOfRange(out, at, at + size), own);
                System.arraycopy(own, 0, out, at, size);
            }
            at += t.stackTypes(b).size();
            List<Integer> results = new ArrayList<>();
            for (int r : branches.get(b).results()) {
                results.add(bm[r]);
            }
            for (int s : out) {
                results.add(s);
            }
            built[b] = rb.builder().build(results);
        }
        Cond rebuilt = new Cond(built[0], built[1]);
        List<Integer> inputs = new ArrayList<>();
        for (int in : n.inputs()) {
            inputs.add(map[in]);
        }
        for (int e = 0; e < stacks; e++) {
            inputs.add(pushed[first + 1 + e]);
        }
        bg.builder().setSpan(n.span());
        int node = bg.region(rebuilt, rebuilt.resultType(), inputs);
        pushed[first] = bg.apply(new Push(), pushed[first], map[n.input(0)]);
        int own = then.results().size();
        for (int e = 0; e < stacks; e++) {
            pushed[first + 1 + e] = bg.proj(node, own + e);
        }
        return node;
    }

    /**
     * The array before cond t from {@code after}, the array after it: the predicate popped (from stack {@code
     * first} in {@code popped}, updated), and in a cond on it the taken branch's journal restoring the array from
     * its own stacks, which the cond takes and gives (from {@code first + 1}). {@code body}: the graph the cond is a
     * node of, whose parameters' values are {@code params} (NONE: not known); {@code learned} gets the values in
     * {@code bg} of the cond's nodes that the restore knows ({@link #knownOperand}): the predicate, popped, and
     * perhaps an operand of it.
     *
     * <p>Why the reversal may take them instead of computing them again: the forward trip pushed the predicate's
     * value, so the popped one is it. For a predicate {@code x != y} (or {@code x == y}) of ints whose x the cond
     * takes and the branch taken when they differ journals a write at x (a branch's journal keeps every index), x
     * is, in that branch, the index popped there, and in the other branch y, exactly: that branch runs only when
     * x equals y. So the reversal need not rerun what computed x (a pivot search: {@code if (p != k) { swap rows k
     * and p }} gives p as {@code taken ? popped p : k}), which a cond's adjoint otherwise reruns only to decide
     * the branch and read x in it again.
     */
    static int restore(Rules bg, Graph body, Through t, int after, int[] popped, int first, int[] params,
                       java.util.Map<Integer, Integer> learned) {
        bg.builder().setSpan(t.cond().span());
        int stacks = t.stackTypes().size() - 1;
        List<Integer> inputs = new ArrayList<>();
        List<Type> types = new ArrayList<>();
        int predicate = pop(bg, popped, first);
        inputs.add(predicate);
        inputs.add(after);
        types.add(bg.type(after));
        for (int e = 0; e < stacks; e++) {
            inputs.add(popped[first + 1 + e]);
            types.add(bg.type(popped[first + 1 + e]));
        }
        Operand known = knownOperand(bg, body, t, params);
        if (known != null) {
            inputs.add(known.other());
            types.add(Type.INT);
        }
        List<String> labels = new ArrayList<>(Collections.nCopies(types.size(), (String) null));
        Graph[] built = new Graph[2];
        int at = 0;
        for (int b = 0; b < 2; b++) {
            Rules rb = Copy.region(types, labels, bg.builder().role());
            int[] p = Copy.params(rb);
            int[] out = Arrays.copyOfRange(p, 1, 1 + stacks);
            int c = p[0];
            Journal j = t.branches().get(b);
            java.util.Map<Integer, Integer> pops = new java.util.HashMap<>();
            if (j != null) {
                int size = j.stackTypes().size();
                int[] own = Arrays.copyOfRange(out, at, at + size);
                int[] none = new int[t.op().graphs().get(b).params().size()];
                Arrays.fill(none, dev.gradc.ops.Primitive.NONE);
                c = j.restore(rb, t.result(), c, own, none, pops);
                System.arraycopy(own, 0, out, at, size);
            }
            at += t.stackTypes(b).size();
            List<Integer> results = new ArrayList<>(List.of(c));
            for (int s : out) {
                results.add(s);
            }
            if (known != null) { // x: popped in the branch that journals it, y in the other
                results.add(b == known.branch() ? pops.get(t.op().graphs().get(b).params().get(known.param()))
                        : p[p.length - 1]);
            }
            built[b] = rb.builder().build(results);
        }
        Cond restored = new Cond(built[0], built[1]);
        bg.builder().setSpan(t.cond().span());
        int node = bg.region(restored, restored.resultType(), inputs);
        for (int e = 0; e < stacks; e++) {
            popped[first + 1 + e] = bg.proj(node, 1 + e);
        }
        int condition = t.cond().input(0);
        if (!(body.node(condition).op() instanceof dev.gradc.ops.Param)) {
            learned.putIfAbsent(condition, predicate);
        }
        if (known != null) {
            learned.putIfAbsent(known.x(), bg.proj(node, 1 + stacks));
        }
        return bg.proj(node, 0);
    }

    /**
     * Of cond t's predicate {@code x != y} or {@code x == y} (ints, in either order), the x that {@link #restore}
     * knows: not a parameter of {@code body}, an input of the cond (its branch parameter {@code param}) that the
     * branch taken when x and y differ ({@code branch}) pops as the index of a journaled write, with y's value
     * known in {@code bg} ({@code other}: a parameter of the body whose value {@code params} gives, or a constant);
     * null when there is none.
     */
    private static Operand knownOperand(Rules bg, Graph body, Through t, int[] params) {
        Node predicate = body.node(t.cond().input(0));
        if (!(predicate.op() == dev.gradc.ops.Compare.NE || predicate.op() == dev.gradc.ops.Compare.EQ)) {
            return null;
        }
        int branch = predicate.op() == dev.gradc.ops.Compare.NE ? 0 : 1;
        Journal journal = t.branches().get(branch);
        if (journal == null) {
            return null;
        }
        for (int side = 0; side < 2; side++) {
            int x = predicate.input(side);
            int y = predicate.input(1 - side);
            if (!body.type(x).equals(Type.INT) || !body.type(y).equals(Type.INT)
                    || body.node(x).op() instanceof dev.gradc.ops.Param) {
                continue;
            }
            int other = valueOf(bg, body, y, params);
            if (other == dev.gradc.ops.Primitive.NONE) {
                continue;
            }
            Graph taken = t.op().graphs().get(branch);
            for (int q = 0; q < taken.params().size(); q++) {
                if (t.cond().input(1 + q) == x && journal.popsIndex(t.result(), taken.params().get(q))) {
                    return new Operand(x, branch, q, other);
                }
            }
        }
        return null;
    }

    /** Int node y of {@code body} as a node of {@code bg}: a parameter whose value {@code params} gives, or a constant. */
    private static int valueOf(Rules bg, Graph body, int y, int[] params) {
        Node n = body.node(y);
        if (n.op() instanceof dev.gradc.ops.Param) {
            int q = body.params().indexOf(y);
            return q < params.length ? params[q] : dev.gradc.ops.Primitive.NONE;
        }
        if (n.op() instanceof dev.gradc.ops.IntConstant c) {
            return bg.intConstant(c.value());
        }
        return dev.gradc.ops.Primitive.NONE;
    }

    /** An operand x of a cond's predicate that its restore gives ({@link #knownOperand}). */
    private record Operand(int x, int branch, int param, int other) {
    }

    /** Pops stack s of {@code popped} (updated to the stack left): gives the value. */
    private static int pop(Rules bg, int[] popped, int s) {
        int pop = bg.apply(new Pop(), popped[s]);
        popped[s] = bg.proj(pop, 0);
        return bg.proj(pop, 1);
    }
}
