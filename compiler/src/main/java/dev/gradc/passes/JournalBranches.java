package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Fill;
import dev.gradc.ops.Pop;
import dev.gradc.ops.Push;
import dev.gradc.ops.Rules;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a {@link Journal} that passes through an {@code if}: a carried array that enters a cond and leaves
 * it written at a few entries in one branch or both ({@code if (c) { z[i] = e; }}). The forward loop's copy of
 * the cond gives, besides its own results, the entries each write of the taken branch overwrote and the write's
 * indices (zeros from the other branch), and the trip pushes them with the predicate: O(entries written) per
 * trip, whichever branch runs. The adjoint loop pops them all and writes back, in a cond on the popped
 * predicate, the taken branch's entries, last write first.
 */
final class JournalBranches {

    private JournalBranches() {
    }

    /**
     * A cond the chain passes through: the branch parameter its array enters as ({@code param}), the result it
     * leaves as, and per branch (then, else) the writes from one to the other, first to last.
     */
    record Through(Node cond, int param, int result, List<List<Node>> writes) {

        Cond op() {
            return (Cond) cond.op();
        }

        /** Whether no branch writes the array: the cond passes it on as it is. */
        boolean unchanged() {
            return writes.stream().allMatch(List::isEmpty);
        }

        /** The predicate's stack, then per branch and write its old entries' stack and one per index. */
        List<Type> stackTypes() {
            List<Type> out = new ArrayList<>();
            out.add(new Type.Stack(Type.BOOL));
            for (int b = 0; b < 2; b++) {
                Graph branch = op().graphs().get(b);
                for (Node w : writes.get(b)) {
                    out.add(new Type.Stack(branch.type(w.input(1))));
                    for (int k = 2; k < w.inputs().size(); k++) {
                        out.add(new Type.Stack(Type.INT));
                    }
                }
            }
            return out;
        }
    }

    /**
     * How the array that leaves cond node {@code cond} as result {@code result} went through it: in each branch a
     * chain of writes ({@link Journal#isWrite}) from one branch parameter, the same in both; null otherwise.
     */
    static Through of(Node cond, int result) {
        Cond c = (Cond) cond.op();
        int param = -1;
        List<List<Node>> writes = new ArrayList<>();
        for (Graph b : c.graphs()) {
            List<Node> chain = new ArrayList<>();
            Node n = b.node(b.result(result));
            while (Journal.isWrite(n)) {
                if (b.type(n.input(1)) instanceof Type.IntArray) {
                    return null; // rows of an int array: kept whole (the other branch has no zero rows to push)
                }
                chain.add(0, n);
                n = b.node(n.input(0));
            }
            int q = b.params().indexOf(n.id());
            if (q < 0 || param >= 0 && q != param) {
                return null;
            }
            param = q;
            writes.add(chain);
        }
        return new Through(cond, param, result, writes);
    }

