package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Compare;
import dev.gradc.ops.Index;
import dev.gradc.ops.Logic;
import dev.gradc.ops.ToReal;
import dev.gradc.ops.Unary;
import dev.gradc.ops.Update;
import dev.gradc.ops.Where;
import dev.gradc.ops.ZerosLike;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Updates of a whole line of an array by an elementwise value, {@code U[i, :] = U[i, :] - m * U[k, :]}, whose value
 * is written straight into the array at the line's offset ({@link OverwriteCode}), with no array of its own and no
 * copy — as written by hand. That is right when element j of the value reads the array only at position j of whole
 * lines at the write's number of indices ({@code U[i, :]}, {@code U[k, :]}): the loop writing entry j of line i has
 * read entry j of every line it reads, and reads no other entry of line i afterwards, so it sees the old values even
 * when the lines are the same (i = k). Any other read of the array by the value's loop — the array itself, a line at
 * more indices ({@code X[k, 0, :]} in {@code X[i, :, :] = …}), a line read through a broadcast — keeps the value's
 * own loop and array; a scalar it reads ({@code U[i, 0]}, {@code sum(U[i, :])}) is a local computed before the loop.
 */
final class LineUpdates {

    private LineUpdates() {
    }

    /**
     * Whether elementwise node {@code value}, the only user of which is {@code update}, may be computed in the loop
     * that writes it into the line {@code update} writes ({@code nodes}: the plans of the nodes before value).
     */
    static boolean fuses(GraphInfo info, Plan.NodePlan[] nodes, Node value, Node update) {
        Graph g = info.graph;
        if (!(update.op() instanceof Update u) || info.rep(update.input(1)) != value.id()) {
            return false;
        }
        int x = info.rep(update.input(0));
        if (x == value.id() || !(g.type(x) instanceof Type.Real xt) || u.count() == 0 || u.count() >= xt.shape().rank()
                || !(value.type() instanceof Type.Real)) {
            return false;
        }
        Shape line = new Shape(xt.shape().dims().subList(u.count(), xt.shape().rank()));
        if (!JavaTypes.shape(value.type()).equals(line)) {
            return false;
        }
        ArrayDeque<Node> work = new ArrayDeque<>(List.of(value));
        while (!work.isEmpty()) {
            Node c = work.pop();
            for (int in : c.inputs()) {
                int r = info.rep(in);
                Node v = g.node(r);
                if (r == x) {
                    return false;
                }
                if (nodes[r] instanceof Plan.NodePlan.Fused) {
                    work.push(v);
                } else if (!JavaTypes.isArray(v.type())) {
                    if (nodes[r] instanceof Plan.NodePlan.Inline) {
                        return false; // an expression written into the loop, which would read it after writes
                    }
                } else if (reads(info, v, x) && !(sameLine(info, v, update) && atItsElement(c, line))) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether slice {@code slice}, read last by node {@code reader}, is read there only by the value fused into
     * reader, a write of the same line's kind into slice's array (as {@link #fuses} allowed): position j of the
     * slice before entry j of the written line is written, so the write is no change of what the slice reads.
     */
    static boolean readBeforeItsWrite(GraphInfo info, Plan.NodePlan[] nodes, Node slice, Node reader) {
        return reader.op() instanceof Update && nodes[info.rep(reader.input(1))] instanceof Plan.NodePlan.Fused
                && sameLine(info, slice, reader) || copiesLine(info, reader, slice.id());
    }

    /**
     * Whether u writes slice r as a whole line of an array ({@code U[k, :] = U[p, :]}, {@code V[i, :] = U[p, :]}),
     * the value being nothing but the slice: {@link OverwriteCode} copies it with one {@code System.arraycopy} from
     * where the slice lies, which reads all of it before it writes (as through a buffer, so also when the two lines
     * are one, k = p).
     */
    static boolean copiesLine(GraphInfo info, Node u, int r) {
        if (!(u.op() instanceof Update w) || info.rep(u.input(1)) != r || info.rep(u.input(0)) == r) {
            return false;
        }
        Type x = info.graph.type(info.rep(u.input(0)));
        return x instanceof Type.Real xt && w.count() > 0 && w.count() < xt.shape().rank();
    }

    /** Whether v is a line of update's array at as many indices as update writes ({@code U[k, :]} of {@code U[i, :]}). */
    private static boolean sameLine(GraphInfo info, Node v, Node update) {
        return v.op() instanceof Index ix && update.op() instanceof Update u && ix.count() == u.count()
                && info.rep(v.input(0)) == info.rep(update.input(0));
    }

    /** Whether v reads array x directly. */
    private static boolean reads(GraphInfo info, Node v, int x) {
        for (int in : v.inputs()) {
            if (info.rep(in) == x) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether c, of the line's shape, reads each operand of that shape at its own element ({@link ElementCode}'s
     * operand), as unary, binary, comparison, logic, where and conversion ops do; a broadcast or an outer product
     * moves the index, and other ops are not claimed.
     */
    private static boolean atItsElement(Node c, Shape line) {
        Object op = c.op();
        boolean same = op instanceof Unary || op instanceof Binary || op instanceof Compare || op instanceof Logic
                || op instanceof Where || op instanceof ToReal || op instanceof ZerosLike;
        return same && JavaTypes.shape(c.type()).equals(line);
    }
}
