package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Overwriting;

/**
 * How a cond writes an array it is given in place through its branches, for {@link InPlaceWrites}: in each branch
 * the array's parameter is only read, or written by a chain of writes (through {@code if}s nested in the branch
 * that do the same, and inner loops that own the array), whose end is one result, the array leaving the cond as it.
 */
public final class CondWrites {

    private CondWrites() {
    }

    /**
     * Per parameter of branch b: the one result that is its array, as a loop body's result is a carried array
     * the loop owns ({@link InPlaceWrites#ownedCarried}): the parameter itself, or where it comes from through writes, conds
     * that write it and loops that own it ({@link InPlaceWrites#origin}), nothing else keeping it and the parameter not needed
     * as it was after the first change; -1 when none. A branch whose loops hand the array back restored (the
     * reversal of a journaled inner loop, {@link KeptLoop#restoring}) reads it on the way in several loops, which
     * the single chain of {@link #chainEnd} does not follow.
     */
    private static int[] ownedThrough(Graph b, InPlaceWrites.Known memo) {
        int[] known = memo.through.get(b);
        if (known != null) {
            return known;
        }
        int[] out = new int[b.params().size()];
        java.util.Arrays.fill(out, -1);
        memo.through.put(b, out); // a cond inside asks of its own branches only
        int[] asResult = InPlaceWrites.asResults(b);
        boolean[] kept = InPlaceWrites.kept(b, memo);
        for (int r = 0; r < b.results().size(); r++) {
            int id = b.result(r);
            int p = b.params().indexOf(id) >= 0 ? id : InPlaceWrites.origin(b, id, memo);
            int k = p < 0 ? -1 : b.params().indexOf(p);
            if (k < 0 || asResult[id] != 1 || kept[id] || InPlaceWrites.neededAfterChange(b, p, memo)) {
                continue;
            }
            out[k] = out[k] == -1 ? r : -2; // two results from one parameter: neither is its array alone
        }
        for (int k = 0; k < out.length; k++) {
            out[k] = Math.max(out[k], -1);
        }
        return out;
    }

    /** The input of cond node c whose array leaves it as result r, written or not ({@link #writtenThrough}); or -1. */
    static int throughInput(Node c, int r, InPlaceWrites.Known memo) {
        for (int k = 1; k < c.inputs().size(); k++) {
            if (writtenThrough(c, k, memo) == r) {
                return k;
            }
        }
        return -1;
    }

    /**
     * When u is a cond and its input k (not the predicate) is an array that may be written in place inside it:
     * the result as which that array leaves it; else -1. In each branch, the parameter of input k is only read
     * (by ops that make values of their own) or written by a chain of writes, each of whose steps is also only
     * read, whose last step (or the parameter) is that result, and no other; and no other input is the same node.
     */
    public static int writtenThrough(Node u, int k) {
        return writtenThrough(u, k, new InPlaceWrites.Known());
    }

    /** As {@link #writtenThrough(Node, int)}, with what is known of loop bodies (inner loops of the branches). */
    public static int writtenThrough(Node u, int k, InPlaceWrites.Known memo) {
        if (!(u.op() instanceof Cond c) || k < 1 || u.inputs().indexOf(u.input(k)) != k
                || u.inputs().lastIndexOf(u.input(k)) != k) {
            return -1;
        }
        int result = -1;
        for (Graph b : c.graphs()) {
            int end = chainEnd(b, b.params().get(k - 1), memo);
            int r = end < 0 ? -1 : b.results().indexOf(end);
            if (r < 0 || b.results().lastIndexOf(end) != r) {
                r = ownedThrough(b, memo)[k - 1];
            }
            if (r < 0 || result >= 0 && r != result) {
                return -1;
            }
            result = r;
        }
        return result;
    }

    /**
     * The last node of the chain of writes from node start of g, when every node of the chain is used only by
     * reads and the next write, and none but the last is a result; else -1. A step of the chain may also be a
     * cond that writes the array inside ({@link #writtenThrough}: an {@code if} nested in a branch) or a loop
     * that owns it ({@link InPlaceWrites#ownsResult}: an inner loop in a branch), the array going on as that region's part.
     */
    private static int chainEnd(Graph g, int start, InPlaceWrites.Known memo) {
        int cur = start;
        while (true) {
            int next = -1;
            for (Node u : g.nodes()) {
                for (int k = 0; k < u.inputs().size(); k++) {
                    if (u.input(k) != cur || InPlaceWrites.onlyReads(u.op())) {
                        continue;
                    }
                    int region = u.op() instanceof Overwriting ? -1 : regionStep(g, u, k, memo);
                    if (region >= 0 && next < 0) {
                        next = region;
                        continue;
                    }
                    if (!(u.op() instanceof Overwriting) || k != 0 || next >= 0 && next != u.id()
                            || u.inputs().lastIndexOf(cur) != 0) {
                        return -1;
                    }
                    next = u.id();
                }
            }
            if (next < 0) {
                return cur;
            }
            if (g.results().contains(cur)) {
                return -1;
            }
            cur = next;
        }
    }

    /**
     * When region node u of g takes its input k, no other of its inputs, and gives it back changed as one
     * part (a cond that writes it inside, a loop that owns it): the projection of that part, used alone; else -1.
     */
    private static int regionStep(Graph g, Node u, int k, InPlaceWrites.Known memo) {
        int r = u.op() instanceof Cond ? writtenThrough(u, k, memo) : InPlaceWrites.loopOwns(u, k, memo) ? k : -1;
        if (r < 0 || u.inputs().indexOf(u.input(k)) != k || u.inputs().lastIndexOf(u.input(k)) != k) {
            return -1;
        }
        int part = -1;
        for (Node v : g.nodes()) {
            if (v.op() instanceof dev.gradc.ops.Proj p && v.input(0) == u.id() && p.index() == r) {
                if (part >= 0) {
                    return -1;
                }
                part = v.id();
            }
        }
        return part;
    }
}
