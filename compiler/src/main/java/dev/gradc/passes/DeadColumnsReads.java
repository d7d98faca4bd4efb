package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Index;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Proj;
import dev.gradc.ops.SizeOf;
import dev.gradc.ops.Update;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The index facts {@link DeadColumns} needs of a matrix read after its elimination: that every read is of an
 * entry {@code U[r, c]} with c &ge; r (on or right of the diagonal), and that every row a swap in the trip writes
 * is k or below it.
 *
 * <p>The facts are lower bounds {@code x >= s} between integer values. A value is named (a {@link Sym}) by what it
 * provably equals: a literal, a size, {@code a + b}, {@code a - b} or {@code a * b} of named values, and a region's
 * parameter that is an input passed unchanged (a cond's inputs, a loop's invariant inputs) by its input's name; any
 * other value by its node, local to the graph (the scope) that holds it, which names one value per run of that
 * graph. Bounds, each a set of names s with x &ge; s:
 * <ul>
 *   <li>x &ge; x; {@code x + c} and {@code c + x} (c a literal &ge; 0) have x's bounds, and a literal bound v of x
 *       gives v + c (ints wrap as Java's: a sum past 2^31 - 1 is negative, no row or column, and a read at it
 *       fails; the bounds assume no value is then stepped back up to a row, which takes 2^31 more additions);</li>
 *   <li>a loop's carried value in its body: the bounds s of its initial value (names of the loop's scope or an
 *       outer one, fixed while the loop runs) that the body's next value has too, assuming them for every carried
 *       value at once: the greatest such sets, found by dropping bounds until none is dropped (by induction over
 *       the trips, each holds at every trip); the loop's result has the same bounds (it is the initial value or the
 *       last trip's next value);</li>
 *   <li>a cond's result: the bounds both branches' results have, of names outside the branches.</li>
 * </ul>
 * So in {@code for j in i+1..N { .. U[i, j] .. }} j &ge; i, and in a pivot search {@code p = k; for i in k+1..N {
 * if (..) { p = i; } }} p &ge; k after the loop.
 */
final class DeadColumnsReads {

    /**
     * A value's name: {@code key} says what it equals ({@code c:5}, {@code s:N}, {@code (add a b)}, {@code n3:7} for
     * node 7 of scope 3); {@code scope} the innermost scope a node name in it belongs to (-1: none).
     */
    private record Sym(String key, int scope) {

        Long constant() {
            return key.startsWith("c:") ? Long.valueOf(key.substring(2)) : null;
        }
    }

    /** One graph analysed: each node's name and bounds, and the scopes of its regions' graphs. */
    private static final class Scope {
        final Graph g;
        final int uid;
        final Sym[] sym;
        final List<Set<Sym>> lower = new ArrayList<>();
        final Map<Integer, List<Scope>> regions = new HashMap<>();

        Scope(Graph g, int uid) {
            this.g = g;
            this.uid = uid;
            this.sym = new Sym[g.size()];
        }
    }

    private int scopes;

    private DeadColumnsReads() {
    }

