package dev.gradc.passes;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.AddAt;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Index;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Proj;
import dev.gradc.ops.While;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which forward loop an adjoint loop can run inside, and what each of the adjoint loop's carried values is there
 * ({@link FusedAdjointLoops} has the conditions and why they make the fused loop exact).
 *
 * @param forward the forward loop's node
 * @param adjoint the adjoint loop's node
 * @param kinds per carried value of the adjoint loop: {@link #TRIPS}, {@link #PASSED}, {@link #COUNTER} or
 *     {@link #ACCUMULATOR}
 * @param stepped per carried value of kind {@link #COUNTER}, the forward loop's carried value it steps back
 * @param accumulators the adjoint loop's accumulators, in order
 * @param store per accumulator, whether its one add per trip is a store (it starts at zeros)
 * @param foreign the adjoint loop's inputs that are not the forward loop's results (none depends on them)
 */
record FusedAdjointPlan(int forward, int adjoint, int[] kinds, int[] stepped, List<Integer> accumulators,
        boolean[] store, List<Integer> foreign) {

    static final int TRIPS = 0;
    static final int PASSED = 1;
    static final int COUNTER = 2;
    static final int ACCUMULATOR = 3;

    /** The plan of adjoint loop n fused into the forward loop it reverses, or null when that is not exact. */
    static FusedAdjointPlan of(Graph g, Node n, List<List<Integer>> users) {
        While w2 = (While) n.op();
        While.Counted c2 = While.Counted.of(w2.condition(), w2.body(), w2.carried());
        if (w2.checkpoint() != null || c2 == null || c2.step() != -1 || !c2.literalBound() || c2.toValue() != 0) {
            return null;
        }
        Node tripsIn = g.node(n.input(c2.counter()));
        if (!(tripsIn.op() instanceof Proj trips) || !(g.node(tripsIn.input(0)).op() instanceof While w1)) {
            return null;
        }
        Node loop = g.node(tripsIn.input(0));
        While.Counted c1 = While.Counted.of(w1.condition(), w1.body(), w1.carried());
        if (w1.checkpoint() != null || c1 == null || !(g.node(loop.input(trips.index())).op() instanceof IntConstant z)
                || z.value() != 0 || step(w1.body(), trips.index()) != 1 || !onlyProjections(g, n, users)) {
            return null;
        }
        return kinds(g, loop, n, c1, c2);
    }

    private static boolean onlyProjections(Graph g, Node n, List<List<Integer>> users) {
        for (int u : users.get(n.id())) {
            if (!(g.node(u).op() instanceof Proj)) {
                return false;
            }
        }
        return true;
    }

    private static FusedAdjointPlan kinds(Graph g, Node loop, Node n, While.Counted c1, While.Counted c2) {
        While w1 = (While) loop.op();
        While w2 = (While) n.op();
        Graph body = w2.body();
        boolean[] dep = dependsOn(g, loop.id(), n.id());
        int[] kinds = new int[w2.carried()];
        int[] stepped = new int[w2.carried()];
        Arrays.fill(stepped, -1);
        List<Integer> foreign = new ArrayList<>();
        List<Integer> accumulators = new ArrayList<>();
        Set<Integer> at = new HashSet<>(); // the adjoint body's forward counter at the trip's start
        for (int i = 0; i < n.inputs().size(); i++) {
            Node in = g.node(n.input(i));
            if (i == c2.counter()) {
                kinds[i] = TRIPS;
            } else if (i < w2.carried() && in.op() instanceof Proj p && in.input(0) == loop.id()) {
                int k = step(w1.body(), p.index());
                if (k == 0 || step(body, i) != -k) {
                    return null;
                }
                kinds[i] = COUNTER;
                stepped[i] = p.index();
                if (p.index() == c1.counter()) {
                    at.add(body.result(i));
                }
            } else if (dep[in.id()]) {
                return null; // reads the forward loop's results: a kept value, a final state, or an adjoint of them
            } else {
                foreign.add(in.id());
                if (i < w2.carried()) {
                    boolean passed = body.result(i) == body.params().get(i);
                    kinds[i] = passed ? PASSED : ACCUMULATOR;
                    if (!passed) {
                        accumulators.add(i);
                    }
                }
            }
        }
        if (!tripsOnlyStep(body, c2.counter())) {
            return null;
        }
        boolean[] store = new boolean[accumulators.size()];
        if (!body(g, w1, c1, w2, kinds, at, accumulators, store, n)) {
            return null;
        }
        return new FusedAdjointPlan(loop.id(), n.id(), kinds, stepped, accumulators, store, foreign);
    }

    /**
     * Whether the adjoint body runs only what a fused trip may: harmless arithmetic, reads at the counter of
     * arrays as long as one the forward trip reads there, and one chain of adds at the counter per accumulator,
     * read by nothing else. Fills {@code store}.
     */
    private static boolean body(Graph g, While w1, While.Counted c1, While w2, int[] kinds, Set<Integer> at,
            List<Integer> accumulators, boolean[] store, Node n) {
        Graph body = w2.body();
        List<List<Integer>> users = FusedAdjointLoops.users(body);
        Set<Dim> lengths = readAtCounter(w1.body(), c1.counter());
        Set<Integer> chains = new HashSet<>();
        for (int a = 0; a < accumulators.size(); a++) {
            int i = accumulators.get(a);
            int length = chain(body, users, i, chains);
            if (length <= 0) {
                return false;
            }
            store[a] = length == 1 && FusedAdjointLoops.zeros(g, n.input(i));
        }
        for (Node node : body.nodes()) {
            if (node.op() instanceof Index read) {
                int array = body.params().indexOf(node.input(0));
                if (read.count() != 1 || array < 0 || array < w2.carried() && kinds[array] != PASSED
                        || !at.contains(node.input(1))
                        || !lengths.contains(FusedAdjointLoops.length(body.type(node.input(0))))) {
                    return false;
                }
            } else if (node.op() instanceof AddAt) {
                if (!chains.contains(node.id()) || !at.contains(node.input(2))
                        || !lengths.contains(FusedAdjointLoops.length(node.type()))) {
                    return false;
                }
            } else if (!FusedAdjointLoops.harmless(node)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The length of accumulator i's chain of {@code add_at(1)} from its parameter to its next value, each link
     * read by the next only (the parameter by the first, the last by the results once); 0 when it is no such chain.
     */
    private static int chain(Graph body, List<List<Integer>> users, int i, Set<Integer> chains) {
        int param = body.params().get(i);
        int id = body.result(i);
        int length = 0;
        int reader = -1;
        while (id != param) {
            Node link = body.node(id);
            if (!(link.op() instanceof AddAt add) || add.count() != 1 || !onlyReader(users, id, reader, body)) {
                return 0;
            }
            chains.add(id);
            length++;
            reader = id;
            id = link.input(0);
        }
        return onlyReader(users, param, reader, body) ? length : 0;
    }

    /** Whether node id is read by {@code reader} alone (when -1: by nothing in the body, once among the results). */
    private static boolean onlyReader(List<List<Integer>> users, int id, int reader, Graph body) {
        List<Integer> u = users.get(id);
        if (reader >= 0) {
            return u.size() == 1 && u.get(0) == reader && !body.results().contains(id);
        }
        return u.isEmpty() && body.results().indexOf(id) == body.results().lastIndexOf(id);
    }

    /** The lengths of the rank-1 arrays the forward body reads at its counter at its top level. */
    private static Set<Dim> readAtCounter(Graph body, int counter) {
        Set<Dim> lengths = new HashSet<>();
        int param = body.params().get(counter);
        for (Node node : body.nodes()) {
            if (node.op() instanceof Index read && read.count() == 1 && node.input(1) == param) {
                Dim d = FusedAdjointLoops.length(body.type(node.input(0)));
                if (d != null) {
                    lengths.add(d);
                }
            }
        }
        return lengths;
    }

    /** Whether the adjoint's trip count is read by nothing but its own step. */
    private static boolean tripsOnlyStep(Graph body, int counter) {
        int param = body.params().get(counter);
        for (Node node : body.nodes()) {
            if (node.inputs().contains(param) && node.id() != body.result(counter)) {
                return false;
            }
        }
        int count = 0;
        for (int res : body.results()) {
            count += res == body.result(counter) ? 1 : 0;
        }
        return count == 1;
    }

    /** The constant k of a carried int whose next value is itself + k (or - k); 0 when it is not one. */
    static int step(Graph body, int j) {
        Node next = body.node(body.result(j));
        int param = body.params().get(j);
        if (next.inputs().size() != 2) {
            return 0;
        }
        Node a = body.node(next.input(0));
        Node b = body.node(next.input(1));
        if (next.op() == Binary.ADD && next.input(0) == param && b.op() instanceof IntConstant k) {
            return k.value();
        } else if (next.op() == Binary.ADD && next.input(1) == param && a.op() instanceof IntConstant k) {
            return k.value();
        } else if (next.op() == Binary.SUB && next.input(0) == param && b.op() instanceof IntConstant k) {
            return -k.value();
        }
        return 0;
    }

    /** Which nodes of g up to {@code last} depend on node {@code from}. */
    private static boolean[] dependsOn(Graph g, int from, int last) {
        boolean[] dep = new boolean[g.size()];
        dep[from] = true;
        for (int id = from + 1; id <= last; id++) {
            for (int in : g.node(id).inputs()) {
                dep[id] |= dep[in];
            }
        }
        return dep;
    }

    /** The nodes the foreign inputs read, themselves included, in graph order (none depends on the forward loop). */
    List<Integer> foreignCone(Graph g) {
        TreeSet<Integer> cone = new TreeSet<>();
        ArrayDeque<Integer> work = new ArrayDeque<>(foreign);
        while (!work.isEmpty()) {
            int id = work.pop();
            if (cone.add(id)) {
                work.addAll(g.node(id).inputs());
            }
        }
        return new ArrayList<>(cone);
    }

    /** The position of the adjoint loop's carried value i among the accumulators. */
    int accumulator(int i) {
        return accumulators.indexOf(i);
    }
}
