package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.List;

/**
 * Two trips of an adjoint loop per pass over the columns, same bits: the reversal of an elimination's row loop
 * ({@code for i in k+1..N { m = U[i, k] / U[k, k]; for j in k+1..N { U[i, j] = U[i, j] - m * U[k, j]; } }},
 * reversed by {@link HandedLoops}) runs its trips i = N-1 down to k+1, and each runs an element loop over
 * j = k+1..N-1 that reads {@code UBar[i, j]} and {@code U[k, j]} and adds into {@code UBar[k, j]}, then the trip's
 * tails add into {@code UBar[k, k]} and {@code UBar[i, k]}. Jammed, one pass over j does trip i's and trip
 * i-1's work for the same j, in that order, then trip i's tails, then trip i-1's: row k of U and UBar is walked
 * once per two rows (issue 20: 0.905 of the determinant gradient's time in a hand-edited copy). The loop becomes
 * a loop of pairs ({@code trips > 1}, two trips per pass) followed by the loop itself, which runs the odd trip left.
 *
 * <p>What is recognised, by what the IR shows and nothing else ({@link JammedRowsShape} checks it); call the loop W,
 * its body B, the element loop in B E:
 * <ul>
 *   <li>W is an adjoint loop, not checkpointed, counted down by one to 0; B holds one region, E, counted, not
 *       checkpointed, whose body holds no region;</li>
 *   <li>a column array (the adjoint UBar): a carried array of W read in B by E alone, at one input x; in E's body
 *       it is read and written only by entries at column j — {@code index(a, r, j)} and
 *       {@code add_at(a, v, r, j)}, one chain of adds ending in E's result x — where j is a carried value of E
 *       stepping up by one from {@code k + 1}; after E, B adds into the chain's result only at column k (a chain
 *       of {@code add_at(a, v, r, k)} ending in B's result for the array) and reads it nowhere else;</li>
 *   <li>every other carried value of W that B reads before E, or that E reads, is known before the trip's E runs:
 *       B's result for it is computed before E, or is a carried value E passes through unchanged, or is
 *       {@code (p && a) || (p && b)} with a such a value equal to p (the reached flags: {@code p}).</li>
 * </ul>
 *
 * <p>Why the bits are the same. Each entry of the column array is touched (read or added into) in column j only by
 * trip j of an element loop, and in column k only by the tails; j &ge; k + 1 &gt; k. In W's order column j sees
 * trip i's element trip j, then trip i-1's element trip j, with nothing between that touches column j (trip i's
 * later element trips touch other columns, its tails column k); column k sees trip i's tails, then trip i-1's.
 * The pass does exactly that per column: so every entry sees the same operations on the same values in the same
 * order, and every floating-point addition is the one W made. The element loops of the two trips have the same
 * trip count and the same j: their counting carried values start from the same node and step alike, so they are
 * shared. Trip i-1's values before its element loop are computed from what trip i knows before its own (the third
 * point): the multiplier, the row, the reached flag ({@code p && p || p && b} is p), so they run first, and the
 * element loops carry each trip's sums ({@code mBar}) and flags ({@code mReached}) apart. An odd trip count leaves
 * one trip to W itself, after the pairs; none when even.
 *
 * <p>The iteration limit: the loop of pairs counts its passes against it, and names W's line; W counts the trip
 * left. A reversal's trip count is its forward loop's, which ran first in the same call under the same limit,
 * so neither can reach it where W did not; the element loop of a pair counts its trips as each trip's did.
 */
public final class JammedRows {

    private JammedRows() {
    }

    public static Graph apply(Graph g) {
        for (Graph next : Rebuild.distinctGraphs(g)) {
            for (Node n : next.nodes()) {
                if (candidate(next, n) != null) {
                    return new Rebuild.Shared(JammedRows::apply).apply(g);
                }
            }
        }
        return g;
    }

    /**
     * The shape of node n of g when it is a loop to jam: not one this pass made, nor the loop left after a loop of
     * pairs (a graph optimised again, as a second derivative's is, keeps its one loop of pairs).
     */
    private static JammedRowsShape candidate(Graph g, Node n) {
        if (!(n.op() instanceof While w) || w.counted() == null) {
            return null;
        }
        Node from = g.node(n.input(w.counted().counter()));
        if (from.op() instanceof dev.gradc.ops.Proj && g.node(from.input(0)).op() instanceof While p
                && p.counted() == null && pairs(p)) {
            return null;
        }
        return JammedRowsShape.of(n, w);
    }

    /** Whether loop p's condition is {@code counter > 1}, as a loop of pairs' is. */
    private static boolean pairs(While p) {
        Graph c = p.condition();
        Node test = c.node(c.result(0));
        return test.op() == dev.gradc.ops.Compare.GT && c.params().contains(test.input(0))
                && c.node(test.input(1)).op() instanceof dev.gradc.ops.IntConstant k && k.value() == 1;
    }

    private static Graph apply(Graph g, Rebuild.Shared shared) {
        return Rebuild.map(g, (r, n, in) -> {
            JammedRowsShape shape = candidate(g, n);
            While jammed = shape == null ? null : JammedRowsBuild.pairs(shape);
            if (jammed == null) {
                return Rebuild.copy(r, n, Rebuild.regions(n.op(), shared::apply), in);
            }
            While w = (While) n.op();
            int pairs = Rebuild.copy(r, n, jammed, in);
            List<Integer> rest = new ArrayList<>(in);
            for (int q = 0; q < w.carried(); q++) {
                rest.set(q, r.proj(pairs, q));
            }
            return Rebuild.copy(r, n, w, rest);
        });
    }
}