    /**
     * Whether every read of carried value u of loop node {@code outer} of g after the loop (its projections that
     * {@code used} marks) is of an entry on or right of the diagonal: {@code U[r, c]} with c &ge; r provable, in g
     * or in loops (not carrying it) and branches it is passed into; not returned, not read as a row, a slice, a
     * whole or by a call.
     */
    static boolean readsOnlyUpper(Graph g, Node outer, int u, boolean[] used) {
        if (g.results().contains(outer.id())) {
            return false;
        }
        DeadColumnsReads r = new DeadColumnsReads();
        Scope s = null;
        for (Node n : g.nodes()) {
            if (!n.inputs().contains(outer.id())) {
                continue;
            }
            if (!(n.op() instanceof Proj p)) {
                return false;
            }
            if (p.index() == u && used[n.id()]) {
                s = s == null ? r.analyse(g, null, null) : s;
                if (!readsUpper(s, n.id())) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Whether every row the outer trip's body writes of its array (parameter {@code array}) other than by the row
     * loop is at or below row k ({@code k}: the counter's parameter): the row swaps, in the body or its branches.
     */
    static boolean swapsAtOrBelowK(Graph body, int array, int k) {
        Scope s = new DeadColumnsReads().analyse(body, null, null);
        return rowsFromK(s, new HashSet<>(Set.of(array)), s.sym[k]);
    }

    private static boolean rowsFromK(Scope s, Set<Integer> states, Sym k) {
        Map<Integer, Set<Integer>> condStates = new HashMap<>();
        for (Node n : s.g.nodes()) {
            if (n.op() instanceof Proj p && condStates.getOrDefault(n.input(0), Set.of()).contains(p.index())) {
                states.add(n.id());
            } else if (n.op() instanceof Update w && w.count() == 1 && states.contains(n.input(0))) {
                if (!s.lower.get(n.input(2)).contains(k)) {
                    return false; // a row that may be above k
                }
                states.add(n.id());
            } else if (n.op() instanceof Cond c) {
                Set<Integer> out = new HashSet<>();
                for (int b = 0; b < 2; b++) {
                    Scope inner = s.regions.get(n.id()).get(b);
                    Set<Integer> innerStates = new HashSet<>();
                    for (int q = 1; q < n.inputs().size(); q++) {
                        if (states.contains(n.input(q))) {
                            innerStates.add(inner.g.params().get(q - 1));
                        }
                    }
                    if (!innerStates.isEmpty() && !rowsFromK(inner, innerStates, k)) {
                        return false;
                    }
                    for (int r = 0; r < inner.g.results().size(); r++) {
                        if (innerStates.contains(inner.g.result(r))) {
                            out.add(r);
                        }
                    }
                }
                condStates.put(n.id(), out);
            }
        }
        return true;
    }

    /** Whether every use of node {@code array} in scope s is a read of an entry on or right of the diagonal. */
    private static boolean readsUpper(Scope s, int array) {
        if (s.g.results().contains(array)) {
            return false;
        }
        for (Node n : s.g.nodes()) {
            if (!n.inputs().contains(array)) {
                continue;
            }
            if (n.op() instanceof Index x) {
                if (x.count() != 2 || n.input(0) != array || n.inputs().lastIndexOf(array) != 0
                        || !atLeast(s, n.input(2), n.input(1))) {
                    return false;
                }
            } else if (n.op() instanceof While w) {
                for (int q = 0; q < n.inputs().size(); q++) {
                    if (n.input(q) != array) {
                        continue;
                    }
                    if (q < w.carried()) {
                        return false; // carried: the loop may write it, or return it
                    }
                    for (Scope inner : s.regions.get(n.id())) {
                        if (!readsUpper(inner, inner.g.params().get(q))) {
                            return false;
                        }
                    }
                }
            } else if (n.op() instanceof Cond) {
                for (int q = 1; q < n.inputs().size(); q++) {
                    if (n.input(q) != array) {
                        continue;
                    }
                    for (Scope inner : s.regions.get(n.id())) {
                        if (!readsUpper(inner, inner.g.params().get(q - 1))) {
                            return false;
                        }
                    }
                }
            } else {
                return false;
            }
        }
        return true;
    }

    /** Whether c &ge; r provably, both nodes of scope s. */
    private static boolean atLeast(Scope s, int c, int r) {
        Sym low = s.sym[r];
        Set<Sym> bounds = s.lower.get(c);
        if (bounds.contains(low)) {
            return true;
        }
        Long v = low.constant();
        if (v != null) {
            for (Sym b : bounds) {
                if (b.constant() != null && b.constant() >= v) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Graph g analysed: {@code paramSym} and {@code paramLower} (null: none) the names and bounds its parameters
     * have from outside, per position (a null name: the parameter is named by its node).
     */
    private Scope analyse(Graph g, Sym[] paramSym, List<Set<Sym>> paramLower) {
        Scope s = new Scope(g, scopes++);
        for (Node n : g.nodes()) {
            int id = n.id();
            Sym local = new Sym("n" + s.uid + ":" + id, s.uid);
            Sym name = local;
            Set<Sym> lower = new HashSet<>();
            int q = g.params().indexOf(id);
            if (q >= 0) {
                if (paramSym != null && paramSym[q] != null) {
                    name = paramSym[q];
                }
                if (paramLower != null) {
                    lower.addAll(paramLower.get(q));
                }
            } else if (n.op() instanceof IntConstant c) {
                name = new Sym("c:" + c.value(), -1);
            } else if (n.op() instanceof SizeOf z) {
                name = new Sym("s:" + z.size(), -1);
            } else if ((n.op() == Binary.ADD || n.op() == Binary.SUB || n.op() == Binary.MUL)
                    && n.type().equals(Type.INT)) {
                name = sum(s, n);
                for (int side = 0; side < 2 && n.op() == Binary.ADD; side++) {
                    Long c = s.sym[n.input(side)].constant();
                    if (c != null && c >= 0) {
                        for (Sym b : s.lower.get(n.input(1 - side))) {
                            lower.add(b);
                            if (b.constant() != null) {
                                lower.add(new Sym("c:" + (b.constant() + c), -1));
                            }
                        }
                    }
                }
            } else if (n.op() instanceof While w) {
                loop(s, n, w);
            } else if (n.op() instanceof Cond c) {
                List<Scope> branches = new ArrayList<>();
                for (Graph b : c.graphs()) {
                    branches.add(analyse(b, passed(s, n, 1, b.params().size()), passedLower(s, n, 1,
                            b.params().size())));
                }
                s.regions.put(id, branches);
            } else if (n.op() instanceof Proj p) {
                lower.addAll(projected(s, g.node(n.input(0)), p.index()));
            }
            lower.add(name);
            s.sym[id] = name;
            s.lower.add(lower);
        }
        return s;
    }

    /** The name of int node n, {@code a + b}, {@code a - b} or {@code a * b} ({@code +} and {@code *} commute). */
    private static Sym sum(Scope s, Node n) {
        Sym a = s.sym[n.input(0)];
        Sym b = s.sym[n.input(1)];
        if (n.op() != Binary.SUB && a.key().compareTo(b.key()) > 0) {
            Sym t = a;
            a = b;
            b = t;
        }
        return new Sym("(" + n.op() + " " + a.key() + " " + b.key() + ")", Math.max(a.scope(), b.scope()));
    }

    /** The bounds of result q of region node r in s: of names outside the region. */
    private static Set<Sym> projected(Scope s, Node r, int q) {
        List<Scope> inner = s.regions.get(r.id());
        if (inner == null) {
            return Set.of(); // another region (a derivative's boundary): no bounds
        }
        Set<Sym> out = null;
        if (r.op() instanceof While w) {
            Scope body = inner.get(1);
            return q < w.carried() ? outer(body.lower.get(body.g.params().get(q)), body.uid) : Set.of();
        }
        for (Scope b : inner) {
            Set<Sym> here = outer(b.lower.get(b.g.result(q)), b.uid);
            if (out == null) {
                out = here;
            } else {
                out.retainAll(here);
            }
        }
        return out == null ? Set.of() : out;
    }

    /** The names of {@code syms} that belong to no scope from {@code uid} on (the region's and those inside it). */
    private static Set<Sym> outer(Set<Sym> syms, int uid) {
        Set<Sym> out = new HashSet<>();
        for (Sym x : syms) {
            if (x.scope() < uid) {
                out.add(x);
            }
        }
        return out;
    }

    /** Loop node n (op w) of s analysed: its carried values' bounds, the greatest sets the body keeps. */
    private void loop(Scope s, Node n, While w) {
        int params = w.body().params().size();
        List<Set<Sym>> lower = passedLower(s, n, 0, params);
        Sym[] names = passed(s, n, 0, params);
        for (int q = 0; q < w.carried(); q++) {
            names[q] = null;
            if (!s.g.type(n.input(q)).equals(Type.INT)) {
                lower.set(q, new HashSet<>());
            }
        }
        while (true) {
            Scope body = analyse(w.body(), names, lower);
            boolean dropped = false;
            for (int q = 0; q < w.carried(); q++) {
                dropped |= lower.get(q).retainAll(body.lower.get(body.g.result(q)));
            }
            if (!dropped) {
                s.regions.put(n.id(), List.of(analyse(w.condition(), names, lower), body));
                return;
            }
        }
    }

    /** The names of region node n's inputs from {@code from} on, for the region's {@code count} parameters. */
    private static Sym[] passed(Scope s, Node n, int from, int count) {
        Sym[] out = new Sym[count];
        for (int q = 0; q < count; q++) {
            out[q] = s.sym[n.input(q + from)];
        }
        return out;
    }

    private static List<Set<Sym>> passedLower(Scope s, Node n, int from, int count) {
        List<Set<Sym>> out = new ArrayList<>();
        for (int q = 0; q < count; q++) {
            out.add(new HashSet<>(s.lower.get(n.input(q + from))));
        }
        return out;
    }
}
