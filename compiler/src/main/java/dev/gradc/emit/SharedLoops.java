package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.AddAt;
import dev.gradc.ops.Index;
import dev.gradc.ops.ReduceSum;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which sums over a line and which adds of a line into a row of an array are written as one loop ({@link
 * SharedLoopCode}): a reduction {@code s = sum(e1)} and a row add {@code x[i, :] += e2} over the same index range
 * that read a common operand — the adjoint of a row update {@code U[i, :] = U[i, :] - m * U[k, :]}, whose
 * {@code mBar} is a dot with the row's adjoint and whose {@code UBar[k, :]} gains {@code m} times it. The
 * elementwise arrays only those two read (the negated row adjoint) are then one element local per trip, with no
 * array and no pass of their own. Decided on the IR alone, only where the one loop reads what the separate loops
 * read:
 * <ul>
 *   <li>the add writes one whole row of x (all indices but the last), as long as the loop;</li>
 *   <li>the loop reads x only through rows read in place ({@link RowViews}) as long as the row it writes: at trip
 *       j it reads entry j of a row, which the write changes at trip j only, after the read (the same row) or
 *       never (another row);</li>
 *   <li>every node written between the group's first member and the add only computes values (no write, no
 *       loop, no branch) and reads nothing of x, and the add's operands are all known before the reduction.</li>
 * </ul>
 * The sum runs over the same entries in the same order: values are the separate loops' bit for bit.
 */
final class SharedLoops {

    /**
     * One shared loop: the reduction, the row add, and the elementwise arrays only they read, by increasing id
     * (computed as element locals in the loop, with no array).
     */
    record Group(int reduce, int add, List<Integer> shared) {

        /** The member written first: where the loop's code begins (the first shared array's turn, or the sum's). */
        int first() {
            return shared.isEmpty() ? reduce : Math.min(reduce, shared.get(0));
        }
    }

    private final Group[] byNode;

    private SharedLoops(Group[] byNode) {
        this.byNode = byNode;
    }

    /** The group node id belongs to (as its reduction, its row add or a shared array), or null. */
    Group of(int id) {
        return byNode[id];
    }

    /** The shared loops of info's graph ({@code nodes}: the plan of each node; {@code views}: slices read in place). */
    static SharedLoops of(GraphInfo info, Plan.NodePlan[] nodes, boolean[] views, boolean[] pinned) {
        Graph g = info.graph;
        Group[] byNode = new Group[g.size()];
        for (Node a : g.nodes()) {
            int id = a.id();
            if (!info.emits(id) || info.rep(id) != id || pinned[id] || !(a.op() instanceof AddAt at)) {
                continue;
            }
            Group group = group(info, nodes, views, pinned, a, at, byNode);
            if (group != null) {
                byNode[group.reduce()] = group;
                byNode[group.add()] = group;
                for (int s : group.shared()) {
                    byNode[s] = group;
                }
            }
        }
        return new SharedLoops(byNode);
    }

    private static Group group(GraphInfo info, Plan.NodePlan[] nodes, boolean[] views, boolean[] pinned, Node a,
                               AddAt at, Group[] taken) {
        Graph g = info.graph;
        int x = info.rep(a.input(0));
        int v = info.rep(a.input(1));
        Shape xs = JavaTypes.shape(g.type(x));
        Shape line = JavaTypes.shape(g.type(v));
        if (!(g.type(x) instanceof Type.Real) || at.count() != xs.rank() - 1 || line.rank() != 1
                || !line.dims().equals(xs.dims().subList(xs.rank() - 1, xs.rank()))
                || !(nodes[v] instanceof Plan.NodePlan.Fused || nodes[v] instanceof Plan.NodePlan.Loop)) {
            return null;
        }
        Set<Integer> chainA = new TreeSet<>();
        Set<Integer> leavesA = new TreeSet<>();
        chain(info, nodes, v, chainA, leavesA);
        for (int k = 2; k < a.inputs().size(); k++) {
            leavesA.add(info.rep(a.input(k)));
        }
        for (int r = a.id() - 1; r >= 0; r--) {
            Node red = g.node(r);
            if (!info.emits(r) || info.rep(r) != r || pinned[r] || taken[r] != null || !(red.op() instanceof ReduceSum)
                    || JavaTypes.isArray(red.type()) || !JavaTypes.shape(g.type(red.input(0))).equals(line)) {
                continue;
            }
            Set<Integer> chainR = new TreeSet<>();
            Set<Integer> leavesR = new TreeSet<>();
            chain(info, nodes, info.rep(red.input(0)), chainR, leavesR);
            Group group = check(info, nodes, views, pinned, a, red, x, line, chainA, leavesA, chainR, leavesR, taken);
            if (group != null) {
                return group;
            }
        }
        return null;
    }

