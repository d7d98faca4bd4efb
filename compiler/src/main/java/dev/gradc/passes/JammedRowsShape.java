package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Region;
import dev.gradc.ops.AddAt;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Index;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Logic;
import dev.gradc.ops.Proj;
import dev.gradc.ops.While;
import java.util.Arrays;
import java.util.List;

/**
 * The shape {@link JammedRows} jams, checked point by point as its class comment states it: loop {@code w} (node
 * {@code n}) whose body holds element loop {@code element} (node id in the body) and, per carried value of w,
 * {@code slot[q]}: the input of the element loop it is, when it is a column array, else -1.
 */
record JammedRowsShape(Node n, While w, Node element, While inner, int[] slot) {

    /** The shape of loop n, or null when the class comment's points do not all hold. */
    static JammedRowsShape of(Node n, While w) {
        While.Counted c = w.counted();
        if (n.role() != Node.Role.ADJOINT || w.checkpoint() != null || c == null || c.step() != -1
                || !c.literalBound() || c.toValue() != 0) {
            return null;
        }
        Graph body = w.body();
        Node element = null;
        for (Node x : body.nodes()) {
            if (x.op() instanceof Region) {
                if (element != null || !(x.op() instanceof While)) {
                    return null;
                }
                element = x;
            }
        }
        if (element == null) {
            return null;
        }
        While inner = (While) element.op();
        While.Counted ic = inner.counted();
        int[] column = new int[1];
        int jx = columnCounter(body, element, inner, column);
        // both trips' element loops count alike: the same trip count, the same columns (the second point)
        if (inner.checkpoint() != null || ic == null || jx < 0 || !sameInTrips(body, w, element.input(jx))
                || !sameInTrips(body, w, element.input(ic.counter()))
                || ic.inputBound() && !sameInTrips(body, w, element.input(ic.toInput()))) {
            return null;
        }
        for (Node x : inner.body().nodes()) {
            if (x.op() instanceof Region) {
                return null;
            }
        }
        int[] users = users(body);
        int[] slot = new int[w.carried()];
        Arrays.fill(slot, -1);
        boolean any = false;
        for (int q = 0; q < w.carried(); q++) {
            int p = body.params().get(q);
            int x = element.inputs().indexOf(p);
            if (x >= 0 && x < inner.carried() && users[p] == 1 && element.inputs().lastIndexOf(p) == x
                    && columnArray(body, element, inner, x, q, users)) {
                slot[q] = x;
                any = true;
            }
        }
        if (!any) {
            return null;
        }
        JammedRowsShape shape = new JammedRowsShape(n, w, element, inner, slot);
        // what the second trip reads before its element loop, and the element loop's inputs, known before it
        for (Node x : body.nodes()) {
            if (x.id() > element.id()) {
                break;
            }
            for (int i = 0; i < x.inputs().size(); i++) {
                int in = x.input(i);
                int q = body.params().indexOf(in);
                if (q < 0 || q >= w.carried()) {
                    continue;
                }
                if (x == element && slot[q] == i) {
                    continue; // the column array, chained from the first trip's element loop
                }
                if (slot[q] >= 0 || shape.known(body.result(q)) < 0) {
                    return null;
                }
            }
        }
        return shape;
    }

    /**
     * The node of the body (a parameter or a node before the element loop) whose value {@code id} has in every trip
     * before the element loop runs, or -1: a node before it, a carried value the element loop passes through
     * unchanged, or {@code (p && a) || (p && b)} with a such a value equal to p.
     */
    int known(int id) {
        Graph body = w.body();
        Node x = body.node(id);
        if (id < element.id()) {
            return id;
        }
        if (x.op() instanceof Proj p && x.input(0) == element.id() && p.index() < inner.carried()
                && passes(inner, p.index())) {
            return known(element.input(p.index()));
        }
        if (x.op() == Logic.OR) {
            Node a = body.node(x.input(0));
            Node b = body.node(x.input(1));
            if (a.op() == Logic.AND && b.op() == Logic.AND && a.input(0) == b.input(0)) {
                int p = known(a.input(0));
                return p >= 0 && known(a.input(1)) == p ? p : -1;
            }
        }
        return -1;
    }

    /** Whether the element loop's body gives back carried value x unchanged. */
    static boolean passes(While inner, int x) {
        Graph b = inner.body();
        return b.result(x) == b.params().get(x);
    }

    /**
     * Whether carried value x of the element loop steps by a constant ({@code x ± c}, c an int literal), or passes
     * through unchanged: two trips starting it from the same node have it equal on every pass.
     */
    static boolean counts(While inner, int x) {
        Graph b = inner.body();
        Node next = b.node(b.result(x));
        int p = b.params().get(x);
        if (passes(inner, x)) {
            return true;
        }
        return (next.op() == Binary.ADD || next.op() == Binary.SUB) && next.input(0) == p
                && b.node(next.input(1)).op() instanceof IntConstant;
    }

