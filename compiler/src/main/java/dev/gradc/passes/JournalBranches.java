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
     * its own stacks, which the cond takes and gives (from {@code first + 1}).
     */
    static int restore(Rules bg, Through t, int after, int[] popped, int first) {
        bg.builder().setSpan(t.cond().span());
        int stacks = t.stackTypes().size() - 1;
        List<Integer> inputs = new ArrayList<>();
        List<Type> types = new ArrayList<>();
        inputs.add(pop(bg, popped, first));
        inputs.add(after);
        types.add(bg.type(after));
        for (int e = 0; e < stacks; e++) {
            inputs.add(popped[first + 1 + e]);
            types.add(bg.type(popped[first + 1 + e]));
        }
        List<String> labels = new ArrayList<>(Collections.nCopies(types.size(), (String) null));
        Graph[] built = new Graph[2];
        int at = 0;
        for (int b = 0; b < 2; b++) {
            Rules rb = Copy.region(types, labels, bg.builder().role());
            int[] p = Copy.params(rb);
            int[] out = Arrays.copyOfRange(p, 1, p.length);
            int c = p[0];
            Journal j = t.branches().get(b);
            if (j != null) {
                int size = j.stackTypes().size();
                int[] own = Arrays.copyOfRange(out, at, at + size);
                int[] none = new int[t.op().graphs().get(b).params().size()];
                Arrays.fill(none, dev.gradc.ops.Primitive.NONE);
                c = j.restore(rb, t.result(), c, own, none);
                System.arraycopy(own, 0, out, at, size);
            }
            at += t.stackTypes(b).size();
            List<Integer> results = new ArrayList<>(List.of(c));
            for (int s : out) {
                results.add(s);
            }
            built[b] = rb.builder().build(results);
        }
        Cond restored = new Cond(built[0], built[1]);
        bg.builder().setSpan(t.cond().span());
        int node = bg.region(restored, restored.resultType(), inputs);
        for (int e = 0; e < stacks; e++) {
            popped[first + 1 + e] = bg.proj(node, 1 + e);
        }
        return bg.proj(node, 0);
    }

    /** Pops stack s of {@code popped} (updated to the stack left): gives the value. */
    private static int pop(Rules bg, int[] popped, int s) {
        int pop = bg.apply(new Pop(), popped[s]);
        popped[s] = bg.proj(pop, 0);
        return bg.proj(pop, 1);
    }
}
