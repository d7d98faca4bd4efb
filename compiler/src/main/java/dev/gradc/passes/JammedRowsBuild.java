package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Compare;
import dev.gradc.ops.Param;
import dev.gradc.ops.Proj;
import dev.gradc.ops.Rules;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Builds {@link JammedRows}' loop of pairs from a {@link JammedRowsShape}: per pass, the first trip's nodes before
 * its element loop, the second trip's (reading what the first knows by then, {@link JammedRowsShape#known}), one
 * element loop doing both trips' element work per column, the first trip's tails, the second trip's. Nodes equal
 * in both trips are made once (the builder shares equal nodes).
 */
final class JammedRowsBuild {

    private final JammedRowsShape s;
    private final Graph body;
    private final GraphBuilder b = new GraphBuilder(true, null);
    private final Rules r = new Rules(b);
    /** The first trip's and the second trip's nodes, by the loop body's ids. */
    private final int[] first;
    private final int[] second;
    /** Per input of the element loop, its place among the inputs of the pass's element loop (the second trip's). */
    private int[] slots;

    private JammedRowsBuild(JammedRowsShape s) {
        this.s = s;
        this.body = s.w().body();
        this.first = Rebuild.params(body, b);
        this.second = new int[body.size()];
        Arrays.fill(second, -1);
    }

    /** The loop of pairs for shape s (over the same inputs as its loop), or null when its element loops differ. */
    static While pairs(JammedRowsShape s) {
        return new JammedRowsBuild(s).build();
    }

    private While build() {
        While w = s.w();
        int carried = w.carried();
        int e = s.element().id();
        copy(first, 0, e);
        for (int i = 0; i < body.params().size(); i++) {
            int p = body.params().get(i);
            int known = i >= carried ? p : s.slot()[i] >= 0 ? -1 : s.known(body.result(i));
            second[p] = known < 0 ? -1 : first[known];
        }
        copy(second, 0, e);
        int element = element();
        if (element < 0) {
            return null;
        }
        first[e] = element;
        copy(first, e + 1, body.size());
        for (int q = 0; q < carried; q++) {
            second[body.params().get(q)] = first[body.result(q)]; // the first trip's next values, as its tails left them
        }
        second[e] = element;
        copy(second, e + 1, body.size());
        List<Integer> results = new ArrayList<>();
        for (int q = 0; q < carried; q++) {
            results.add(second[body.result(q)]);
        }
        Graph pairBody = b.build(results);
        GraphBuilder cb = new GraphBuilder();
        Rules cr = new Rules(cb);
        cb.setRole(Node.Role.ADJOINT);
        int[] cp = Rebuild.params(w.condition(), cb);
        int trips = cp[w.condition().params().get(w.counted().counter())];
        Graph condition = cb.build(List.of(cr.compare(Compare.GT, trips, cr.intConstant(1))));
        return new While(condition, pairBody, carried, w.where(), null,
                While.Counted.of(condition, pairBody, carried));
    }

    /**
     * Copies the loop body's nodes {@code from} (inclusive) to {@code to} (exclusive) into the pass, reading {@code
     * map}; a projection of the element loop reads the element loop of both trips ({@link #slots}).
     */
    private void copy(int[] map, int from, int to) {
        int e = s.element().id();
        for (int id = from; id < to; id++) {
            Node n = body.node(id);
            if (n.op() instanceof Param) {
                continue;
            }
            b.setRole(n.role());
            if (n.op() instanceof Proj p && n.input(0) == e) {
                int q = column(p.index());
                if (map == second && q >= 0) {
                    map[id] = first[body.result(q)]; // the column array as the first trip's tails left it
                } else {
                    map[id] = r.proj(map[e], map == first ? p.index() : slots[p.index()]);
                    b.label(map[id], n.label());
                }
                continue;
            }
            List<Integer> in = new ArrayList<>();
            for (int i : n.inputs()) {
                in.add(map[i]);
            }
            map[id] = Rebuild.copy(r, n, in);
        }
    }

    /** The carried value of the loop that is the element loop's column array x, or -1. */
    private int column(int x) {
        for (int q = 0; q < s.slot().length; q++) {
            if (s.slot()[q] == x) {
                return q;
            }
        }
        return -1;
    }

