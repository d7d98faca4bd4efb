package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Op;
import dev.gradc.ir.Region;
import dev.gradc.ops.BoolConstant;
import dev.gradc.ops.Overwriting;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.Trait;
import dev.gradc.ops.While;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Which loops may be dropped when nothing reads their results (and which regions hold an operation that may
 * fail, {@link #checked}, so that they run read or not). Every engine runs a loop whose results are
 * unused — the tape and the interpreter cannot know they are unused — so removing one that never ends would
 * make the compiled engine answer where the others hit the iteration limit. A loop is dropped only when it is
 * provably finite: a counted loop ({@link While#counted}: {@code i < n} with {@code i = i + 1} or {@code c > n}
 * with {@code c = c - 1}, {@code int} counter, bound a constant, a size or an invariant; a step of one cannot
 * overflow past the bound) — the loops of {@code for}, hand-written counting loops and the gradient pass's
 * adjoint loops — or a loop whose condition is constantly false.
 */
final class FiniteLoops {

    private final Map<Op, Boolean> known = new IdentityHashMap<>();

    /** Whether region op {@code op} must be kept even when unread: a loop not provably finite, or holding one. */
    boolean mustRun(Op op) {
        Boolean k = known.get(op);
        if (k != null) {
            return k;
        }
        boolean must = op instanceof While w && w.counted() == null && !neverRuns(w);
        if (!must && op instanceof Region r && !(op instanceof While w && neverRuns(w))) {
            Deque<Graph> work = new ArrayDeque<>(r.graphs());
            while (!work.isEmpty() && !must) {
                Graph graph = work.pop();
                for (Node n : graph.nodes()) {
                    if (n.op() instanceof Region inner && mustRun(inner) || checked(graph, n)) {
                        must = true;
                        break;
                    }
                }
            }
        }
        known.put(op, must);
        return must;
    }

    /**
     * Whether node n of g is a program's own operation that may fail at run time ({@link Trait#CHECKED}: an index
     * or slice out of range): kept, read or not, like a loop that may not end. What the gradient pass adds to
     * reverse it (role adjoint) reads indices the forward sweep has checked already, and so does a read that the
     * write right after it checks again ({@link #checkedByTheWriteAfter}).
     */
    static boolean checked(Graph g, Node n) {
        return n.role() == Node.Role.FORWARD && n.op() instanceof Primitive p && p.traits().contains(Trait.CHECKED)
                && !checkedByTheWriteAfter(g, n);
    }

    /**
     * Whether read n is checked again by the write after it: the first node after n that may fail is a write of the
     * same array at the same indices, from the same place in the source, and no region runs between them. Such a
     * read is a journal's, of the entries the write overwrites ({@link Journal#old}); where nothing keeps them (a
     * sweep that only runs forward) it need not run, since the write fails where and as it would.
     */
    private static boolean checkedByTheWriteAfter(Graph g, Node n) {
        if (n.op() instanceof Overwriting) {
            return false;
        }
        for (int id = n.id() + 1; id < g.size(); id++) {
            Node m = g.node(id);
            if (m.op() instanceof Overwriting) {
                return m.role() == n.role() && m.span().equals(n.span()) && sameEntries(n, m);
            }
            if (m.op() instanceof Region || m.op() instanceof Primitive p && p.traits().contains(Trait.CHECKED)) {
                return false;
            }
        }
        return false;
    }

    /** Whether read's inputs are write's array and indices ({@link Journal#old}: all but the value written). */
    private static boolean sameEntries(Node read, Node write) {
        if (read.inputs().size() != write.inputs().size() - 1 || read.input(0) != write.input(0)) {
            return false;
        }
        for (int k = 1; k < read.inputs().size(); k++) {
            if (read.input(k) != write.input(k + 1)) {
                return false;
            }
        }
        return true;
    }

    /** Whether the loop's condition is the constant false (folded so): it runs no trip, its results are its inputs. */
    static boolean neverRuns(While w) {
        Graph c = w.condition();
        return c.node(c.result(0)).op() instanceof BoolConstant b && !b.value();
    }
}
