package dev.gradc.passes;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Binary;
import dev.gradc.ops.IntConstant;
import dev.gradc.ops.Matmul;
import dev.gradc.ops.Rules;
import dev.gradc.ops.SizeOf;
import dev.gradc.ops.Unary;
import dev.gradc.ops.While;
import java.util.List;
import java.util.TreeSet;

/**
 * The products a handed inner loop's forward trips keep for its reversal ({@link JournalLoops.Through#products}):
 * a product ({@code @}) of the body that contracts a dimension (a dot product, matrix-vector or matrix-matrix
 * product) costs O(n·m) to compute again and O(n) to keep, so the forward copy pushes its value per trip and
 * the adjoint loop takes it as known instead of recomputing it from the popped operands (a stacked LSTM's gate
 * pre-activations {@code Wx[r:r+4*H, :] @ input + Wh[r:r+4*H, :] @ state[l] + b[r:r+4*H]}). A product read only
 * by a sum or difference of its own shape is kept as that sum instead (up the chain), so the two products and
 * the bias of a gate pre-activation keep one array, and the reversal drops the additions too. Only products that
 * vary per trip (they read a carried value) and whose values the adjoint reads (not one only sums and writes
 * read), and only when the loop's trip count follows from constants and sizes, so that the outer loop's
 * kept-values budget ({@link CheckpointJournal}) counts them before it runs. The costly elementwise ops of the
 * body ({@link #COSTLY}: exponentials, logarithms, trigonometric and special functions) are kept on the same
 * terms: the reversal then reads their values instead of calling them again.
 */
final class KeptProducts {

    /**
     * The elementwise ops a handed inner loop's forward trips keep too when the adjoint reads their values: a call
     * of several tens of cycles per entry (an exponential, a logarithm, a trigonometric or special function), where
     * keeping costs a copy; the LSTM's gate activations {@code sigmoid(g[0:H])}, {@code tanh(c)}, whose reversal
     * would otherwise run five calls per unit and trip again (10% of its gradient's time, measured). The ops of one
     * instruction (a negation, an absolute value, a rounding, a square root) are computed again.
     */
    private static final java.util.Set<Unary> COSTLY = java.util.EnumSet.complementOf(java.util.EnumSet.of(
            Unary.NEG, Unary.SQRT, Unary.RELU, Unary.ABS, Unary.SIGN, Unary.STEP, Unary.FLOOR, Unary.CEIL,
            Unary.ROUND));

    /**
     * The ops of {@link #COSTLY} whose derivatives read their results, not their operands ({@link Unary}'s
     * derivatives: y(1 - y), 1 - y², y, 1 + y², y + 1): when one is kept, the adjoint reads nothing of its operand
     * through it (the LSTM's gate pre-activations, read only by their activations, are then not kept as well).
     */
    private static final java.util.Set<Unary> FROM_RESULT = java.util.EnumSet.of(Unary.SIGMOID, Unary.TANH,
            Unary.EXP, Unary.TAN, Unary.EXPM1);

    private KeptProducts() {
    }

    /** The nodes of inner loop {@code loop}'s body (of outer loop body {@code outer}) to keep, in body order. */
    static List<Integer> of(Graph outer, Node loop) {
        While w = (While) loop.op();
        if (trips(outer, loop) == null) {
            return List.of();
        }
        Graph body = w.body();
        boolean[] varies = varies(body, w.carried());
        List<List<Integer>> users = FusedAdjointLoops.users(body);
        TreeSet<Integer> kept = new TreeSet<>();
        boolean[] known = new boolean[body.size()]; // kept elementwise ops whose adjoints read their results only
        for (Node n : body.nodes()) {
            if (n.op() instanceof Unary u && COSTLY.contains(u) && varies[n.id()]
                    && body.type(n.id()) instanceof Type.Real && !body.results().contains(n.id())
                    && readByAdjoint(body, users, n.id(), known)) {
                kept.add(n.id());
                known[n.id()] = FROM_RESULT.contains(u);
            }
        }
        for (Node n : body.nodes()) {
            if (n.op() instanceof Matmul && varies[n.id()] && contracts(body, n)) {
                int top = upSums(body, users, n.id());
                if (!body.results().contains(top) && readByAdjoint(body, users, top, known)) { // a result: known already
                    kept.add(top);
                }
            }
        }
        return List.copyOf(kept);
    }

