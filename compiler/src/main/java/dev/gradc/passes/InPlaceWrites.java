package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Compare;
import dev.gradc.ops.Index;
import dev.gradc.ops.Matmul;
import dev.gradc.ops.Outer;
import dev.gradc.ops.Overwriting;
import dev.gradc.ops.ReduceMax;
import dev.gradc.ops.ReduceSum;
import dev.gradc.ops.Rows;
import dev.gradc.ops.ToReal;
import dev.gradc.ops.Unary;
import dev.gradc.ops.Where;

/**
 * Which writes ({@link Overwriting} ops) of a graph the interpreter may do in place: the array written is the
 * graph's own (a loop-carried value the loop copied on entry, or the result of an earlier write), no result is
 * it, and every other op that reads it runs before the write and makes a new value of its own (an element
 * read, arithmetic, a sum — not a push, a region or a projection, which may keep the array itself).
 */
public final class InPlaceWrites {

    private InPlaceWrites() {
    }

    /**
     * Per carried value of a loop body: whether the loop may own its array — copy it once on entry and let the
     * body's writes change it — because the body writes it and its next value is a write's result that nothing
     * else keeps (no other result is it, no op but a read uses it), so that array stays the loop's alone.
     */
    public static boolean[] ownedCarried(Graph body, int carried) {
        boolean[] out = new boolean[carried];
        boolean[] kept = new boolean[body.size()];
        int[] asResult = new int[body.size()];
        for (Node u : body.nodes()) {
            for (int in : u.inputs()) {
                kept[in] |= !(onlyReads(u.op()) || u.op() instanceof Overwriting && u.input(0) != in);
            }
        }
        for (int r : body.results()) {
            asResult[r]++;
        }
        for (Node u : body.nodes()) {
            if (u.op() instanceof Overwriting) {
                int k = body.params().indexOf(u.input(0));
                if (k >= 0 && k < carried) {
                    int r = body.result(k);
                    out[k] = body.node(r).op() instanceof Overwriting && asResult[r] == 1 && !kept[r];
                }
            }
        }
        return out;
    }

    /** Per node of g: whether it is a write that may change its first input's array. */
    public static boolean[] of(Graph g, boolean[] ownedParams) {
        int n = g.size();
        boolean[] owned = new boolean[n];
        for (int k = 0; k < ownedParams.length && k < g.params().size(); k++) {
            owned[g.params().get(k)] = ownedParams[k];
        }
        int[] lastUse = new int[n];
        boolean[] kept = new boolean[n];
        java.util.Arrays.fill(lastUse, -1);
        for (Node u : g.nodes()) {
            for (int k = 0; k < u.inputs().size(); k++) {
                int in = u.input(k);
                lastUse[in] = Math.max(lastUse[in], u.id());
                kept[in] |= !(u.op() instanceof Overwriting || onlyReads(u.op()));
            }
        }
        for (int r : g.results()) {
            lastUse[r] = Integer.MAX_VALUE;
        }
        boolean[] inPlace = new boolean[n];
        for (Node u : g.nodes()) {
            if (!(u.op() instanceof Overwriting)) {
                continue;
            }
            owned[u.id()] = true;
            int x = u.input(0);
            inPlace[u.id()] = owned[x] && lastUse[x] == u.id() && !kept[x] && writesOnce(u, x);
        }
        return inPlace;
    }

    /** Whether the write u is the only op that uses x as the array it writes (and uses x nowhere else). */
    private static boolean writesOnce(Node u, int x) {
        for (int k = 1; k < u.inputs().size(); k++) {
            if (u.input(k) == x) {
                return false;
            }
        }
        return true;
    }

    private static boolean onlyReads(Object op) {
        return op instanceof Index || op instanceof Rows || op instanceof Unary || op instanceof Binary
                || op instanceof Compare || op instanceof Where || op instanceof ToReal || op instanceof ReduceSum
                || op instanceof ReduceMax || op instanceof Matmul || op instanceof Outer
                || op instanceof dev.gradc.ops.Gather || op instanceof dev.gradc.ops.Column
                || op instanceof dev.gradc.ops.LineGather;
    }
}
