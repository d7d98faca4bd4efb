package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Proj;
import dev.gradc.ops.While;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.HashMap;
import java.util.Map;

/**
 * Which of a loop's carried arrays may outlive it, result by result, for {@link Plan}'s escape check: a trip's
 * result j may be the array of carried value k only when, in the body, result j is reached from parameter k back
 * through ops that give something holding an array (an array, a tuple, a stack; never a scalar) and may keep the
 * array of the input they are reached through ({@link Plan#keeps}: not an op that only reads it, such as the
 * {@code zeros_like} an adjoint starts from or a product, nor the value a write copies in), and the loop's
 * result j may be input k's when j is k (no trip) or reached from k over a chain of trips. So a carried
 * array escapes with the loop only when one of the results that may be it does, or when something other than a
 * projection of one result keeps the loop's value. A checkpointed loop (its snapshots, its schedule) is not
 * followed result by result: any escaping result makes every carried array escape, as before.
 */
final class LoopAliases {

    private final Graph g;
    /** Per tracked loop: the results that escape. */
    private final Map<Integer, BitSet> parts = new HashMap<>();
    /** Per tracked loop asked about: {@link #sources}. */
    private final Map<Integer, BitSet[]> sources = new HashMap<>();
    /** Loops (any node) kept other than through a projection of one result. */
    private final BitSet whole = new BitSet();

    LoopAliases(Graph g) {
        this.g = g;
    }

    /** Whether node id is a loop followed result by result (not checkpointed). */
    boolean tracks(int id) {
        return g.node(id).op() instanceof While w && w.checkpoint() == null;
    }

    /** Node id's value escapes other than through one result's projection. */
    void escapesWhole(int id) {
        whole.set(id);
    }

    /**
     * Records that u, a projection of tracked loop {@code in}, escapes when {@code through}; true when u is such a
     * projection (the loop's escape is then its result's, not the whole loop's).
     */
    boolean part(Node u, int in, boolean through) {
        if (!(u.op() instanceof Proj p) || !tracks(in)) {
            return false;
        }
        if (through) {
            parts.computeIfAbsent(in, x -> new BitSet()).set(p.index());
        }
        return true;
    }

    /** Whether carried value k of tracked loop id may outlive it: a result that may be its array escapes. */
    boolean escapes(int id, int k) {
        if (whole.get(id)) {
            return true;
        }
        BitSet escaping = parts.get(id);
        return escaping != null && results(id, k).intersects(escaping);
    }

    /**
     * The results of loop id that may be the array of its carried input k: after no trip result k is input k;
     * each trip may hand the array of carried value m on to every result reached from parameter m, so those
     * reached from k over any trips. Every result of a loop not followed result by result ({@link #tracks}).
     */
    BitSet results(int id, int k) {
        While w = (While) g.node(id).op();
        BitSet may = new BitSet();
        if (!tracks(id)) {
            may.set(0, w.carried());
            return may;
        }
        BitSet[] from = sources.computeIfAbsent(id, x -> sources(w));
        ArrayDeque<Integer> work = new ArrayDeque<>();
        may.set(k);
        work.push(k);
        while (!work.isEmpty()) {
            int m = work.pop();
            for (int j = 0; j < from.length; j++) {
                if (!may.get(j) && from[j].get(m)) {
                    may.set(j);
                    work.push(j);
                }
            }
        }
        return may;
    }

    /** Per result j of w's body: the carried parameters whose arrays it may be (reached back from it). */
    private static BitSet[] sources(While w) {
        Graph body = w.body();
        BitSet[] from = new BitSet[w.carried()];
        for (int j = 0; j < from.length; j++) {
            from[j] = new BitSet();
            BitSet seen = new BitSet();
            ArrayDeque<Integer> work = new ArrayDeque<>();
            work.push(body.results().get(j));
            while (!work.isEmpty()) {
                int id = work.pop();
                if (seen.get(id)) {
                    continue;
                }
                seen.set(id);
                int k = body.params().indexOf(id);
                if (k >= 0) {
                    from[j].set(k);
                    continue;
                }
                Node u = body.node(id);
                for (int q = 0; q < u.inputs().size(); q++) {
                    int in = u.inputs().get(q);
                    if (holdsArray(body.type(in)) && !seen.get(in) && Plan.keeps(body, u, q)) {
                        work.push(in);
                    }
                }
            }
        }
        return from;
    }

    private static boolean holdsArray(Type t) {
        return !(t instanceof Type.Int) && !JavaTypes.isScalarReal(t) && !(t instanceof Type.Bool b && b.isScalar());
    }
}