    /** Whether product n contracts a dimension that is not the constant 1 (not an outer product written as one). */
    private static boolean contracts(Graph body, Node n) {
        Matmul op = (Matmul) n.op();
        Type.Real a = (Type.Real) body.type(n.input(0));
        Dim k = op.transposeA() && a.shape().rank() == 2 ? a.shape().dim(0) : a.shape().dim(a.shape().rank() - 1);
        return !(k.terms().isEmpty() && k.constant() == 1);
    }

    /** Which nodes of the body read a carried value (directly or not): their values vary per trip. */
    private static boolean[] varies(Graph body, int carried) {
        boolean[] out = new boolean[body.size()];
        for (int j = 0; j < carried; j++) {
            out[body.params().get(j)] = true;
        }
        for (Node n : body.nodes()) {
            for (int in : n.inputs()) {
                out[n.id()] |= out[in];
            }
        }
        return out;
    }

    /** Node id, or the sum or difference of its shape that is its only reader (once), up the chain. */
    private static int upSums(Graph body, List<List<Integer>> users, int id) {
        while (!body.results().contains(id)) {
            if (users.get(id).size() != 1) {
                return id;
            }
            int reader = users.get(id).get(0);
            if (!(body.node(reader).op() == Binary.ADD || body.node(reader).op() == Binary.SUB)
                    || !body.type(reader).equals(body.type(id))) {
                return id;
            }
            id = reader;
        }
        return id;
    }

    /**
     * Whether the adjoint reads node id's value: some reader's contributions depend on it, directly or through
     * readers whose contributions are linear maps of their adjoints ({@link Adjoints#zeroWhereZero}: sums, slices,
     * writes; the body's results are known to the reversal already). A product only such readers read is not
     * computed again by the reversal, so keeping it would cost a push per trip and save nothing. A reader marked
     * in {@code known} (kept, its derivative read from its own value, {@link #FROM_RESULT}) reads nothing of it.
     */
    private static boolean readByAdjoint(Graph body, List<List<Integer>> users, int id, boolean[] known) {
        boolean[] seen = new boolean[body.size()];
        java.util.ArrayDeque<Integer> todo = new java.util.ArrayDeque<>(List.of(id));
        while (!todo.isEmpty()) {
            int v = todo.pop();
            for (int reader : users.get(v)) {
                Node n = body.node(reader);
                if (seen[n.id()]) {
                    continue;
                }
                seen[n.id()] = true;
                if (known[n.id()]) {
                    continue; // kept, and its adjoint reads its own value only
                }
                if (!(n.op() instanceof dev.gradc.ops.Primitive p && Adjoints.zeroWhereZero(p))) {
                    return true;
                }
                if (!body.results().contains(n.id())) { // a result's value is known: its readers need not this
                    todo.push(n.id());
                }
            }
        }
        return false;
    }

    /**
     * The trip count of inner loop {@code loop} as a function of sizes, or null when it is not one: a counted loop
     * from an int literal to an int literal, a size, or an input of {@code outer} that is one of those.
     */
    static Bound trips(Graph outer, Node loop) {
        While.Counted c = ((While) loop.op()).counted();
        if (c == null || !(outer.node(loop.input(c.counter())).op() instanceof IntConstant from)) {
            return null;
        }
        if (c.literalBound()) {
            return new Bound(from.value(), null, c.toValue(), c.step());
        }
        if (!c.inputBound()) {
            return new Bound(from.value(), c.toSize(), 0, c.step());
        }
        Node to = outer.node(loop.input(c.toInput()));
        if (to.op() instanceof IntConstant k) {
            return new Bound(from.value(), null, k.value(), c.step());
        }
        return to.op() instanceof SizeOf s ? new Bound(from.value(), s.size(), 0, c.step()) : null;
    }

    /** A counted loop's trip count: max(0, (bound − from)·step), the bound a size ({@code size}) or an int. */
    record Bound(long from, String size, long to, int step) {

        /** The count as an int node of g. */
        int build(Rules g) {
            int to = size != null ? g.apply(new SizeOf(size)) : g.intConstant((int) this.to);
            int span = g.mul(g.sub(to, g.intConstant((int) from)), g.intConstant(step));
            return g.binary(Binary.MAX, span, g.intConstant(0));
        }
    }
}
