package dev.gradc.engine;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.Column;
import dev.gradc.ops.Gather;
import dev.gradc.ops.Index;
import dev.gradc.ops.Overwriting;
import dev.gradc.ops.Rows;
import dev.gradc.passes.InPlaceWrites;

/**
 * How the interpreter runs the writes of a graph whose parameters it may own: which write changes its array in
 * place ({@link InPlaceWrites}), and, for a write that could not only because the array's old value is read
 * after it — an adjoint loop reads the state after the trip next to the write that restores the state before
 * it — the reads to run before the write instead (element, row, column and gathered-row reads whose indices are
 * known by then), so that the write stays in place: O(1) per element write, never a copy of the array per trip.
 * The compiled engine makes the same move ({@code emitEarly}).
 *
 * @param inPlace per node: a write that changes its first input's array
 * @param early   per node: the reads and what computes their indices (node ids, in order) to run just before this
 *                write; null for none
 * @param branches per cond node: which branch parameters its branches may write in place
 *                ({@link InPlaceWrites#ofBranches}); null for other nodes
 * @param loops per loop node: which carried inputs' arrays it takes over instead of copying
 *                ({@link InPlaceWrites#ofLoops}); null for other nodes
 * @param checksOnly per node: a write of one entry nobody reads, of which only the index checks run
 */
record InterpreterWrites(boolean[] inPlace, int[][] early, boolean[][] branches, boolean[][] loops,
                         boolean[] checksOnly) {

    static InterpreterWrites of(Graph g, boolean[] ownedParams, InPlaceWrites.Known known) {
        InPlaceWrites.Writes writes = InPlaceWrites.analyse(g, ownedParams, known);
        boolean[] inPlace = writes.inPlace();
        boolean[][] branches = writes.branches();
        boolean[][] loops = writes.loops();
        int n = g.size();
        int[][] early = new int[n][];
        boolean[] owned = new boolean[n];
        for (int k = 0; k < ownedParams.length && k < g.params().size(); k++) {
            owned[g.params().get(k)] = ownedParams[k];
        }
        boolean[] result = new boolean[n];
        for (int r : g.results()) {
            result[r] = true;
        }
        for (Node u : g.nodes()) {
            if (!(u.op() instanceof Overwriting)) {
                continue;
            }
            int x = u.input(0);
            if (!inPlace[u.id()] && owned[x] && !result[x]) {
                early[u.id()] = readsAfter(g, u, x);
                inPlace[u.id()] = early[u.id()] != null;
            }
            owned[u.id()] = true;
        }
        return new InterpreterWrites(inPlace, early, branches, loops, checksOnly(g));
    }

    /**
     * Per node: a write of one entry that nothing uses and no result is (a branch run again for what it reads,
     * whose array it no longer gives): only its index checks run, where a copy of the array would be written
     * and dropped — as the compiled code does ({@code OverwriteCode.onlyChecks}).
     */
    private static boolean[] checksOnly(Graph g) {
        boolean[] used = g.used();
        boolean[] out = new boolean[g.size()];
        for (Node u : g.nodes()) {
            int count = u.op() instanceof dev.gradc.ops.Update w ? w.count()
                    : u.op() instanceof dev.gradc.ops.AddAt w ? w.count() : -1;
            out[u.id()] = count >= 0 && !used[u.id()] && g.type(u.input(0)) instanceof dev.gradc.ir.Type.Real r
                    && count == r.shape().rank();
        }
        return out;
    }

    /**
     * The nodes to run before write u so that it may change x's array: every user of x after u must be a read
     * of entries of x (with what computes its indices, none of it after u's result or a region, a stack or a
     * write), and every user before u must make a new value of its own; null when some user keeps x.
     */
    private static int[] readsAfter(Graph g, Node u, int x) {
        java.util.TreeSet<Integer> early = new java.util.TreeSet<>();
        for (Node v : g.nodes()) {
            if (v.id() <= x || v == u || !v.inputs().contains(x)) {
                continue;
            }
            if (v.id() < u.id() ? !keepsNothingOf(v, x) : !readsOnly(v, x) || !pull(g, v.id(), u.id(), early)) {
                return null;
            }
        }
        for (int k = 1; k < u.inputs().size(); k++) {
            if (u.input(k) == x) {
                return null;
            }
        }
        return early.isEmpty() ? null : early.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Adds node {@code id} and what it needs that runs after write {@code w} to {@code early}; false when one of
     * them is the write itself or cannot run early (a region, a stack, a write, a projection).
     */
    private static boolean pull(Graph g, int id, int w, java.util.Set<Integer> early) {
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(java.util.List.of(id));
        while (!todo.isEmpty()) {
            int n = todo.pop();
            if (n < w || early.contains(n)) {
                continue;
            }
            Object op = g.node(n).op();
            if (n == w || op instanceof Overwriting || op instanceof dev.gradc.ops.While
                    || op instanceof dev.gradc.ops.Cond || op instanceof dev.gradc.ops.Push
                    || op instanceof dev.gradc.ops.Pop || op instanceof dev.gradc.ops.Proj
                    || op instanceof dev.gradc.ops.StackNew || op instanceof dev.gradc.ops.Discard) {
                return false;
            }
            early.add(n);
            todo.addAll(g.node(n).inputs());
        }
        return true;
    }

    /** Whether v, run before the write, makes a new value of its own from x (arithmetic, a sum, a read). */
    private static boolean keepsNothingOf(Node v, int x) {
        Object op = v.op();
        return op instanceof Overwriting ? v.input(0) != x
                : op instanceof Index || op instanceof Rows || op instanceof Column || op instanceof Gather
                || op instanceof dev.gradc.ops.Unary || op instanceof dev.gradc.ops.Binary
                || op instanceof dev.gradc.ops.Compare || op instanceof dev.gradc.ops.Where
                || op instanceof dev.gradc.ops.ToReal || op instanceof dev.gradc.ops.ReduceSum
                || op instanceof dev.gradc.ops.ReduceMax || op instanceof dev.gradc.ops.Matmul
                || op instanceof dev.gradc.ops.Outer;
    }

    /** Whether v reads entries of x into a new value of its own, keeping nothing of x's array. */
    private static boolean readsOnly(Node v, int x) {
        Object op = v.op();
        return (op instanceof Index || op instanceof Rows || op instanceof Column || op instanceof Gather)
                && v.input(0) == x;
    }
}
