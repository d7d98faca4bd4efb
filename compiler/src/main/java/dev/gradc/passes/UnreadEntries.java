package dev.gradc.passes;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.AddAt;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Index;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Rows;
import dev.gradc.ops.RowsAddAt;
import dev.gradc.ops.RowsUpdate;
import dev.gradc.ops.Update;
import java.util.List;

/**
 * Whether a loop's chain of writes to a carried array ({@link Journal}) overwrites only entries that no trip
 * reads again, so that its adjoint loop may read the loop's final array instead of restoring the state before
 * each trip — and the forward loop keeps nothing for it. That holds when a counter {@code i} steps by a constant
 * {@code k} each trip, every write of the chain covers entries {@code i + w} along the first axis (w in a
 * constant range), and every read of the array in the body (an element or a slice of the state before the trip
 * or after its writes) covers entries {@code i + r} that lie on the other side of every later write: for
 * {@code k > 0}, {@code r < w} when it reads the state before the trip ({@code r < w + k} after it), and the
 * mirror image for {@code k < 0}. Then no trip that runs at or after the read writes what it read, so the final
 * array holds the value the read saw — {@code z[i] = z[i-1] * a + x[i]} keeps no value at all.
 */
final class UnreadEntries {

    private final Graph body;
    private final int counter;
    private final long step;

    private UnreadEntries(Graph body, int counter, long step) {
        this.body = body;
        this.counter = counter;
        this.step = step;
    }

    /**
     * Whether the writes of {@code chain} (first to last, from carried parameter {@code j}) overwrite only entries
     * no later read needs, for some counter of the loop.
     */
    static boolean of(Graph body, int carried, int j, List<Node> chain) {
        Counters counters = new Counters(body, carried);
        for (int c = 0; c < carried; c++) {
            long k = counters.constantStep(c);
            if (k != 0 && new UnreadEntries(body, body.params().get(c), k).holds(j, chain)) {
                return true;
            }
        }
        return false;
    }

    private boolean holds(int j, List<Node> chain) {
        long[][] writes = new long[chain.size()][];
        for (int t = 0; t < chain.size(); t++) {
            writes[t] = entries(chain.get(t), 2);
            if (writes[t] == null) {
                return false;
            }
        }
        int before = body.params().get(j);
        int after = chain.get(chain.size() - 1).id();
        for (int r = 0; r < body.results().size(); r++) {
            int res = body.result(r);
            if (r != j && (res == before || chain.stream().anyMatch(w -> w.id() == res))) {
                return false; // the array is also another carried value's next value
            }
        }
        boolean[] used = body.used();
        for (Node u : body.nodes()) {
            if (!used[u.id()] && (u.op() instanceof Index || u.op() instanceof Rows)) {
                continue; // a read whose value nothing uses (kept for its bounds check)
            }
            for (int q = 0; q < u.inputs().size(); q++) {
                int in = u.input(q);
                int link = chain.indexOf(u);
                if (link >= 0 && q == 0 && in == (link == 0 ? before : chain.get(link - 1).id())) {
                    continue; // the chain itself
                }
                boolean isBefore = in == before;
                if (!isBefore && in != after && !chain.stream().anyMatch(w -> w.id() == in)) {
                    continue;
                }
                if ((!isBefore && in != after) || q != 0 || !readsClear(u, writes, isBefore ? 0 : 1)) {
                    return false; // a read between two writes, a whole-array use, or an entry a later write changes
                }
            }
        }
        return true;
    }

    /** Whether read u's entries lie beyond every write of a trip {@code d} or more trips after the read's. */
    private boolean readsClear(Node u, long[][] writes, int d) {
        if (!(u.op() instanceof Index) && !(u.op() instanceof Rows)) {
            return false;
        }
        long[] read = entries(u, 1);
        if (read == null) {
            return false;
        }
        for (long[] w : writes) {
            boolean clear = step > 0 ? read[1] < w[0] + step * d : read[0] > w[1] + step * d;
            if (!clear) {
                return false;
            }
        }
        return true;
    }

    /**
     * The entries along the first axis that op u covers, relative to the counter, as {@code {first, last}}: its
     * first index (input {@code at}) is the counter plus a constant and its length along that axis is constant;
     * null otherwise.
     */
    private long[] entries(Node u, int at) {
        if (u.inputs().size() <= at) {
            return null;
        }
        Object op = u.op();
        long length;
        if (op instanceof Update x && x.count() >= 1 || op instanceof AddAt a && a.count() >= 1
                || op instanceof Index i && i.count() >= 1) {
            length = 1;
        } else if (op instanceof RowsUpdate || op instanceof RowsAddAt) {
            length = constantLength(((Type.Real) body.type(u.input(1))).shape().dim(0));
        } else if (op instanceof Rows r) {
            length = constantLength(r.length());
        } else {
            return null;
        }
        Long offset = offset(u.input(at));
        return offset == null || length <= 0 ? null : new long[] {offset, offset + length - 1};
    }

    private static long constantLength(Dim d) {
        return d.terms().isEmpty() ? d.constant() : -1;
    }

    /** The constant c when node id is the counter plus c ({@code i}, {@code i - 1}, {@code 2 + i}), else null. */
    private Long offset(int id) {
        long c = 0;
        for (int depth = 0; depth < 16; depth++) {
            if (id == counter) {
                return c;
            }
            Node n = body.node(id);
            if (!(n.op() instanceof Binary b) || b != Binary.ADD && b != Binary.SUB) {
                return null;
            }
            if (body.node(n.input(1)).op() instanceof IntConstant k) {
                c += b == Binary.ADD ? k.value() : -(long) k.value();
                id = n.input(0);
            } else if (b == Binary.ADD && body.node(n.input(0)).op() instanceof IntConstant k) {
                c += k.value();
                id = n.input(1);
            } else {
                return null;
            }
        }
        return null;
    }
}
