package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.AddAt;
import dev.gradc.ops.Column;
import dev.gradc.ops.ColumnAddAt;
import dev.gradc.ops.ColumnUpdate;
import dev.gradc.ops.Index;
import dev.gradc.ops.Rows;
import dev.gradc.ops.RowsAddAt;
import dev.gradc.ops.RowsUpdate;
import dev.gradc.ops.Rules;
import dev.gradc.ops.Update;
import java.util.ArrayList;
import java.util.List;

/**
 * The writes a {@link Journal} is made of: which ops write entries of an array in place, the entries each
 * overwrites (read before it, to be kept), and the op that writes them back.
 */
final class JournalWrites {

    private JournalWrites() {
    }

    /** Whether n writes entries of its first input: a write a chain may consist of. */
    static boolean isWrite(Node n) {
        return n.op() instanceof Update || n.op() instanceof AddAt || n.op() instanceof RowsUpdate
                || n.op() instanceof RowsAddAt || isColumn(n) || isBlock(n) || isIntWrite(n);
    }

    /** Whether n writes entries of an int array: {@code idx[k] = v}, {@code m[a:b] = w}, {@code m[:, j] = v}. */
    static boolean isIntWrite(Node n) {
        return n.op() instanceof dev.gradc.ops.IntUpdate || n.op() instanceof dev.gradc.ops.IntColumn c && c.write();
    }

    /** The entries write n of {@code graph} overwrites, read before it. */
    static int old(Rules bg, Graph graph, Node n, int[] map) {
        List<Integer> in = new ArrayList<>();
        in.add(map[n.input(0)]);
        for (int k = 2; k < n.inputs().size(); k++) {
            in.add(map[n.input(k)]);
        }
        if (isRows(n)) {
            return bg.apply(new Rows(((Type.Real) graph.type(n.input(1))).shape().dim(0)), in);
        }
        if (isColumn(n)) {
            return bg.apply(new Column(), in);
        }
        if (isBlock(n)) {
            return bg.apply(dev.gradc.ops.Block.of(graph.type(n.input(1))), in);
        }
        if (n.op() instanceof dev.gradc.ops.IntUpdate u) {
            return bg.apply(u.length() == null ? new dev.gradc.ops.IntIndex(u.count()) : new dev.gradc.ops.IntRows(u.length()), in);
        }
        if (isIntWrite(n)) {
            return bg.apply(new dev.gradc.ops.IntColumn(false), in);
        }
        return bg.apply(new Index(n.inputs().size() - 2), in);
    }

    private static boolean isRows(Node n) {
        return n.op() instanceof RowsUpdate || n.op() instanceof RowsAddAt;
    }

    private static boolean isBlock(Node n) {
        return n.op() instanceof dev.gradc.ops.BlockUpdate || n.op() instanceof dev.gradc.ops.BlockAddAt;
    }

    private static boolean isColumn(Node n) {
        return n.op() instanceof ColumnUpdate || n.op() instanceof ColumnAddAt;
    }

    /** The op that writes back the entries write n overwrote: the same kind of write. */
    static dev.gradc.ops.Overwriting writeBack(Node n) {
        if (isIntWrite(n)) {
            return (dev.gradc.ops.Overwriting) n.op(); // an int write has no += form: the same write
        }
        return isRows(n) ? new RowsUpdate() : isColumn(n) ? new ColumnUpdate()
                : isBlock(n) ? new dev.gradc.ops.BlockUpdate() : new Update(n.inputs().size() - 2);
    }
}
