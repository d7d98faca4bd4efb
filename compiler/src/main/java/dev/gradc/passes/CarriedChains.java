package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.AddAt;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Index;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Proj;
import dev.gradc.ops.Rules;
import dev.gradc.ops.Update;
import dev.gradc.ops.While;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An accumulator's chain from trip to trip carried in a scalar instead of through its array: the adjoint loop of
 * {@code z[i] = z[i-1] * a + x[i]} reads {@code zBar[i]} and adds {@code a * zBar[i]} into {@code zBar[i-1]}, which
 * the next (reversed) trip reads; so each trip waits for the last one's store. Rewritten, the trip reads
 * {@code zBar[i] + zBarCarry}, the amount the last trip added there, carried as a scalar started at -0.0 (x + -0.0
 * is x bit for bit, -0 included), and hands its own add on in {@code zBarCarry}; after the loop, when it ran a
 * trip, the last amount is added where the last trip added it. Every entry gets the same sums in the same order as
 * before, so the results are equal bit for bit. Applied in the {@link Optimizer} after {@link FusedAdjointLoops},
 * to every graph and region graph.
 *
 * <p>Strict about when that holds ({@link Chain#of}). The loop is counted. A carried int {@code k} steps by
 * exactly one ({@code k + 1} or {@code k - 1}); a carried real vector {@code A} is read in the trip once, at
 * {@code k + a} (offsets of int constants), its next value is {@code add_at} into it at {@code k + a + step} (the
 * index the next trip reads) of a scalar, on {@code A} itself or on a store into it at {@code k + a}; and it is read
 * nowhere else in the trip, not by the condition, and its next value by nothing but the next trip. Each entry is
 * then read by one trip only, after exactly one add from the trip before, which is what the carried scalar adds.
 * A trip that had no store at its index stores the sum it read there, so the array ends as it did. An index out of
 * range throws one trip later (at the next trip's read or after the loop), never for the adjoint of a read the
 * forward trip made.
 */
public final class CarriedChains {

    private CarriedChains() {
    }

    /** g with every such chain carried in a scalar; g itself when there is none. */
    public static Graph apply(Graph g) {
        for (Graph next : Rebuild.distinctGraphs(g)) {
            for (Node n : next.nodes()) {
                if (n.op() instanceof While w && !Chain.of(w).isEmpty()) {
                    return new Rebuild.Shared(CarriedChains::apply).apply(g);
                }
            }
        }
        return g;
    }

    /**
     * One chain of a loop: the carried array {@code carried}, the carried counter {@code counter} and its step, the
     * body's read ({@code read}), store ({@code store}, or -1) and add ({@code add}) nodes, and the read's offset
     * from the counter at the trip's start.
     */
    record Chain(int carried, int counter, int step, int read, int store, int add, int offset) {

        /** The loop's chains, by carried array. */
        static List<Chain> of(While w) {
            List<Chain> chains = new ArrayList<>();
            if (w.counted() == null) {
                return chains;
            }
            Graph body = w.body();
            List<List<Integer>> users = FusedAdjointLoops.users(body);
            for (int j = 0; j < w.carried(); j++) {
                Chain c = of(w, body, users, j);
                if (c != null) {
                    chains.add(c);
                }
            }
            return chains;
        }

        private static Chain of(While w, Graph body, List<List<Integer>> users, int j) {
            int param = body.params().get(j);
            Node add = body.node(body.result(j));
            if (FusedAdjointLoops.length(body.type(param)) == null || !(add.op() instanceof AddAt at)
                    || at.count() != 1 || !users.get(add.id()).isEmpty() || body.results().indexOf(add.id()) != j
                    || body.results().lastIndexOf(add.id()) != j || !scalar(body.type(add.input(1)))
                    || readByCondition(w, j)) {
                return null;
            }
            int store = add.input(0) == param ? -1 : add.input(0);
            if (store >= 0 && !(body.node(store).op() instanceof Update u && u.count() == 1
                    && body.node(store).input(0) == param && users.get(store).size() == 1)) {
                return null;
            }
            int read = -1;
            for (int u : users.get(param)) {
                if (u == store) {
                    continue;
                }
                if (read >= 0 || !(body.node(u).op() instanceof Index ix) || ix.count() != 1
                        || body.node(u).input(0) != param) {
                    return null; // another reader of the array in the trip
                }
                read = u;
            }
            if (read < 0) {
                return null;
            }
            for (int k = 0; k < w.carried(); k++) {
                int step = CarriedChains.step(body, k);
                Integer r = CarriedChains.offset(body, body.node(read).input(1), body.params().get(k));
                Integer s = store < 0 ? r : CarriedChains.offset(body, body.node(store).input(2), body.params().get(k));
                Integer a = CarriedChains.offset(body, add.input(2), body.params().get(k));
                if (step != 0 && r != null && r.equals(s) && a != null && a == r + step) {
                    return new Chain(j, k, step, read, store, add.id(), r);
                }
            }
            return null;
        }

        private static boolean readByCondition(While w, int j) {
            int param = w.condition().params().get(j);
            for (Node n : w.condition().nodes()) {
                if (n.inputs().contains(param)) {
                    return true;
                }
            }
            return w.condition().results().contains(param);
        }
    }

    private static boolean scalar(Type t) {
        return t instanceof Type.Real r && r.shape().rank() == 0;
    }

    /** The step of carried int k: 1 or -1 when its next value is {@code k + 1}, {@code 1 + k} or {@code k - 1}; else 0. */
    public static int step(Graph body, int k) {
        int param = body.params().get(k);
        if (!(body.type(param) instanceof Type.Int)) {
            return 0;
        }
        Node next = body.node(body.result(k));
        if (next.op() == Binary.ADD && (next.input(0) == param && one(body, next.input(1))
                || next.input(1) == param && one(body, next.input(0)))) {
            return 1;
        }
        return next.op() == Binary.SUB && next.input(0) == param && one(body, next.input(1)) ? -1 : 0;
    }

    private static boolean one(Graph g, int id) {
        return g.node(id).op() instanceof IntConstant c && c.value() == 1;
    }

    /**
     * The int offset {@code o} with node {@code id} equal to {@code param + o} (int arithmetic, which wraps alike):
     * a chain of adds and subtractions of int constants ending at the parameter; null when it is not one.
     */
    public static Integer offset(Graph body, int id, int param) {
        int o = 0;
        int at = id;
        while (at != param) {
            Node n = body.node(at);
            if (n.op() == Binary.ADD && body.node(n.input(1)).op() instanceof IntConstant c) {
                o += c.value();
                at = n.input(0);
            } else if (n.op() == Binary.ADD && body.node(n.input(0)).op() instanceof IntConstant c) {
                o += c.value();
                at = n.input(1);
            } else if (n.op() == Binary.SUB && body.node(n.input(1)).op() instanceof IntConstant c) {
                o -= c.value();
                at = n.input(0);
            } else {
                return null;
            }
        }
        return o;
    }

    private static Graph apply(Graph g, Rebuild.Shared shared) {
        GraphBuilder b = new GraphBuilder();
        Rules r = new Rules(b);
        int[] map = Rebuild.params(g, b);
        int[] flushed = new int[g.size()]; // per loop node: first of its flushed arrays' ids, by proj index
        List<int[]> flushes = new ArrayList<>();
        Arrays.fill(flushed, -1);
        for (Node n : g.nodes()) {
            if (map[n.id()] >= 0) {
                continue;
            }
            List<Integer> in = new ArrayList<>();
            for (int i : n.inputs()) {
                in.add(map[i]);
            }
            b.setRole(n.role());
            if (n.op() instanceof Proj p && flushed[n.input(0)] >= 0
                    && flushes.get(flushed[n.input(0)])[p.index()] >= 0) {
                map[n.id()] = flushes.get(flushed[n.input(0)])[p.index()];
                b.label(map[n.id()], n.label());
            } else if (n.op() instanceof While w) {
                While inner = w.with(shared.apply(w.condition()), shared.apply(w.body()));
                List<Chain> chains = Chain.of(inner);
                if (chains.isEmpty()) {
                    map[n.id()] = Rebuild.copy(r, n, inner, in);
                } else {
                    int[] arrays = new int[w.carried()];
                    Arrays.fill(arrays, -1);
                    map[n.id()] = CarriedChainsBuild.loop(r, n, inner, chains, in, arrays);
                    flushed[n.id()] = flushes.size();
                    flushes.add(arrays);
                }
            } else {
                map[n.id()] = Rebuild.copy(r, n, Rebuild.regions(n.op(), shared::apply), in);
            }
        }
        List<Integer> results = new ArrayList<>();
        for (int res : g.results()) {
            results.add(map[res]);
        }
        return b.build(results);
    }
}
