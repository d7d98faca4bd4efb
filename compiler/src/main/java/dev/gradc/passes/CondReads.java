package dev.gradc.passes;

import dev.gradc.ir.Graph;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Compare;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Index;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Logic;
import dev.gradc.ops.Param;
import dev.gradc.ops.Proj;
import dev.gradc.ops.Rules;
import dev.gradc.ops.Update;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Element reads of an array a cond of the reversal gives, taken inside the cond: when every use of the array
 * result is a read of one element at indices computed before the cond (or constants), each branch reads that
 * element of its own result (the indices passed in as parameters, unless the cond is given them already) and
 * gives it as a scalar result, which the read becomes: the same values and checks (the branch's array has the
 * result's shape). Inside, the read goes through the writes that made the array ({@link Through}), so that
 * {@link DeadNodes} drops them: the determinant's reversal recomputed each pivot's row swap, a copy of the whole
 * matrix, for one entry of it, now where(k == p, U[k, k], U[p, k]). Only conds of role adjoint: a forward
 * cond's writes stay for their index checks, so its array is written anyway.
 */
final class CondReads {

    private CondReads() {
    }

    static Graph apply(Graph g) {
        return new Rebuild.Shared(CondReads::apply).apply(g);
    }

    private static Graph apply(Graph g, Rebuild.Shared shared) {
        Map<Integer, List<Node>> sunk = sinkable(g);
        if (sunk.isEmpty()) {
            return Rebuild.map(g, (r, n, in) -> Rebuild.copy(r, n, Rebuild.regions(n.op(), shared::apply), in));
        }
        Map<Integer, Integer> slot = new HashMap<>();
        int[] made = new int[g.size()];
        for (int k = 0; k < g.params().size(); k++) {
            made[g.params().get(k)] = k; // parameter k of the new graph too, found by index below
        }
        return Rebuild.map(g, (r, n, in) -> {
            List<Node> reads = sunk.get(n.id());
            int id;
            if (reads != null) {
                List<Integer> extra = indices(reads);
                List<Integer> inputs = new ArrayList<>(in);
                for (int old : extra) {
                    if (n.inputs().lastIndexOf(old) < 1 && !(g.node(old).op() instanceof IntConstant)) {
                        inputs.add(g.params().contains(old) ? r.builder().param(made[old]) : made[old]);
                    }
                }
                id = sink(r, g, n, inputs, (Cond) Rebuild.regions(n.op(), shared::apply), reads, extra, slot);
            } else if (slot.containsKey(n.id())) {
                id = r.builder().add(new Proj(slot.get(n.id())), n.type(), List.of(r.node(in.get(0)).input(0)),
                        n.span(), null);
                r.builder().label(id, n.label());
            } else {
                id = Rebuild.copy(r, n, Rebuild.regions(n.op(), shared::apply), in);
            }
            made[n.id()] = id;
            return id;
        });
    }

    /**
     * Per cond of role adjoint: the element reads of its array results to take inside — every use of such a
     * result (not a result of g) is an {@link Index} of all its axes whose indices precede the cond or are constants.
     */
    private static Map<Integer, List<Node>> sinkable(Graph g) {
        Map<Integer, List<Node>> uses = new HashMap<>();
        for (Node n : g.nodes()) {
            for (int i : n.inputs()) {
                uses.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
            }
        }
        Map<Integer, List<Node>> out = new LinkedHashMap<>();
        for (Node p : g.nodes()) {
            if (!(p.op() instanceof Proj) || !(g.node(p.input(0)).op() instanceof Cond)
                    || g.node(p.input(0)).role() != Node.Role.ADJOINT || !(p.type() instanceof Type.Real t)
                    || t.shape().rank() == 0 || g.results().contains(p.id())) {
                continue;
            }
            int cond = p.input(0);
            List<Node> reads = uses.getOrDefault(p.id(), List.of());
            boolean all = !reads.isEmpty();
            for (Node u : reads) {
                all &= u.op() instanceof Index ix && ix.count() == t.shape().rank() && u.input(0) == p.id()
                        && u.inputs().lastIndexOf(p.id()) == 0
                        && u.inputs().subList(1, u.inputs().size()).stream()
                                .allMatch(i -> i < cond || g.node(i).op() instanceof IntConstant);
            }
            if (all) {
                out.computeIfAbsent(cond, k -> new ArrayList<>()).addAll(reads);
            }
        }
        return out;
    }

    /** The distinct index nodes of the reads, in order. */
    private static List<Integer> indices(List<Node> reads) {
        List<Integer> extra = new ArrayList<>();
        for (Node read : reads) {
            for (int i : read.inputs().subList(1, read.inputs().size())) {
                if (!extra.contains(i)) {
                    extra.add(i);
                }
            }
        }
        return extra;
    }

    /** The cond n with each read's element as one more result, its indices as more inputs; slot: read → result. */
    private static int sink(Rules r, Graph g, Node n, List<Integer> inputs, Cond c, List<Node> reads,
            List<Integer> extra, Map<Integer, Integer> slot) {
        Cond wider = new Cond(withReads(c.then(), g, n, reads, extra), withReads(c.otherwise(), g, n, reads, extra));
        int results = c.then().results().size();
        for (int k = 0; k < reads.size(); k++) {
            slot.put(reads.get(k).id(), results + k);
        }
        int id = r.builder().add(wider, wider.resultType(), inputs, n.span(), null);
        r.builder().label(id, n.label());
        return id;
    }

    /**
     * Branch b with parameters for the indices {@code extra} after its own, and after its results the element of
     * each read's result at those parameters.
     */
    private static Graph withReads(Graph b, Graph g, Node cond, List<Node> reads, List<Integer> extra) {
        GraphBuilder builder = new GraphBuilder();
        Rules r = new Rules(builder);
        int[] map = Rebuild.params(b, builder);
        List<Integer> params = new ArrayList<>();
        for (int old : extra) {
            int given = cond.inputs().lastIndexOf(old); // an index the cond is given already: its parameter
            builder.setRole(cond.role());
            if (given >= 1) {
                params.add(map[b.params().get(given - 1)]);
            } else if (!(g.node(old).op() instanceof IntConstant)) {
                params.add(builder.addParam(new Param(builder.paramCount()), g.type(old), cond.span(), null));
            } else {
                params.add(-1); // a constant, made in the branch after its parameters
            }
        }
        for (int k = 0; k < extra.size(); k++) {
            if (params.get(k) < 0) {
                Node constant = g.node(extra.get(k));
                builder.setRole(constant.role());
                params.set(k, Rebuild.copy(r, constant, List.of()));
            }
        }
        Rebuild.nodes(b, r, map, Rebuild::copy);
        List<Integer> results = new ArrayList<>();
        for (int res : b.results()) {
            results.add(map[res]);
        }
        Map<Integer, List<Node>> uses = uses(b);
        for (Node read : reads) {
            List<Integer> at = new ArrayList<>();
            for (int i : read.inputs().subList(1, read.inputs().size())) {
                at.add(params.get(extra.indexOf(i)));
            }
            builder.setRole(read.role());
            int result = b.result(((Proj) g.node(read.input(0)).op()).index());
            results.add(new Through(b, uses, map, r, read).entry(result, -1, at));
        }
        return builder.build(results);
    }

    private static Map<Integer, List<Node>> uses(Graph g) {
        Map<Integer, List<Node>> uses = new HashMap<>();
        for (Node n : g.nodes()) {
            for (int i : n.inputs()) {
                uses.computeIfAbsent(i, k -> new ArrayList<>()).add(n);
            }
        }
        return uses;
    }

    /**
     * The entry of a branch's array read through the writes that made it, {@code (x[r] = v)[i, j]} as
     * {@code where(i == r, v[j], x[i, j])} (v[j] for the same index node or equal constants, x[i, j] for different
     * constants), and a row v = y[q] of a parameter read where it lies, {@code y[q, j]}. Only through writes that
     * die with the read (used by nothing but the write after them on the way and unread row reads kept for their
     * checks, which go in the reversal's cond): a write that stays would then be a copy, its array read after it.
     */
    private record Through(Graph b, Map<Integer, List<Node>> uses, int[] map, Rules r, Node read) {

        int entry(int array, int from, List<Integer> at) {
            Node w = b.node(array);
            if (!(w.op() instanceof Update u) || u.count() > at.size() || !dies(array, from)
                    || !(b.type(w.input(1)) instanceof Type.Real v) || v.shape().rank() != at.size() - u.count()) {
                return index(map[array], at);
            }
            int mask = -1;
            for (int k = 0; k < u.count(); k++) {
                int written = map[w.input(2 + k)];
                Object i = ConstantFolding.constantValue(r, at.get(k));
                Object j = ConstantFolding.constantValue(r, written);
                if (i != null && j != null && !i.equals(j)) {
                    return entry(w.input(0), array, at); // never the written entries
                }
                if (written != at.get(k) && (i == null || !i.equals(j))) {
                    int same = r.compare(Compare.EQ, at.get(k), written);
                    mask = mask < 0 ? same : r.apply(Logic.AND, mask, same);
                }
            }
            int put = value(w.input(1), at.subList(u.count(), at.size()));
            return mask < 0 ? put : r.where(mask, put, entry(w.input(0), array, at));
        }

        /** The entry of the written value v at the rest of the indices: a row of a parameter read where it lies. */
        private int value(int v, List<Integer> rest) {
            Node row = b.node(v);
            if (rest.isEmpty()) {
                return map[v];
            }
            if (row.op() instanceof Index ix && b.params().contains(row.input(0))) {
                List<Integer> at = new ArrayList<>();
                for (int i : row.inputs().subList(1, row.inputs().size())) {
                    at.add(map[i]);
                }
                at.addAll(rest);
                return index(map[row.input(0)], at);
            }
            return index(map[v], rest);
        }

        /** Whether write w of the branch dies with the read: its uses are the write {@code from} and unread rows. */
        private boolean dies(int w, int from) {
            if (b.results().contains(w) && from >= 0) {
                return false;
            }
            for (Node u : uses.getOrDefault(w, List.of())) {
                boolean unreadRow = u.op() instanceof Index && uses.getOrDefault(u.id(), List.of()).isEmpty()
                        && !b.results().contains(u.id());
                if (u.id() != from && !unreadRow) {
                    return false;
                }
            }
            return true;
        }

        private int index(int array, List<Integer> at) {
            List<Integer> in = new ArrayList<>(List.of(array));
            in.addAll(at);
            return Rebuild.copy(r, read, new Index(at.size()), in);
        }
    }
}
