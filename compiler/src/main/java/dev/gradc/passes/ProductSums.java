package dev.gradc.passes;

import dev.gradc.diag.Span;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Matmul;
import dev.gradc.ops.ReduceSum;
import dev.gradc.ops.Rules;
import dev.gradc.ops.Transpose;
import dev.gradc.ops.Unary;
import java.util.List;

/**
 * A sum along an axis of a matrix product that nothing else reads, as a product of a sum: for C = op(A)·op(B)
 * of shape [M, N] with inner size P,
 * <pre>
 *   sum(C, 0) = sum(op(A), 0) · op(B)      (a [P] vector times a [P, N] matrix: P·N, not M·P·N, products)
 *   sum(C, 1) = op(A) · sum(op(B), 1)      (an [M, P] matrix times a [P] vector)
 *   sum(C)    = sum(op(A), 0) · sum(op(B), 1)
 * </pre>
 * possibly under negations and transposes ({@code sum(−C, 0) = −(sum(op(A), 0) · op(B))}, {@code sum(Cᵀ, 0) =
 * sum(C, 1)}). Reverse mode makes these: the
 * adjoint of {@code (X − μ) @ Q} with respect to μ is {@code −sum(X̄' · Qᵀ, 0)}, an [N, D] product only ever
 * column-summed, where the D-vector {@code −sum(X̄', 0) · Qᵀ} is the same number.
 *
 * <p>Exact in real arithmetic, not in IEEE (the sums are taken in another order), so only derivative nodes are
 * rewritten: a function's values stay computed in the order its source writes them, and its derivatives,
 * which the passes already sum in an order of their own, may be rounded differently. The product and the
 * negations and transposes between it and the sum must have no other use (then they are dead after the rewrite; otherwise the product would be made
 * anyway and the rewrite would only add work).
 */
final class ProductSums {

    private ProductSums() {
    }

    /** How many times each node of g is read: by other nodes' inputs (regions' included) and as a result. */
    static int[] uses(Graph g) {
        int[] uses = new int[g.size()];
        for (Node n : g.nodes()) {
            for (int i : n.inputs()) {
                uses[i]++;
            }
        }
        for (int res : g.results()) {
            uses[res]++;
        }
        return uses;
    }

    /**
     * The rewrite of sum node n (of the old graph, whose use counts are {@code uses}; its input in the new graph
     * is {@code input}), or -1 when it does not match.
     */
    static int rewrite(Rules r, Node n, int input, Graph old, int[] uses) {
        if (n.role() == Node.Role.FORWARD || !(n.op() instanceof ReduceSum sum)) {
            return -1;
        }
        Node oldProduct = old.node(n.input(0));
        Node product = r.node(input);
        boolean negated = false;
        boolean flipped = false;
        // through negations and transposes that nothing else reads: sum(−M, a) = −sum(M, a), sum(Mᵀ, 0) = sum(M, 1)
        while (oldProduct.op() == Unary.NEG && product.op() == Unary.NEG
                || oldProduct.op() instanceof Transpose && product.op() instanceof Transpose) {
            if (uses[oldProduct.id()] != 1) {
                return -1;
            }
            negated ^= product.op() == Unary.NEG;
            flipped ^= product.op() instanceof Transpose;
            oldProduct = old.node(oldProduct.input(0));
            product = r.node(product.input(0));
        }
        if (oldProduct.op() instanceof Transpose && product.op() instanceof Matmul && uses[oldProduct.id()] == 1
                && old.node(oldProduct.input(0)).op() instanceof Matmul) {
            // the transpose of a product it alone reads is the swapped product already (Simplify): sum that
            oldProduct = old.node(oldProduct.input(0));
        }
        if (!(product.op() instanceof Matmul mm) || !(oldProduct.op() instanceof Matmul)
                || uses[oldProduct.id()] != 1
                || r.shape(product.input(0)).rank() != 2 || r.shape(product.input(1)).rank() != 2) {
            return -1;
        }
        boolean flip = flipped;
        List<Integer> axes = sum.axes().stream().map(a -> flip ? 1 - a : a).sorted().toList();
        boolean rows = axes.equals(List.of(0)) || axes.equals(List.of(0, 1));
        boolean cols = axes.equals(List.of(1)) || axes.equals(List.of(0, 1));
        if (!rows && !cols) {
            return -1;
        }
        Span saved = r.builder().span();
        r.builder().setSpan(n.span());
        int a = product.input(0);
        int b = product.input(1);
        // the column sums of op(A) are A's column sums, or its row sums when A is read transposed
        int left = rows ? r.sum(a, List.of(mm.transposeA() ? 1 : 0)) : a;
        int right = cols ? r.sum(b, List.of(mm.transposeB() ? 0 : 1)) : b;
        Matmul op = new Matmul(!rows && mm.transposeA(), !cols && mm.transposeB());
        int out = r.matmul(op, left, right);
        if (negated) {
            out = r.neg(out);
        }
        r.builder().setSpan(saved);
        if (!r.type(out).equals(n.type())) {
            throw new IllegalStateException("sum of a product rewritten to " + r.type(out) + ", not " + n.type());
        }
        r.builder().label(out, n.label());
        return out;
    }
}