    /**
     * The element loop's column counter: the carried value j stepping up by one ({@code j + 1}) whose input is
     * {@code k + 1}; gives its position, and {@code k} (the loop body's node) in {@code column[0]}; -1 when none.
     */
    private static int columnCounter(Graph body, Node element, While inner, int[] column) {
        Graph eb = inner.body();
        for (int x = 0; x < inner.carried(); x++) {
            Node next = eb.node(eb.result(x));
            int p = eb.params().get(x);
            if (next.op() != Binary.ADD || !plusOne(eb, next, p)) {
                continue;
            }
            Node start = body.node(element.input(x));
            if (start.op() == Binary.ADD && (isOne(body, start.input(1)) || isOne(body, start.input(0)))) {
                column[0] = isOne(body, start.input(1)) ? start.input(0) : start.input(1);
                return x;
            }
        }
        return -1;
    }

    private static boolean plusOne(Graph g, Node add, int p) {
        return add.input(0) == p && isOne(g, add.input(1)) || add.input(1) == p && isOne(g, add.input(0));
    }

    private static boolean isOne(Graph g, int id) {
        return g.node(id).op() instanceof IntConstant k && k.value() == 1;
    }

    /**
     * Whether carried array q of the loop (the element loop's input x) is a column array: in the element loop's
     * body touched only at column j by one chain of adds ending in its result x and reads of the chain; after the
     * element loop, one chain of adds at column k from its result x to the loop body's result q, read by nothing
     * else.
     */
    private static boolean columnArray(Graph body, Node element, While inner, int x, int q, int[] users) {
        int[] column = new int[1];
        int jx = columnCounter(body, element, inner, column);
        if (jx < 0) {
            return false;
        }
        Graph eb = inner.body();
        int j = eb.params().get(jx);
        if (!chain(eb, eb.params().get(x), eb.result(x), j, users(eb), true)
                || eb.results().indexOf(eb.result(x)) != x || eb.results().lastIndexOf(eb.result(x)) != x) {
            return false;
        }
        int start = -1;
        for (Node u : body.nodes()) {
            if (u.op() instanceof Proj p && u.input(0) == element.id() && p.index() == x) {
                if (start >= 0) {
                    return false;
                }
                start = u.id();
            }
        }
        int end = body.result(q);
        if (start < 0 || body.results().indexOf(end) != q || body.results().lastIndexOf(end) != q) {
            return false;
        }
        return chain(body, start, end, column[0], users, false);
    }

    /**
     * Whether the nodes from {@code from} to {@code to} are one chain of {@code add_at(a, v, r, col)}, each read
     * by the next alone (or, {@code reads}: also by {@code index(a, r, col)}), neither v nor r reading the chain,
     * and {@code to} read by nothing in the graph but as its result.
     */
    private static boolean chain(Graph g, int from, int to, int col, int[] users, boolean reads) {
        int at = from;
        boolean[] onChain = new boolean[g.size()];
        onChain[from] = true;
        while (true) {
            int next = -1;
            int readers = 0;
            for (Node u : g.nodes()) {
                if (!u.inputs().contains(at)) {
                    continue;
                }
                readers++;
                if (u.op() instanceof AddAt a && a.count() == 2 && u.input(0) == at && u.inputs().lastIndexOf(at) == 0
                        && u.input(3) == col && next < 0) {
                    next = u.id();
                } else if (!(reads && u.op() instanceof Index ix && ix.count() == 2 && u.input(0) == at
                        && u.inputs().lastIndexOf(at) == 0 && u.input(2) == col)) {
                    return false;
                }
            }
            if (at == to) {
                return readers == 0;
            }
            if (next < 0) {
                return false;
            }
            at = next;
            onChain[at] = true;
            if (List.of(g.node(at).input(1), g.node(at).input(2)).stream().anyMatch(i -> onChain[i])) {
                return false;
            }
        }
    }

    /** Whether node id of the loop body reads no carried value of w: the same value in every trip. */
    private static boolean sameInTrips(Graph body, While w, int id) {
        boolean[] cone = InputCone.below(body, id);
        for (int q = 0; q < w.carried(); q++) {
            if (cone[body.params().get(q)]) {
                return false;
            }
        }
        return true;
    }

    /** Per node of g, how many inputs of nodes of g read it (results not counted). */
    static int[] users(Graph g) {
        int[] users = new int[g.size()];
        for (Node n : g.nodes()) {
            for (int i : n.inputs()) {
                users[i]++;
            }
        }
        return users;
    }
}
