package dev.gradc.passes;

import dev.gradc.diag.Span;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Node;
import dev.gradc.ir.Op;
import dev.gradc.ir.Region;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.Index;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Proj;
import dev.gradc.ops.Rules;
import dev.gradc.ops.SizeOf;
import dev.gradc.ops.Update;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An elimination's whole-row updates trimmed to the columns read again: in trip {@code k} of a loop whose counter
 * k steps up, the row loop
 * <pre>for i in k+1..N { m = U[i, k] / U[k, k]; U[i, :] = U[i, :] - m * U[k, :]; }</pre>
 * becomes
 * <pre>for i in k+1..N { m = U[i, k] / U[k, k]; for j in k+1..C { U[i, j] = U[i, j] - m * U[k, j]; } }</pre>
 * (C the column count), the very graph the element-write form lowers to, so every proof made for that form
 * ({@link TrailingUpdates}, {@link HandedLoops}, the emitter's held rows) applies. The entries of the row store
 * in columns &le; k are residues nothing reads again. The pass runs on every function's graph as it leaves the
 * front end ({@code Gradc.frontEnd}), before the interpreter, the tape, the emitter and every derivative pass
 * see it.
 *
 * <p>Why that is exact. Say a stage of the program demands column c of an array when some value the program
 * returns depends on an entry of column c of that array at that stage. The loop's array is not read after the
 * loop, so nothing is demanded of the last trip's result. Take trip k and suppose later trips demand of its
 * result only columns &ge; k + 1 (true for the last trip). The trip's reads of the array other than the row loop
 * are entries of column k (the pivot search, {@code d = d * U[k, k]}) or whole rows moved by a row swap: a move
 * keeps every entry in its column, so these stages demand of their input the columns demanded of their output
 * plus column k. The row loop counts i up by one from k + 1, so its trips touch distinct rows i &gt; k and row k
 * is never written; trip i reads, before its store, row i and row k (the store's operands, elementwise, so column
 * c of the store reads only column c) and entries of column k (the multiplier), all of the state in which row i
 * is not yet written by this row loop. Its store is therefore the last touch of row i in the row loop, and the
 * entries it writes in columns &le; k are demanded by nothing after it (the row loop's result is only the trip's
 * result). Trimming them changes no value the program returns, bit for bit; and the trip demands of its input
 * columns &ge; k + 1 plus column k, that is columns &ge; k, which is the induction hypothesis for trip k - 1
 * (whose counter is smaller: any positive step). In the trimmed loop the element loop reads {@code U[i, j]} and
 * {@code U[k, j]} of the array it carries, whose row i is written only at columns &lt; j and whose row k not at
 * all: the values the row store read.
 *
 * <p>Reads after the loop on or right of the diagonal. When the loop's array is read after the loop, but only as
 * entries {@code U[r, c]} with c &ge; r ({@link DeadColumnsReads} proves it), the induction runs on entries: let
 * S_k = {(r, c): c &le; k, c &lt; r}, and suppose nothing demands of trip k's result an entry in S_k (true of the
 * last trip, whatever its k, as every read after the loop has c &ge; r). The row loop's trimmed entries (rows i &gt;
 * k, columns &le; k) are in S_k: demanded by nothing. Its other entries read (i, c) and (k, c) with c &ge; k + 1, and
 * (i, k), (k, k): none in S_(k-1). Rows it does not write keep their entries, and S_(k-1) is within S_k. The pivot
 * search and {@code d = d * U[k, k]} read column k, not in S_(k-1). A row swap of row k with row p &ge; k (every
 * swapped row at or below k: {@link DeadColumnsReads#swapsAtOrBelowK}) moves (p, c) to (k, c) and back: an entry
 * of row k or p outside S_(k-1) has c &ge; k (c &ge; k, or c &ge; its row &ge; k), so it came from an entry outside
 * S_(k-1) too. So trip k demands nothing in S_(k-1) of its input, which holds S_k' for every earlier trip k' (any
 * positive step). Without the swap condition the proof fails: a swap of row k with a row above it moves row k's
 * residues left of column k onto or right of that row's diagonal.
 *
 * <p>Derivatives. The trimmed entries' adjoints are zero (nothing demanded reads them), so the adjoint of the
 * multiplier loses only terms {@code 0 * U[k, c]}: the same bits, except where such an entry is infinite or NaN,
 * where the untrimmed gradient has NaN and the trimmed one the finite value (docs/language.md).
 *
 * <p>What is checked, as the proof needs it (anything else: the loop stays as written):
 * <ul>
 *   <li>the outer loop carries a matrix that its condition does not read and that nothing reads after the loop
 *       (its projection unused), or that is read after it only as entries on or right of the diagonal, every
 *       row a swap in the trip writes then at or below k ({@link DeadColumnsReads});</li>
 *   <li>the outer body's next array is the result of a row loop (nothing else reads it), counted up by one from
 *       {@code k + 1}, k a counter of the outer loop that steps up ({@link EliminationRows#outerCounter}), its
 *       condition not reading the array;</li>
 *   <li>the rest of the outer trip reads the array only as entries of column k or as rows a row swap moves, in
 *       the body or a cond's branch ({@link EliminationRows#clean}), and no other next value is the array;</li>
 *   <li>the row loop's body writes the array once, {@code U[i, :] = e} (i its counter), its result the body's
 *       next array and nothing else's; e is built by {@code + - *}, {@code /} by a scalar and negation from rows
 *       {@code U[i, :]} and {@code U[k, :]} of the body's array and real scalars, each row value read by e
 *       alone; the body's other reads of the array are entries {@code U[i, k]} or {@code U[k, k]};</li>
 *   <li>the column count is a size or a literal (the element loop's bound).</li>
 * </ul>
 */
public final class DeadColumns {

    private DeadColumns() {
    }

    /** g with every row store the proof above covers trimmed, in g and its regions; g itself when there is none. */
    public static Graph apply(Graph g) {
        return rewrite(g, new IdentityHashMap<>());
    }

    private static Graph rewrite(Graph g, Map<Graph, Graph> done) {
        Graph known = done.get(g);
        if (known != null) {
            return known;
        }
        Op[] ops = new Op[g.size()];
        boolean changed = false;
        boolean[] used = null;
        for (Node n : g.nodes()) {
            Op op = n.op();
            if (op instanceof Region r) {
                boolean same = true;
                for (Graph inner : r.graphs()) {
                    same &= rewrite(inner, done) == inner;
                }
                if (!same) {
                    op = Rebuild.regions(op, inner -> rewrite(inner, done));
                }
            }
            if (op instanceof While w) {
                used = used == null ? g.used() : used;
                While t = trimmed(g, n, w, used);
                op = t != null ? t : op;
            }
            ops[n.id()] = op;
            changed |= op != n.op();
        }
        Graph out = g;
        if (changed) {
            out = Rebuild.map(g, (r, n, in) -> ops[n.id()] == n.op() ? Rebuild.copy(r, n, in)
                    : Rebuild.copy(r, n, ops[n.id()], in));
        }
        done.put(g, out);
        return out;
    }

    /** Loop w (node outer of g) with its row store trimmed, or null when the proof does not hold for it. */
    private static While trimmed(Graph g, Node outer, While w, boolean[] used) {
        Graph body = w.body();
        for (int u = 0; u < w.carried(); u++) {
            if (!(body.type(body.params().get(u)) instanceof Type.Real rt) || rt.shape().rank() != 2
                    || EliminationRows.uses(w.condition(), u)) {
                continue;
            }
            boolean upperRead = readAfter(g, outer, u, used);
            if (upperRead && !DeadColumnsReads.readsOnlyUpper(g, outer, u, used)) {
                continue;
            }
            Node proj = body.node(body.result(u));
            if (!(proj.op() instanceof Proj p) || !(body.node(proj.input(0)).op() instanceof While rw)
                    || EliminationRows.users(body).getOrDefault(proj.id(), 0) != 1) {
                continue;
            }
            Node loop = body.node(proj.input(0));
            Graph rowBody = rowBody(body, w.carried(), u, loop, rw, p.index(), rt.shape());
            if (rowBody != null && upperRead && !DeadColumnsReads.swapsAtOrBelowK(body, body.params().get(u),
                    EliminationRows.outerCounter(body, w.carried(), loop.input(rw.counted().counter())))) {
                continue; // a swap with a row above k could move a trimmed entry right of the diagonal
            }
            if (rowBody != null) {
                Node row = loop;
                Graph next = Rebuild.map(body, (r, n, in) -> n.id() == row.id()
                        ? Rebuild.copy(r, n, rw.with(rw.condition(), rowBody), in) : Rebuild.copy(r, n, in));
                return w.with(w.condition(), next);
            }
        }
        return null;
    }

    /** Whether g reads carried value u of loop node outer after the loop (any use but an unused projection). */
    private static boolean readAfter(Graph g, Node outer, int u, boolean[] used) {
        if (g.results().contains(outer.id())) {
            return true;
        }
        for (Node n : g.nodes()) {
            if (n.inputs().contains(outer.id())
                    && (!(n.op() instanceof Proj p) || p.index() == u && used[n.id()])) {
                return true;
            }
        }
        return false;
    }

    /**
     * The row loop's body with its store trimmed, or null when the proof does not hold: {@code loop} (op rw) is
     * the row loop of outer body {@code body} ({@code carried} carried values) whose result r is the body's next
     * array u, of shape {@code shape}.
     */
    private static Graph rowBody(Graph body, int carried, int u, Node loop, While rw, int r, Shape shape) {
        While.Counted counted = rw.counted();
        if (counted == null || counted.step() != 1 || r >= rw.carried() || EliminationRows.uses(rw.condition(), r)) {
            return null;
        }
        int k = EliminationRows.outerCounter(body, carried, loop.input(counted.counter()));
        if (k < 0) {
            return null;
        }
        Set<Integer> states = new HashSet<>(List.of(body.params().get(u)));
        if (!EliminationRows.clean(body, states, Set.of(k), loop, r)) {
            return null;
        }
        for (int q = 0; q < body.results().size(); q++) {
            if (q != u && (states.contains(body.result(q)) || body.result(q) == body.result(u))) {
                return null; // the array is another carried value too
            }
        }
        for (int q = 0; q < loop.inputs().size(); q++) {
            if (q != r && states.contains(loop.input(q))) {
                return null; // the row loop reads an earlier state of the array besides the one it carries
            }
        }
        Graph ib = rw.body();
        Set<Integer> ks = new TreeSet<>(EliminationRows.passed(loop, rw, Set.of(k)));
        int up = ib.params().get(r);
        int i = ib.params().get(counted.counter());
        if (ks.isEmpty() || ib.results().contains(up)
                || new Counters(ib, rw.carried()).constantStep(counted.counter()) != 1) {
            return null;
        }
        Node store = ib.node(ib.result(r));
        Map<Integer, Integer> users = EliminationRows.users(ib);
        if (!(store.op() instanceof Update s) || s.count() != 1 || store.input(0) != up || store.input(2) != i
                || store.input(1) == up || users.getOrDefault(store.id(), 0) != 1) {
            return null;
        }
        DeadColumnsRow e = new DeadColumnsRow(ib, up, i, ks, new Type.Real(Shape.of(shape.dim(1))));
        if (!e.add(store.input(1)) || !e.readOnlyByItself(users, store.id())) {
            return null;
        }
        for (Node n : ib.nodes()) {
            if (n.id() == store.id() || e.nodes.contains(n.id()) || !n.inputs().contains(up)) {
                continue;
            }
            if (!(n.op() instanceof Index x) || x.count() != 2 || n.input(0) != up || n.inputs().lastIndexOf(up) != 0
                    || n.input(1) != i && !ks.contains(n.input(1)) || !ks.contains(n.input(2))) {
                return null; // a read of another entry: it may be of a trimmed column
            }
        }
        Dim columns = shape.dim(1);
        boolean literal = columns.terms().isEmpty();
        if (!literal && (columns.constant() != 0 || columns.terms().size() != 1
                || columns.terms().values().iterator().next() != 1L)) {
            return null;
        }
        String size = literal ? null : columns.terms().keySet().iterator().next();
        return trim(ib, store, e, up, i, rw.where(), literal ? (int) columns.constant() : -1, size);
    }

    /** The row body with the store replaced by the element loop over columns k + 1 to the column count. */
    private static Graph trim(Graph ib, Node store, DeadColumnsRow e, int up, int i, String where, int cols,
                              String size) {
        GraphBuilder b = new GraphBuilder();
        Rules rules = new Rules(b);
        int[] map = Rebuild.params(ib, b);
        int k = e.ks.iterator().next();
        int[] one = {-1};
        Rebuild.nodes(ib, rules, map, (g, n, in) -> {
            if (e.nodes.contains(n.id())) {
                return -1; // the row values: read again by nothing but the element loop's entries
            }
            if (n.id() != store.id()) {
                boolean isOne = n.op() instanceof IntConstant c && c.value() == 1;
                return isOne && one[0] >= 0 ? one[0] : Rebuild.copy(g, n, in); // the counter's step: one constant
            }
            Span before = b.span();
            b.setSpan(store.span());
            one[0] = g.intConstant(1);
            int from = g.add(map[k], one[0]);
            int end = size != null ? g.apply(new SizeOf(size)) : g.intConstant(cols);
            List<Integer> inputs = new ArrayList<>(List.of(map[up], from, end, map[i]));
            if (e.rowK) {
                inputs.add(map[k]);
            }
            for (int leaf : e.scalars) {
                inputs.add(map[leaf]);
            }
            String line = where.contains(":") ? where.substring(0, where.lastIndexOf(':') + 1) + store.span().line()
                    : where;
            Graph condition = e.elementGraph(store, k, true);
            Graph body = e.elementGraph(store, k, false);
            While loop = new While(condition, body, 2, line, null, While.Counted.of(condition, body, 2));
            int node = g.region(loop, loop.resultType(), inputs);
            int next = g.proj(node, 0);
            b.label(next, store.label());
            b.label(g.proj(node, 1), "j");
            b.setSpan(before);
            return next;
        });
        List<Integer> results = new ArrayList<>();
        for (int res : ib.results()) {
            results.add(map[res]);
        }
        return b.build(results);
    }
}