    /**
     * The element loop of both trips: the first trip's carried values, then the second trip's that are not shared
     * (a column array goes on from the first trip's; a counter or an unchanged value starting from the same node
     * is the first trip's), then the invariants, each distinct node once. Null when the counters start apart.
     */
    private int element() {
        Node n = s.element();
        While inner = s.inner();
        Graph eb = inner.body();
        int k = inner.carried();
        slots = new int[n.inputs().size()];
        List<Integer> inputs = new ArrayList<>();
        List<Integer> params = new ArrayList<>(); // per place: the element body's parameter it is
        for (int x = 0; x < k; x++) {
            slots[x] = x;
            inputs.add(first[n.input(x)]);
            params.add(eb.params().get(x));
        }
        boolean[] own = new boolean[n.inputs().size()];
        for (int x = 0; x < k; x++) {
            if (column(x) >= 0) {
                continue;
            }
            if (second[n.input(x)] == first[n.input(x)] && JammedRowsShape.counts(inner, x)) {
                continue;
            }
            if (x == inner.counted().counter()) {
                return -1;
            }
            own[x] = true;
            slots[x] = inputs.size();
            inputs.add(second[n.input(x)]);
            params.add(eb.params().get(x));
        }
        int fused = inputs.size();
        List<Integer> invariants = new ArrayList<>();
        for (int x = k; x < n.inputs().size(); x++) {
            invariants.add(first[n.input(x)]);
            params.add(eb.params().get(x));
        }
        for (int x = k; x < n.inputs().size(); x++) {
            int at = invariants.indexOf(second[n.input(x)]);
            if (at < 0) {
                own[x] = true;
                at = invariants.size();
                invariants.add(second[n.input(x)]);
                params.add(eb.params().get(x));
            }
            slots[x] = fused + at;
        }
        inputs.addAll(invariants);
        // the pass's element body and condition: the first trip's element trip, then the second's
        GraphBuilder fb = new GraphBuilder(true, null);
        Rules fr = new Rules(fb);
        int[] a = new int[eb.size()];
        int[] bb = new int[eb.size()];
        int[] placed = placeParams(fb, eb, params);
        for (int x = 0; x < n.inputs().size(); x++) {
            int p = eb.params().get(x);
            a[p] = placed[x < k ? x : fused + (x - k)];
            bb[p] = column(x) >= 0 ? -1 : placed[slots[x]];
        }
        Rebuild.nodes(eb, fr, a, (g, node, in) -> Rebuild.copy(g, node, in));
        for (int x = 0; x < k; x++) {
            if (column(x) >= 0) {
                bb[eb.params().get(x)] = a[eb.result(x)];
            }
        }
        Rebuild.nodes(eb, fr, bb, (g, node, in) -> Rebuild.copy(g, node, in));
        List<Integer> results = new ArrayList<>();
        List<Type> types = new ArrayList<>();
        for (int x = 0; x < k; x++) {
            results.add(column(x) >= 0 ? bb[eb.result(x)] : a[eb.result(x)]);
            types.add(eb.type(eb.params().get(x)));
        }
        for (int x = 0; x < k; x++) {
            if (own[x]) {
                results.add(bb[eb.result(x)]);
                types.add(eb.type(eb.params().get(x)));
            }
        }
        Graph fusedBody = fb.build(results);
        GraphBuilder cb = new GraphBuilder();
        Rules cr = new Rules(cb);
        Graph ec = inner.condition();
        int[] c = new int[ec.size()];
        Arrays.fill(c, -1);
        int[] cplaced = placeParams(cb, eb, params);
        for (int x = 0; x < n.inputs().size(); x++) {
            c[ec.params().get(x)] = cplaced[x < k ? x : fused + (x - k)];
        }
        Rebuild.nodes(ec, cr, c, (g, node, in) -> Rebuild.copy(g, node, in));
        List<Integer> condResults = new ArrayList<>();
        for (int res : ec.results()) {
            condResults.add(c[res]);
        }
        Graph condition = cb.build(condResults);
        While jammed = new While(condition, fusedBody, fused, inner.where(), null,
                While.Counted.of(condition, fusedBody, fused));
        b.setRole(n.role());
        int id = r.region(jammed, new Type.Tuple(types), inputs);
        b.label(id, n.label());
        return id;
    }

    /** Makes the parameters {@code params} of eb in b, in order, each with its type, span, label and role. */
    private static int[] placeParams(GraphBuilder b, Graph eb, List<Integer> params) {
        int[] placed = new int[params.size()];
        for (int i = 0; i < params.size(); i++) {
            Node p = eb.node(params.get(i));
            b.setRole(p.role());
            placed[i] = b.addParam(new Param(i), p.type(), p.span(), p.label());
        }
        return placed;
    }
}
