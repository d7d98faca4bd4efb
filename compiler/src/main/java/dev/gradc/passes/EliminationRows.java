package dev.gradc.passes;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Index;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Proj;
import dev.gradc.ops.SizeOf;
import dev.gradc.ops.Update;
import dev.gradc.ops.While;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An elimination's row updates, whose journal keeps one entry per row instead of the row: in the trip {@code k}
 * of a loop whose counter k steps up, an inner loop handed on ({@link HandedLoops})
 * {@code for i in k+1..N { m = U[i, k] / U[k, k]; U[i, :] = U[i, :] - m * U[k, :]; }} overwrites every row below
 * k once, and its reversal reads of the row it overwrites only U[i, k] (the old row is an operand of {@code +} or
 * {@code -} only, whose adjoint reads no value), of the other rows only row k. So each inner trip keeps U[i, k]
 * and its reversal writes that entry back; the rest of row i keeps later values.
 *
 * <p>Why that is exact. Call an entry of the array the outer adjoint loop carries clean when it holds the value
 * the program had there. Claim: as the reversal of outer trip k starts, every row r &le; k is clean (at the
 * start, the final array, all of it). The trip's inner reversal writes only rows i &ge; k + 1, so rows &le; k stay
 * clean and the inner trips read row k clean; it writes back column k of every row below k (the inner loop ran
 * over all of them: from k + 1 to the row count, step 1), so column k is clean in every row. The trip's other
 * writes are swaps of two rows, one of them row k, undone as swaps: rows stay whole, so column k stays clean in
 * every row and rows &lt; k stay clean (a row &lt; k changes places only with row k, which is clean; a row below k
 * that lands in row k leaves row k unclean, which the claim for trip k' &le; k - 1 does not need). A swap of two
 * other rows could bring a row below k, unclean but at column k, into a row &lt; k that an earlier trip's reversal
 * reads: that is journaled whole. The trip's other reads of the array — the pivot search,
 * {@code d = d * U[k, k]}, the rows the swap copies — read column k, or copy rows into the swap whose reversal
 * reads no value. So every value the reversal of trip k reads is the program's, and the
 * claim holds for the next trip reversed, whose counter is smaller. The array the adjoint loop ends with is
 * therefore not the array before the loop ({@link Journal#exact}): nothing reads it as such.
 *
 * <p>What is checked, as the proof needs it (anything else: the row is journaled whole):
 * <ul>
 *   <li>the loop is the outer loop's own journal, not an inner loop's or a branch's (their arrays before the
 *       loop are read);</li>
 *   <li>the inner loop counts up by one from {@code k + 1}, k a counter of the outer loop that steps up, to the
 *       array's row count, so {@code i > k} in every inner trip and every row below k is written once;</li>
 *   <li>its only write of the array is {@code U[i, :] = e} with e the old row i plus or minus a value computed
 *       without it; its other reads are U[i, k] and entries or slices of row k (k passed in unchanged);</li>
 *   <li>the outer trip's other writes of the array are row swaps ({@code U[a, :] = U[b, :]} then
 *       {@code [b, :] = } the old row a) with a or b the counter k, in the body or a cond's branch; its other
 *       reads are entries of column k (any row, in any loop or branch) or the rows those swaps copy.</li>
 * </ul>
 */
final class EliminationRows {

    private EliminationRows() {
    }

    /**
     * The parameter of handed loop {@code loop}'s body that is the column whose entry each inner trip keeps
     * instead of the row it overwrites, or -1 when the proof above does not hold. {@code body}: the outer loop's
     * body ({@code carried} carried values); {@code start}: the parameter (position) the array's chain starts
     * from; {@code result}: the loop's carried array.
     */
    static int column(Graph body, int carried, int start, Node loop, int result) {
        While w = (While) loop.op();
        While.Counted counted = w.counted();
        if (counted == null || counted.step() != 1 || result >= w.carried()
                || !(body.type(body.params().get(start)) instanceof Type.Real r) || r.shape().rank() != 2) {
            return -1;
        }
        int k = outerCounter(body, carried, loop.input(counted.counter()));
        if (k < 0 || !boundIsRows(body, loop, counted, r.shape().dim(0))) {
            return -1;
        }
        int column = innerColumn(w, loop, counted, result, k);
        if (column < 0) {
            return -1;
        }
        Set<Integer> states = new HashSet<>(List.of(body.params().get(start)));
        return clean(body, states, Set.of(k), loop, result) ? column : -1;
    }

    /** The outer counter k (a parameter stepped up by a constant) when node id is {@code k + 1}; else -1. */
    static int outerCounter(Graph body, int carried, int id) {
        int k = plusOne(body, id);
        int p = k < 0 ? -1 : body.params().indexOf(k);
        return p >= 0 && p < carried && new Counters(body, carried).constantStep(p) > 0 ? k : -1;
    }

    /** x when node id is {@code x + 1} or {@code 1 + x}; else -1. */
    static int plusOne(Graph g, int id) {
        Node n = g.node(id);
        if (n.op() != Binary.ADD) {
            return -1;
        }
        return isOne(g, n.input(1)) ? n.input(0) : isOne(g, n.input(0)) ? n.input(1) : -1;
    }

    /** The parameters of loop node {@code node}'s body (op w) that are invariant inputs among {@code ids}. */
    static Set<Integer> passed(Node node, While w, Set<Integer> ids) {
        Set<Integer> out = new HashSet<>();
        for (int q = w.carried(); q < node.inputs().size(); q++) {
            if (ids.contains(node.input(q))) {
                out.add(w.body().params().get(q));
            }
        }
        return out;
    }

    static boolean isOne(Graph g, int id) {
        return g.node(id).op() instanceof IntConstant c && c.value() == 1;
    }

    /** Whether the inner loop's bound is the array's row count {@code rows}: the same size or the same literal. */
    private static boolean boundIsRows(Graph body, Node loop, While.Counted counted, Dim rows) {
        if (counted.literalBound()) {
            return rows.terms().isEmpty() && rows.constant() == counted.toValue();
        }
        String size = counted.toSize();
        if (counted.inputBound()) {
            Object bound = body.node(loop.input(counted.toInput())).op();
            if (bound instanceof IntConstant c) {
                return rows.terms().isEmpty() && rows.constant() == c.value();
            }
            size = bound instanceof SizeOf s ? s.size() : null;
        }
        return size != null && rows.constant() == 0 && rows.terms().equals(Map.of(size, 1L));
    }

    /**
     * The inner body's column parameter (the outer counter k passed in unchanged) of its reads {@code U[i, k]}
     * when its only write is the linear row update and its other reads are of row k; else -1.
     */
    private static int innerColumn(While w, Node loop, While.Counted counted, int result, int k) {
        Graph ib = w.body();
        int u = ib.params().get(result);
        int i = ib.params().get(counted.counter());
        if (new Counters(ib, w.carried()).constantStep(counted.counter()) != 1 || uses(w.condition(), result)
                || ib.results().contains(u)) {
            return -1;
        }
        Set<Integer> ks = passed(loop, w, Set.of(k));
        Node write = ib.node(ib.result(result));
        if (!(write.op() instanceof Update up) || up.count() != 1 || write.input(0) != u || write.input(2) != i
                || write.input(1) == u) {
            return -1;
        }
        Map<Integer, Integer> users = users(ib);
        int column = -1;
        for (Node n : ib.nodes()) {
            if (n.id() == write.id() || !n.inputs().contains(u)) {
                continue;
            }
            if (!(n.op() instanceof Index x) || n.input(0) != u || n.inputs().lastIndexOf(u) != 0) {
                return -1;
            }
            if (ks.contains(n.input(1))) {
                continue; // row k, or an entry of it: no inner trip writes it
            }
            if (x.count() == 2 && n.input(1) == i && ks.contains(n.input(2)) && (column < 0 || column == n.input(2))) {
                column = n.input(2); // U[i, k]: kept per trip
                continue;
            }
            if (x.count() == 1 && n.input(1) == i && users.getOrDefault(n.id(), 0) == 1 && linear(ib, write, n.id())) {
                continue; // the old row, an operand of + or -
            }
            return -1;
        }
        return column;
    }

    /** Whether the write's value is {@code row ± e} or {@code e ± row} (e without row) and nothing else reads it. */
    static boolean linear(Graph ib, Node write, int row) {
        Node v = ib.node(write.input(1));
        return (v.op() == Binary.ADD || v.op() == Binary.SUB) && v.inputs().contains(row)
                && users(ib).getOrDefault(v.id(), 0) == 1;
    }

    /** Per node of g, how many inputs (of nodes and results) name it. */
    static Map<Integer, Integer> users(Graph g) {
        Map<Integer, Integer> users = new HashMap<>();
        for (Node n : g.nodes()) {
            for (int in : n.inputs()) {
                users.merge(in, 1, Integer::sum);
            }
        }
        for (int r : g.results()) {
            users.merge(r, 1, Integer::sum);
        }
        return users;
    }

    /** Whether graph g (a loop's condition) reads its parameter at position p. */
    static boolean uses(Graph g, int p) {
        int id = g.params().get(p);
        return g.nodes().stream().anyMatch(n -> n.inputs().contains(id)) || g.results().contains(id);
    }

    /**
     * Whether the uses of the array's states in g ({@code states}: the ids holding one, updated) are those the
     * proof allows: entries of column k ({@code ks}: the ids holding the outer counter), rows copied by a row
     * swap, the swap's writes, the handed loop ({@code loop}, or null in a nested graph) at its array input, and
     * branches and (not writing) loops whose own uses are such.
     */
    static boolean clean(Graph g, Set<Integer> states, Set<Integer> ks, Node loop, int result) {
        Set<Integer> swaps = swaps(g, ks);
        Map<Integer, Set<Integer>> condStates = new HashMap<>();
        Map<Integer, Integer> users = users(g);
        for (Node n : g.nodes()) {
            if (n.op() instanceof Proj p && condStates.containsKey(n.input(0))
                    && condStates.get(n.input(0)).contains(p.index())) {
                states.add(n.id());
                continue;
            }
            boolean reads = false;
            for (int in : n.inputs()) {
                reads |= states.contains(in);
            }
            if (!reads) {
                continue;
            }
            if (loop != null && n.id() == loop.id()) {
                if (n.inputs().indexOf(n.input(result)) != result || n.inputs().lastIndexOf(n.input(result)) != result
                        || !states.contains(n.input(result))) {
                    return false;
                }
                continue;
            }
            if (swaps.contains(n.id()) && states.contains(n.input(0)) && n.inputs().lastIndexOf(n.input(0)) == 0) {
                states.add(n.id()); // half of a row swap
                continue;
            }
            if (n.op() instanceof Index x && states.contains(n.input(0)) && n.inputs().lastIndexOf(n.input(0)) == 0) {
                if (x.count() == 2 && ks.contains(n.input(2))) {
                    continue; // an entry of column k
                }
                if (x.count() == 1 && copiedBySwap(g, n.id(), swaps, users)) {
                    continue;
                }
                return false;
            }
            if (n.op() instanceof Cond c) {
                Set<Integer> out = new HashSet<>();
                for (Graph b : c.graphs()) {
                    Set<Integer> inner = new HashSet<>();
                    Set<Integer> innerKs = new HashSet<>();
                    for (int q = 1; q < n.inputs().size(); q++) {
                        if (states.contains(n.input(q))) {
                            inner.add(b.params().get(q - 1));
                        }
                        if (ks.contains(n.input(q))) {
                            innerKs.add(b.params().get(q - 1));
                        }
                    }
                    if (states.contains(n.input(0)) || !clean(b, inner, innerKs, null, -1)) {
                        return false;
                    }
                    for (int r = 0; r < b.results().size(); r++) {
                        if (inner.contains(b.result(r))) {
                            out.add(r);
                        }
                    }
                }
                condStates.put(n.id(), out);
                continue;
            }
            if (n.op() instanceof While w) {
                Set<Integer> inner = new HashSet<>();
                Set<Integer> innerKs = new HashSet<>();
                for (int q = 0; q < n.inputs().size(); q++) {
                    if (states.contains(n.input(q)) && q < w.carried()) {
                        return false; // a loop that carries the array: it may write it
                    }
                    if (states.contains(n.input(q))) {
                        inner.add(q);
                    }
                    if (ks.contains(n.input(q)) && q >= w.carried()) {
                        innerKs.add(q);
                    }
                }
                for (Graph b : List.of(w.condition(), w.body())) {
                    Set<Integer> bs = new HashSet<>();
                    Set<Integer> bk = new HashSet<>();
                    inner.forEach(q -> bs.add(b.params().get(q)));
                    innerKs.forEach(q -> bk.add(b.params().get(q)));
                    if (!clean(b, bs, bk, null, -1)) {
                        return false;
                    }
                }
                continue;
            }
            return false;
        }
        return true;
    }

    /** Whether row read {@code read} is read only as the value of swap halves. */
    private static boolean copiedBySwap(Graph g, int read, Set<Integer> swaps, Map<Integer, Integer> users) {
        int count = 0;
        for (Node n : g.nodes()) {
            if (!n.inputs().contains(read)) {
                continue;
            }
            if (!swaps.contains(n.id()) || n.input(1) != read || n.inputs().lastIndexOf(read) != 1) {
                return false;
            }
            count++;
        }
        return count == users.getOrDefault(read, 0);
    }

    /**
     * The writes of g that are halves of a row swap of a matrix x: {@code first = (x[a, :] = x[b, :])}, then
     * {@code first[b, :] = x[a, :]}, both rows read from x (as {@link Journal}'s swaps, rows only), a or b the
     * outer counter k ({@code ks}: the ids holding it).
     */
    private static Set<Integer> swaps(Graph g, Set<Integer> ks) {
        Set<Integer> out = new HashSet<>();
        for (Node second : g.nodes()) {
            if (!(second.op() instanceof Update s) || s.count() != 1) {
                continue;
            }
            Node first = g.node(second.input(0));
            if (!(first.op() instanceof Update f) || f.count() != 1
                    || !(g.type(first.input(0)) instanceof Type.Real r) || r.shape().rank() != 2) {
                continue;
            }
            int x = first.input(0);
            if (rowRead(g, first.input(1), x, second.input(2)) && rowRead(g, second.input(1), x, first.input(2))
                    && (ks.contains(first.input(2)) || ks.contains(second.input(2)))) {
                out.add(first.id());
                out.add(second.id());
            }
        }
        return out;
    }

    private static boolean rowRead(Graph g, int id, int x, int row) {
        Node n = g.node(id);
        return n.op() instanceof Index i && i.count() == 1 && n.input(0) == x && n.input(1) == row;
    }
}