    /**
     * Copies cond node n into {@code bg} ({@code map}: the ids of its inputs there) with the extra results the
     * journal needs, and pushes the predicate and those results onto the journal's stacks from {@code first}
     * ({@code pushed}: the stacks, updated). Gives the copy's node.
     */
    static int copyKeeping(Rules bg, Through t, int[] map, int[] pushed, int first) {
        Node n = t.cond();
        List<Graph> branches = t.op().graphs();
        Graph then = branches.get(0);
        List<Type> types = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int p : then.params()) {
            types.add(then.type(p));
            labels.add(then.node(p).label());
        }
        Graph[] built = new Graph[2];
        for (int b = 0; b < 2; b++) {
            Rules rb = Copy.region(types, labels, bg.builder().role());
            int[] bm = Copy.graph(rb, branches.get(b), Copy.params(rb));
            List<Integer> results = new ArrayList<>();
            for (int r : branches.get(b).results()) {
                results.add(bm[r]);
            }
            for (int other = 0; other < 2; other++) {
                Graph og = branches.get(other);
                for (Node w : t.writes().get(other)) {
                    rb.builder().setSpan(w.span());
                    results.add(other == b ? Journal.old(rb, og, w, bm) : zero(rb, og.type(w.input(1))));
                    for (int k = 2; k < w.inputs().size(); k++) {
                        results.add(other == b ? bm[w.input(k)] : rb.intConstant(0));
                    }
                }
            }
            built[b] = rb.builder().build(results);
        }
        Cond rebuilt = new Cond(built[0], built[1]);
        List<Integer> inputs = new ArrayList<>();
        for (int in : n.inputs()) {
            inputs.add(map[in]);
        }
        bg.builder().setSpan(n.span());
        int node = bg.region(rebuilt, rebuilt.resultType(), inputs);
        pushed[first] = bg.apply(new Push(), pushed[first], map[n.input(0)]);
        int own = then.results().size();
        int extras = t.stackTypes().size() - 1;
        for (int e = 0; e < extras; e++) {
            pushed[first + 1 + e] = bg.apply(new Push(), pushed[first + 1 + e], bg.proj(node, own + e));
        }
        return node;
    }

    private static int zero(Rules rb, Type t) {
        if (t instanceof Type.Int) {
            return rb.intConstant(0);
        }
        Type.Real r = (Type.Real) t;
        return r.isScalar() ? rb.constant(0.0) : rb.apply(new Fill(0.0, r.shape()));
    }

    /**
     * The array before cond t from {@code after}, the array after it: every stack of t popped (from {@code first}
     * in {@code popped}, updated), and in a cond on the popped predicate the taken branch's overwritten entries
     * written back, last write first.
     */
    static int restore(Rules bg, Through t, int after, int[] popped, int first) {
        bg.builder().setSpan(t.cond().span());
        List<Integer> inputs = new ArrayList<>();
        List<Type> types = new ArrayList<>();
        inputs.add(pop(bg, popped, first));
        inputs.add(after);
        types.add(bg.type(after));
        int s = first + 1;
        for (int b = 0; b < 2; b++) {
            for (Node w : t.writes().get(b)) {
                for (int k = 1; k < w.inputs().size(); k++) {
                    inputs.add(pop(bg, popped, s));
                    types.add(((Type.Stack) bg.type(popped[s])).element());
                    s++;
                }
            }
        }
        List<String> labels = new ArrayList<>(java.util.Collections.nCopies(types.size(), (String) null));
        Graph[] built = new Graph[2];
        int at = 1;
        for (int b = 0; b < 2; b++) {
            Rules rb = Copy.region(types, labels, bg.builder().role());
            int[] p = Copy.params(rb);
            List<Node> writes = t.writes().get(b);
            int[] from = new int[writes.size()];
            for (int w = 0; w < writes.size(); w++) {
                from[w] = at;
                at += writes.get(w).inputs().size() - 1;
            }
            int c = p[0];
            for (int w = writes.size() - 1; w >= 0; w--) {
                Node n = writes.get(w);
                rb.builder().setSpan(n.span());
                List<Integer> in = new ArrayList<>();
                in.add(c);
                for (int k = 0; k < n.inputs().size() - 1; k++) {
                    in.add(p[from[w] + k]);
                }
                c = rb.apply(Journal.writeBack(n), in);
            }
            built[b] = rb.builder().build(List.of(c));
        }
        Cond restored = new Cond(built[0], built[1]);
        bg.builder().setSpan(t.cond().span());
        return bg.proj(bg.region(restored, restored.resultType(), inputs), 0);
    }

    /** Pops stack s of {@code popped} (updated to the stack left): gives the value. */
    private static int pop(Rules bg, int[] popped, int s) {
        int pop = bg.apply(new Pop(), popped[s]);
        popped[s] = bg.proj(pop, 0);
        return bg.proj(pop, 1);
    }
}