    /**
     * The fused ops computing node id's elements (id itself when fused, or when it is the array in question) into
     * {@code chain}, and the nodes they read as values (arrays, scalars, slices read in place) into {@code leaves}.
     */
    private static void chain(GraphInfo info, Plan.NodePlan[] nodes, int id, Set<Integer> chain, Set<Integer> leaves) {
        if (!(nodes[id] instanceof Plan.NodePlan.Fused)) {
            leaves.add(id);
            return;
        }
        java.util.ArrayDeque<Integer> work = new java.util.ArrayDeque<>(List.of(id));
        while (!work.isEmpty()) {
            int u = work.pop();
            if (!chain.add(u)) {
                continue;
            }
            for (int in : info.graph.node(u).inputs()) {
                int r = info.rep(in);
                if (nodes[r] instanceof Plan.NodePlan.Fused) {
                    work.push(r);
                } else {
                    leaves.add(r);
                }
            }
        }
    }

    private static Group check(GraphInfo info, Plan.NodePlan[] nodes, boolean[] views, boolean[] pinned, Node a,
                               Node red, int x, Shape line, Set<Integer> chainA, Set<Integer> leavesA,
                               Set<Integer> chainR, Set<Integer> leavesR, Group[] taken) {
        Graph g = info.graph;
        Set<Integer> common = new TreeSet<>(leavesA);
        common.retainAll(leavesR);
        common.removeIf(l -> !JavaTypes.isArray(g.type(l)));
        if (common.isEmpty()) {
            return null; // nothing read by both: no pass saved by sharing the loop
        }
        Set<Integer> group = new TreeSet<>(chainA);
        group.addAll(chainR);
        group.add(red.id());
        group.add(a.id());
        List<Integer> shared = new ArrayList<>();
        Set<Integer> leaves = new TreeSet<>(leavesA);
        leaves.addAll(leavesR);
        for (int l : List.copyOf(leaves)) {
            if (nodes[l] instanceof Plan.NodePlan.Loop && g.type(l) instanceof Type.Real
                    && JavaTypes.shape(g.type(l)).equals(line) && !pinned[l] && taken[l] == null
                    && onlyUsedBy(info, l, group)) {
                shared.add(l);
                Set<Integer> own = new TreeSet<>();
                own.add(l);
                for (int in : g.node(l).inputs()) {
                    chain(info, nodes, info.rep(in), own, leaves);
                }
                group.addAll(own);
            }
        }
        leaves.removeAll(group);
        int first = shared.isEmpty() ? red.id() : Math.min(red.id(), shared.get(0));
        for (int l : leaves) {
            if (!readsApart(info, nodes, views, l, x, line)) {
                return null;
            }
        }
        if (x > red.id()) {
            return null; // the array the add writes is not known yet where the loop runs
        }
        for (int l : leavesA) {
            if (l >= red.id() && !GraphInfo.isLiteral(g.node(l))) {
                return null; // the add's operand is not known yet where the loop runs (the sum itself, or later)
            }
        }
        for (int id = first + 1; id < a.id(); id++) {
            if (!info.emits(id) || info.rep(id) != id || group.contains(id)) {
                continue;
            }
            Node u = g.node(id);
            boolean readsX = u.inputs().stream().anyMatch(in -> info.rep(in) == x);
            if (readsX || !GraphInfo.isLiteral(u) && !RowViews.onlyComputes(u) || pinned[id]) {
                return null;
            }
        }
        return new Group(red.id(), a.id(), List.copyOf(shared));
    }

    /** Whether every user of node id is in {@code group}, and no result is id. */
    private static boolean onlyUsedBy(GraphInfo info, int id, Set<Integer> group) {
        Graph g = info.graph;
        if (g.results().stream().anyMatch(r -> info.rep(r) == id)) {
            return false;
        }
        int users = 0;
        for (int u : group) {
            for (int in : g.node(u).inputs()) {
                users += info.rep(in) == id ? 1 : 0;
            }
        }
        return users == info.uses(id);
    }

    /**
     * Whether value l, read in the shared loop, reads nothing of x the loop's write changes before the read: it
     * is not x, an expression written inline over x, nor a slice of x other than a whole row read in place (entry
     * j of a row is read at trip j, before the write of trip j).
     */
    private static boolean readsApart(GraphInfo info, Plan.NodePlan[] nodes, boolean[] views, int l, int x,
                                      Shape line) {
        Graph g = info.graph;
        Node n = g.node(l);
        if (l == x) {
            return false;
        }
        if (views[l] && info.rep(n.input(0)) == x) {
            Shape xs = JavaTypes.shape(g.type(x));
            return n.op() instanceof Index ix && ix.count() == xs.rank() - 1
                    && JavaTypes.shape(n.type()).equals(line);
        }
        if (!(nodes[l] instanceof Plan.NodePlan.Inline)) {
            return true; // a variable of its own, or a literal: its value is fixed before the loop
        }
        for (int in : n.inputs()) {
            if (!readsApart(info, nodes, views, info.rep(in), x, line)) {
                return false;
            }
        }
        return true;
    }
}
