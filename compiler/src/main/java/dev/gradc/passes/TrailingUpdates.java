package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Index;
import dev.gradc.ops.Proj;
import dev.gradc.ops.Update;
import dev.gradc.ops.While;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An elimination's trailing-submatrix updates, reversed with no journal of the entries they overwrite: in trip
 * {@code k} of a loop whose counter k steps up, an inner loop handed on ({@link HandedLoops})
 * <pre>for i in k+1..N { m = U[i, k] / U[k, k]; for j in k+1..N { U[i, j] = U[i, j] - m * U[k, j]; } }</pre>
 * overwrites only entries right of column k and below row k, and no reversal reads them: the element write is
 * linear in the entry it overwrites (its adjoint reads m and U[k, j], not U[i, j]); the rest of the trip reads
 * column k and row k. So neither loop keeps the entries, and their reversals write nothing back (as Tapenade's
 * to-be-recorded analysis would find). The multiplier is not kept either ({@link #cleanInput}): the element loop's
 * reversal computes it again from the array it carries, whose row k and column k are the program's.
 *
 * <p>Why that is exact. Call an entry of the array the outer adjoint loop carries clean when it holds the value
 * the program had there after the trip being reversed. Claim: as the reversal of outer trip k starts, every entry
 * of a row &le; k and every entry of a column &le; k is clean (at the start, the final array, all of it). Every
 * write of the trip's element loops is at {@code [i, j]} with i &ge; k + 1 and j &ge; k + 1 (both loops count up
 * by one from k + 1), so the array before them differs from the array after them only at entries the claim does
 * not cover, and their reversals, which read only row k, column k and the multiplier, read the program's values.
 * The trip's other writes are swaps of two rows, one of them row k, undone as swaps: rows move whole, so every
 * column &le; k stays clean in every row; a row &lt; k either stays or changes places with row k, which is clean
 * (row k lands in it, and row k takes the other row, which the claim for trips &lt; k does not need). The trip's
 * other reads — the pivot search, {@code d = d * U[k, k]}, the rows the swap copies — are entries of column k,
 * clean before and after the swap, or copies whose reversal reads no value. So the claim holds for the next trip
 * reversed, whose counter is smaller (by any step), and every value the reversal reads is the program's. The
 * array the adjoint loop ends with is not the array before the loop ({@link Journal#exact}). Neither loop's upper
 * bound matters: fewer trips write fewer entries of the same kind.
 *
 * <p>The same claim makes a handed loop's scalar inputs computable again where its reversal starts
 * ({@link #cleanInput}): the row loop of trip k and each of its trips write only entries below row k and right of
 * column k, so as the reversal of the row loop's trip i starts (the array it carries is the array after trip k,
 * nothing written back), every entry of row k and of column k holds what it held as the forward trip i computed the
 * element loop's inputs, and an input computed from such entries and from scalars the reversal knows is the same
 * division of the same values: bit for bit the value the forward trip would have kept. Likewise the outer trip's
 * inputs of the row loop when the row loop reads the trip's own array (no swap before it: the trip writes nothing
 * else, so row k and column k after the trip are those at its start).
 *
 * <p>What is checked, as the proof needs it (anything else: today's journal of every overwritten entry):
 * <ul>
 *   <li>the loop is the outer loop's own journal ({@link Journal}), its array a matrix, its counter k steps up;</li>
 *   <li>the row loop counts up by one from {@code k + 1}; it carries the array only into the element loop, whose
 *       array is its result and nothing else's; its other reads of the array are entries or slices of row k or
 *       entries of column k (k passed in unchanged);</li>
 *   <li>the element loop counts up by one from {@code k + 1} (k as the row loop has it); its only write is
 *       {@code U[i, j] = U[i, j] ± e} (i the row loop's counter passed in, j its own), read by nothing but the
 *       body's result, with {@code U[i, j]} read once, as that operand; its other reads are entries or slices of
 *       row k or entries of column k;</li>
 *   <li>the outer trip reads the array after the row loop only as its result; its other writes are row swaps
 *       ({@code U[a, :] = U[b, :]}, then {@code [b, :] = } the old row a) with a or b the counter k, in the body
 *       or a cond's branch; its other reads are entries of column k or the rows those swaps copy
 *       ({@link EliminationRows#clean}).</li>
 * </ul>
 */
final class TrailingUpdates {

    private TrailingUpdates() {
    }

    /**
     * Whether the proof above holds for handed loop {@code loop} of outer body {@code body} ({@code carried}
     * carried values), which carries the array as its value {@code result}, the array's chain starting from the
     * parameter at position {@code start} and ending in that loop's result, which is the body's result.
     */
    static boolean of(Graph body, int carried, int start, Node loop, int result) {
        While w = (While) loop.op();
        While.Counted counted = w.counted();
        if (counted == null || counted.step() != 1 || result >= w.carried()
                || !(body.type(body.params().get(start)) instanceof Type.Real r) || r.shape().rank() != 2) {
            return false;
        }
        int k = EliminationRows.outerCounter(body, carried, loop.input(counted.counter()));
        if (k < 0 || !rowLoop(w, loop, counted, result, k) || !onlyResult(body, loop, result)) {
            return false;
        }
        Set<Integer> states = new HashSet<>(List.of(body.params().get(start)));
        return EliminationRows.clean(body, states, Set.of(k), loop, result);
    }

    /**
     * Whether input {@code q} of handed loop {@code loop} of {@code body} ({@code carried} carried values), which
     * carries the array as its input {@code result} in a trailing update that {@link #of} proved (the row loop in the
     * outer body, or the element loop in the row loop's body), can be computed again in the loop's reversal from
     * the array the reversal carries (the class comment): the array input is a parameter of the body; the loop
     * counts from {@code k + 1}; the input's cone holds no region, no carried array but that parameter, and reads
     * that parameter only as entries or slices of row k or entries of column k (k: the node the loop counts from,
     * less one). Anything else is kept as the loop starts ({@link HandedLoops#keptInputs}).
     */
    static boolean cleanInput(Graph body, int carried, Node loop, int result, int q) {
        While w = (While) loop.op();
        While.Counted counted = w.counted();
        int u = loop.input(result);
        if (counted == null || counted.step() != 1 || body.params().indexOf(u) < 0) {
            return false;
        }
        int k = EliminationRows.plusOne(body, loop.input(counted.counter()));
        if (k < 0) {
            return false;
        }
        boolean[] cone = InputCone.below(body, loop.input(q));
        for (Node n : body.nodes()) {
            if (!cone[n.id()]) {
                continue;
            }
            int p = body.params().indexOf(n.id());
            if (n.op() instanceof dev.gradc.ir.Region
                    || p >= 0 && p < carried && n.id() != u && !KeptRegions.scalar(body.type(n.id()))) {
                return false;
            }
            if (n.inputs().contains(u) && !rowOrColumn(n, u, Set.of(k))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the loop's result {@code result} is read by nothing but the results of {@code body}, once. */
    private static boolean onlyResult(Graph body, Node loop, int result) {
        Map<Integer, Integer> users = EliminationRows.users(body);
        for (Node n : body.nodes()) {
            if (n.op() instanceof Proj p && n.input(0) == loop.id() && p.index() == result) {
                return users.getOrDefault(n.id(), 0) == 1 && body.results().contains(n.id());
            }
        }
        return false;
    }

    /** Whether the row loop's body runs the element loop on the array and otherwise reads row k or column k. */
    private static boolean rowLoop(While w, Node loop, While.Counted counted, int result, int k) {
        Graph ib = w.body();
        int u = ib.params().get(result);
        int i = ib.params().get(counted.counter());
        if (new Counters(ib, w.carried()).constantStep(counted.counter()) != 1
                || EliminationRows.uses(w.condition(), result) || ib.results().contains(u)) {
            return false;
        }
        Set<Integer> ks = EliminationRows.passed(loop, w, Set.of(k));
        Node proj = ib.node(ib.result(result));
        if (!(proj.op() instanceof Proj p) || !(ib.node(proj.input(0)).op() instanceof While inner)
                || EliminationRows.users(ib).getOrDefault(proj.id(), 0) != 1) {
            return false;
        }
        Node elements = ib.node(proj.input(0));
        int q = p.index();
        if (q >= inner.carried() || elements.input(q) != u || elements.inputs().indexOf(u) != q
                || elements.inputs().lastIndexOf(u) != q) {
            return false;
        }
        for (Node n : ib.nodes()) {
            if (n.id() == elements.id() || !n.inputs().contains(u)) {
                continue;
            }
            if (!rowOrColumn(n, u, ks)) {
                return false;
            }
        }
        return elementLoop(ib, elements, inner, q, i, ks);
    }

    /** Whether n reads array u at row k (an entry or the row) or at an entry of column k ({@code ks}: k's ids). */
    private static boolean rowOrColumn(Node n, int u, Set<Integer> ks) {
        return n.op() instanceof Index x && n.input(0) == u && n.inputs().lastIndexOf(u) == 0
                && (ks.contains(n.input(1)) || x.count() == 2 && ks.contains(n.input(2)));
    }

    /**
     * Whether element loop {@code node} (op w, carrying the array at q) counts up by one from k + 1 and only
     * writes {@code U[i, j] = U[i, j] ± e} ({@code i}: the row loop's counter, {@code ibKs}: its ids of k).
     */
    private static boolean elementLoop(Graph ib, Node node, While w, int q, int i, Set<Integer> ibKs) {
        While.Counted c = w.counted();
        Set<Integer> rows = EliminationRows.passed(node, w, Set.of(i));
        Set<Integer> ks = EliminationRows.passed(node, w, ibKs);
        if (c == null || c.step() != 1 || rows.isEmpty() || ks.isEmpty()) {
            return false;
        }
        int k = EliminationRows.plusOne(ib, node.input(c.counter()));
        Graph jb = w.body();
        if (!ibKs.contains(k) || new Counters(jb, w.carried()).constantStep(c.counter()) != 1
                || EliminationRows.uses(w.condition(), q)) {
            return false;
        }
        int u = jb.params().get(q);
        int j = jb.params().get(c.counter());
        Node write = jb.node(jb.result(q));
        Map<Integer, Integer> users = EliminationRows.users(jb);
        if (jb.results().contains(u) || !(write.op() instanceof Update up) || up.count() != 2 || write.input(0) != u
                || write.inputs().lastIndexOf(u) != 0 || !rows.contains(write.input(2)) || write.input(3) != j
                || users.getOrDefault(write.id(), 0) != 1) {
            return false;
        }
        for (Node n : jb.nodes()) {
            if (n.id() == write.id() || !n.inputs().contains(u)) {
                continue;
            }
            if (rowOrColumn(n, u, ks)) {
                continue; // row k or column k: no trip of the loop writes them
            }
            if (n.op() instanceof Index x && x.count() == 2 && n.input(0) == u && n.inputs().lastIndexOf(u) == 0
                    && rows.contains(n.input(1)) && n.input(2) == j && users.getOrDefault(n.id(), 0) == 1
                    && EliminationRows.linear(jb, write, n.id())) {
                continue; // the old entry, an operand of + or -
            }
            return false;
        }
        return true;
    }
}
