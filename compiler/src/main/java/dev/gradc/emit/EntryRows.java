package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ir.Type;
import dev.gradc.ops.AddAt;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Index;
import dev.gradc.ops.Proj;
import dev.gradc.ops.Update;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * Which carried matrix a loop holds as one array per row because its loop nest addresses it only by rows
 * ({@link #holds}): an elimination's {@code U}, whose row updates {@code U[i, j] = U[i, j] - m * U[k, j]} then
 * read and write {@code Ur[i][j]} and {@code Ur[k][j]}, two arrays indexed by the bare loop variable, which HotSpot
 * vectorises where it leaves {@code U[i * N + j]} and {@code U[k * N + j]} of one array scalar.
 *
 * <p>The proof obligation is that the rows are the matrix's only storage while the nest runs: every node that
 * holds the matrix's value inside is one link of a single chain from the loop's parameter to its next value, each
 * link made from the one before by a write that the flat code would have done in place, so that one set of rows
 * stands for all of them. A link's other users only read it, before the write that makes the next link, and
 * read it by rows or entries: an entry {@code U[i, j]}, a whole row {@code U[k, :]} that only row stores use
 * (a copy in the language: it is copied from the rows as the flat code copies it), a cond or an inner loop that
 * only reads it (as a loop invariant) in the same way. The next link is an entry write {@code U[i, j] = e} or
 * {@code U[i, j] += e}, a row store {@code U[k, :] = v}, a cond whose two branches carry the chain through to the
 * same result (a pivot swap and the branch that does nothing), or an inner loop that carries it as a value its body
 * holds in turn. Anything else (a product, a slice across rows, a push, a call, a result read twice) and the
 * matrix stays flat. Decided on the IR, with the regions the method splits into methods of their own excluded
 * (their code reads the flat array).
 *
 * <p>The rows a loop held may outlive it, handed over to the last loop that reads its result ({@link #takes},
 * {@code RegionCode.handover}): the same chain from that loop's parameter to its result, so that there too the rows
 * are the matrix's only storage, read by entries and rows and written only by the writes above (a journal's
 * reversal undoes a pivot swap by {@link #inSwap}); nothing reads that loop's result, and the loops that read the
 * matrix before it read a flat copy joined from the rows, which nothing writes in between.
 */
final class EntryRows {

    private final BiPredicate<Region, Graph> splits;
    /** How deep in loops inside the holding loop's body the chain being followed is. */
    private int depth;
    /** Whether the chain has an entry write {@code U[i, j] = e} inside a loop of the holding loop's body. */
    private boolean loopWrite;
    /** Whether the chain has an adjoint's addition into an entry ({@link AddAt}) inside such a loop. */
    private boolean loopAdd;

    private EntryRows(BiPredicate<Region, Graph> splits) {
        this.splits = splits;
    }

    /**
     * Whether the body of loop w (not split into methods) holds its carried matrix k as rows for the loop's
     * lifetime: the chain from the body's parameter k ends at its result k, and the condition does not read it;
     * and the rows pay: an inner loop writes entries of the matrix ({@code U[i, j] = U[i, j] - m * U[k, j]}, the
     * loop HotSpot vectorises over rows and not over the flat array, or an adjoint's {@code UBar[k, j] += …}, an
     * {@link AddAt}). Measured (DeterminantRounds, JDK 17): an elimination's forward loop gains (its value
     * 0.63–0.70 of the flat code's at N = 32); its reversal, holding UBar as rows beside the U its journal hands it
     * ({@code RegionCode.handover}), swaps rows back by exchanging arrays and adds into rows: the gradient 0.94 of
     * the one that added into the flat UBar and copied three rows per swap (N = 32, interleaved, 7 December 2026;
     * 1.07 at N = 16 before, when the reversal split U for itself). A chain whose inner loops write no entry
     * stays flat; so does one that only adds, in a loop of a checkpointing schedule's sweeps (an adjoint sweep
     * over the trips past a journal), which runs no trip when the journal takes them all: its split and join would
     * be two copies of the matrix on every such call.
     */
    static boolean holds(While w, int k, BiPredicate<Region, Graph> splits) {
        EntryRows rows = new EntryRows(splits);
        return rows.holdsIn(w, k) && (rows.loopWrite || rows.loopAdd && !sweep(w));
    }

    /** Whether loop w is a checkpointing schedule's, other than a write journal's. */
    private static boolean sweep(While w) {
        return w.checkpoint() != null && w.checkpoint().note() != null
                && !w.checkpoint().note().startsWith(dev.gradc.ops.Checkpoint.JOURNAL);
    }

    /**
     * Whether loop w (not split into methods) may go on with its carried matrix k given as rows a loop before it
     * held ({@link RegionCode}'s hand-over): the chain from its body's parameter k ends at its result k, as for
     * {@link #holds}, whether or not the rows pay inside it (an elimination's reversal, which reads entries and
     * rows of U and swaps rows back, reads the rows it is given instead of a flat copy joined for it).
     */
    static boolean takes(While w, int k, BiPredicate<Region, Graph> splits) {
        return new EntryRows(splits).holdsIn(w, k);
    }

    private boolean holdsIn(While w, int k) {
        Graph body = w.body();
        if (k >= w.carried() || !isMatrix(body.type(body.params().get(k)))
                || new GraphInfo(w.condition()).uses(w.condition().params().get(k)) > 0) {
            return false;
        }
        GraphInfo info = new GraphInfo(body);
        int p = body.params().get(k);
        if (!info.emits(p) || info.uses(p) == 0) {
            return false;
        }
        int end = chain(info, p);
        return end >= 0 && resultsAt(info, end).equals(List.of(k));
    }

    /**
     * Whether the branches of cond c only read its input q (a matrix held as rows), giving none of it back: else
     * they carry it through ({@link #next}).
     */
    static boolean onlyRead(Cond c, int q) {
        EntryRows rows = new EntryRows((r, g) -> false);
        for (Graph b : c.graphs()) {
            GraphInfo bi = new GraphInfo(b);
            int p = b.params().get(q - 1);
            if (!rows.onlyReadsParam(bi, p)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether node u of info's graph (a row read {@code U[a, :]} or a row store {@code U[a, :] = v}) is part of a row
     * swap, {@code row = U[a, :]; U[a, :] = U[b, :]; U[b, :] = row;} (either store first): two row stores one after
     * the other, each storing a row of the matrix both reads read before the first store, the row at the other
     * store's index, and read by nothing else, the first store's matrix read by nothing but the second. Of a matrix
     * held as rows, such a swap is the two rows' arrays swapped ({@code Ur[a] = Ur[b]; Ur[b] = row}, no copy): the
     * rows stay the loop's own distinct arrays, since every other row store copies values into the row it writes
     * and installs no array, and the reads' arrays are read by no one after (the two rows are one array between
     * the stores, which read nothing). With a == b at run time both are the one row, and the swap leaves it.
     */
    static boolean inSwap(GraphInfo info, int u) {
        Node n = info.graph.node(u);
        if (n.op() instanceof Index ix) {
            if (ix.count() != 1 || !resultsAt(info, u).isEmpty()) {
                return false;
            }
            List<Integer> stores = users(info, u);
            return stores.size() == 1 && info.graph.node(stores.get(0)).op() instanceof Update
                    && info.rep(info.graph.node(stores.get(0)).input(1)) == u && inSwap(info, stores.get(0));
        }
        if (!(n.op() instanceof Update up) || up.count() != 1) {
            return false;
        }
        return firstOfSwap(info, u) || firstOfSwap(info, info.rep(n.input(0)));
    }

    /** Whether row store s1 is the first of a row swap ({@link #inSwap}). */
    private static boolean firstOfSwap(GraphInfo info, int s1) {
        Graph g = info.graph;
        Node n1 = g.node(s1);
        if (!info.emits(s1) || !(n1.op() instanceof Update u1) || u1.count() != 1 || !resultsAt(info, s1).isEmpty()) {
            return false;
        }
        List<Integer> after = users(info, s1);
        if (after.size() != 1) {
            return false;
        }
        int s2 = after.get(0);
        Node n2 = g.node(s2);
        if (!(n2.op() instanceof Update u2) || u2.count() != 1 || !positions(info, n2, s1).equals(List.of(0))) {
            return false;
        }
        int x = info.rep(n1.input(0));
        int v1 = info.rep(n1.input(1));
        int v2 = info.rep(n2.input(1));
        return isMatrix(g.type(x)) && v1 != v2 && storedRowOf(info, v1, x, s1) && storedRowOf(info, v2, x, s2)
                && info.rep(g.node(v1).input(1)) == info.rep(n2.input(2))
                && info.rep(g.node(v2).input(1)) == info.rep(n1.input(2));
    }

    /** Whether node v is a row of matrix x that only row store s reads, as the row it stores. */
    private static boolean storedRowOf(GraphInfo info, int v, int x, int s) {
        Node n = info.graph.node(v);
        return info.emits(v) && n.op() instanceof Index ix && ix.count() == 1 && info.rep(n.input(0)) == x
                && resultsAt(info, v).isEmpty() && users(info, v).equals(List.of(s))
                && positions(info, info.graph.node(s), v).equals(List.of(1));
    }

    private static boolean isMatrix(Type t) {
        return t instanceof Type.Real r && r.shape().rank() == 2;
    }

    /** The indices of the results of info's graph that are node x. */
    private static List<Integer> resultsAt(GraphInfo info, int x) {
        List<Integer> at = new ArrayList<>();
        for (int r = 0; r < info.graph.results().size(); r++) {
            if (info.rep(info.graph.results().get(r)) == x) {
                at.add(r);
            }
        }
        return at;
    }

    /** The emitted nodes of info's graph that read node x, in order. */
    private static List<Integer> users(GraphInfo info, int x) {
        List<Integer> users = new ArrayList<>();
        Graph g = info.graph;
        for (int id = x + 1; id < g.size(); id++) {
            if (info.emits(id) && g.node(id).inputs().stream().anyMatch(in -> info.rep(in) == x)) {
                users.add(id);
            }
        }
        return users;
    }

    /**
     * Follows the chain from node x of info's graph: the last link, or -1 when a use is not one this class allows.
     * A link that is a result of the graph is the last one (nothing may write it after).
     */
    private int chain(GraphInfo info, int x) {
        int at = x;
        while (true) {
            List<Integer> users = users(info, at);
            int modifier = -1;
            for (int u : users) {
                if (!reads(info, u, at)) {
                    if (modifier >= 0) {
                        return -1;
                    }
                    modifier = u;
                }
            }
            if (modifier < 0) {
                return at;
            }
            for (int u : users) {
                if (u > modifier) {
                    return -1; // a read after the write would read the new rows
                }
            }
            if (!resultsAt(info, at).isEmpty()) {
                return -1;
            }
            at = next(info, modifier, at);
            if (at < 0) {
                return -1;
            }
        }
    }

    /**
     * Whether a region's parameter p (a matrix held as rows outside it) is only read inside, by entries or rows:
     * emitted and {@link #readOnly}, or not emitted and read by nothing (a parameter another node stands for).
     */
    private boolean onlyReadsParam(GraphInfo bi, int p) {
        return bi.emits(p) ? readOnly(bi, p) : bi.uses(bi.rep(p)) == 0;
    }

    /** Whether node x of info's graph is only read (by entries and rows), never written, never a result. */
    private boolean readOnly(GraphInfo info, int x) {
        if (!resultsAt(info, x).isEmpty()) {
            return false;
        }
        for (int u : users(info, x)) {
            if (!reads(info, u, x)) {
                return false;
            }
        }
        return true;
    }

    /** The positions at which node u's inputs are x. */
    private static List<Integer> positions(GraphInfo info, Node u, int x) {
        List<Integer> at = new ArrayList<>();
        for (int q = 0; q < u.inputs().size(); q++) {
            if (info.rep(u.input(q)) == x) {
                at.add(q);
            }
        }
        return at;
    }

    /** Whether user u of matrix x only reads it, by entries or rows (see the class comment). */
    private boolean reads(GraphInfo info, int u, int x) {
        Graph g = info.graph;
        Node n = g.node(u);
        List<Integer> at = positions(info, n, x);
        if (n.op() instanceof Index ix) {
            if (!at.equals(List.of(0))) {
                return false;
            }
            return ix.count() == 2 || ix.count() == 1 && storedRow(info, u);
        }
        if (n.op() instanceof Cond c) {
            if (at.contains(0) || splits.test(c, c.then()) || splits.test(c, c.otherwise())) {
                return false;
            }
            for (int q : at) {
                for (Graph b : c.graphs()) {
                    GraphInfo bi = new GraphInfo(b);
                    int p = b.params().get(q - 1);
                    if (!onlyReadsParam(bi, p)) {
                        return false;
                    }
                }
            }
            return true;
        }
        if (n.op() instanceof While w) {
            if (splits.test(w, w.body())) {
                return false;
            }
            for (int q : at) {
                GraphInfo bi = new GraphInfo(w.body());
                int p = w.body().params().get(q);
                if (q < w.carried() || new GraphInfo(w.condition()).uses(w.condition().params().get(q)) > 0
                        || !onlyReadsParam(bi, p)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /**
     * Whether row read u (a copy of one row) is used only as the row that row stores {@code y[i, :] = u} write:
     * copied from the rows into the stored row, where the flat code copies it from the flat array.
     */
    private static boolean storedRow(GraphInfo info, int u) {
        Graph g = info.graph;
        if (!resultsAt(info, u).isEmpty()) {
            return false;
        }
        for (int v : users(info, u)) {
            Node w = g.node(v);
            if (!(w.op() instanceof Update up) || up.count() != 1 || !positions(info, w, u).equals(List.of(1))) {
                return false;
            }
        }
        return true;
    }

    /** The next link of the chain that modifier u makes of link x, or -1 when u is no write this class allows. */
    private int next(GraphInfo info, int u, int x) {
        Graph g = info.graph;
        Node n = g.node(u);
        List<Integer> at = positions(info, n, x);
        if (n.op() instanceof Update up) {
            loopWrite |= up.count() == 2 && depth > 0;
            return at.equals(List.of(0)) && (up.count() == 2 || up.count() == 1) ? u : -1;
        }
        if (n.op() instanceof AddAt a) {
            loopAdd |= a.count() == 2 && depth > 0;
            return at.equals(List.of(0)) && a.count() == 2 ? u : -1;
        }
        if (n.op() instanceof Cond c) {
            if (at.size() != 1 || at.get(0) == 0 || splits.test(c, c.then()) || splits.test(c, c.otherwise())) {
                return -1;
            }
            int result = -1;
            for (Graph b : c.graphs()) {
                GraphInfo bi = new GraphInfo(b);
                int p = bi.rep(b.params().get(at.get(0) - 1));
                int end = chain(bi, p);
                List<Integer> rs = end < 0 ? List.of() : resultsAt(bi, end);
                if (rs.size() != 1 || result >= 0 && rs.get(0) != result) {
                    return -1;
                }
                result = rs.get(0);
            }
            return part(info, u, result);
        }
        if (n.op() instanceof While w) {
            if (at.size() != 1 || at.get(0) >= w.carried() || splits.test(w, w.body())) {
                return -1;
            }
            int q = at.get(0);
            depth++;
            boolean holds = holdsIn(w, q);
            depth--;
            if (!holds) {
                return -1;
            }
            return part(info, u, q);
        }
        return -1;
    }

    /**
     * The one projection of part r of region u, or -1 (none, or several): the chain's next link. A region whose
     * part nothing reads ends the chain at a node no one reads.
     */
    private static int part(GraphInfo info, int u, int r) {
        Graph g = info.graph;
        int found = -1;
        for (int id = u + 1; id < g.size(); id++) {
            Node v = g.node(id);
            if (info.emits(id) && v.op() instanceof Proj p && p.index() == r && info.rep(v.input(0)) == u) {
                if (found >= 0) {
                    return -1;
                }
                found = id;
            }
        }
        return found;
    }
}
