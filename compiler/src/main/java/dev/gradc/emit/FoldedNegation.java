package dev.gradc.emit;

import dev.gradc.ir.Node;
import dev.gradc.ops.Binary;
import dev.gradc.ops.Constant;
import dev.gradc.ops.Fill;
import dev.gradc.ops.Unary;
import dev.gradc.ops.Where;
import dev.gradc.ops.ZerosLike;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A shared loop's negated line written un-negated ({@link SharedLoopCode}): the adjoint of
 * {@code U[i, :] = U[i, :] - m * U[k, :]} computes {@code e = -UBar[o + j]} and adds {@code e * U[p + j]} to the
 * sum and {@code e * m} into the row; with {@code e = UBar[o + j]} it subtracts them instead — one negation per
 * entry fewer, the same values bit for bit. That holds when each step's term is an odd function of the local
 * (negating the local negates the term exactly): the local itself, a product with it in one factor only, a
 * quotient with it in the dividend only, the negation of such a term, or a choice between such terms and zero
 * literals, which are then written {@code -0.0}. IEEE negation is exact: {@code (-a) * b == -(a * b)},
 * {@code (-a) / b == -(a / b)}, {@code x + (-t) == x - t}, and {@code x + 0.0 == x - (-0.0)} (also for
 * {@code x = -0.0}).
 *
 * @param negated the shared node (a negation) whose local holds its operand instead
 * @param zeros   the zero literals written {@code -0.0} in the loop (each only a branch of a choice that is odd)
 * @param sum     whether the sum subtracts its term
 * @param add     whether the row add subtracts its term
 */
record FoldedNegation(int negated, Set<Integer> zeros, boolean sum, boolean add) {

    /** The fold of group's loop, or null when its only shared line is no negation or a term is not odd in it. */
    static FoldedNegation of(GraphCode gc, SharedLoops.Group group) {
        if (group.shared().size() != 1) {
            return null;
        }
        int s = group.shared().get(0);
        if (!(gc.g.node(s).op() == Unary.NEG)) {
            return null;
        }
        Terms terms = new Terms(gc, s);
        int sumTerm = gc.g.node(group.reduce()).input(0);
        int addTerm = gc.g.node(group.add()).input(1);
        boolean sum = terms.dependsOn(sumTerm);
        boolean add = terms.dependsOn(addTerm);
        if (!sum && !add || sum && !terms.odd(sumTerm) || add && !terms.odd(addTerm)) {
            return null;
        }
        // a zero literal written -0.0 must be read nowhere else in the loop than as a branch found odd
        for (int root : List.of(gc.g.node(s).input(0), sumTerm, addTerm)) {
            if (terms.zeros.contains(gc.info.rep(root)) || !terms.zeroReadsAllowed(root, new HashSet<>())) {
                return null;
            }
        }
        return new FoldedNegation(s, Set.copyOf(terms.zeros), sum, add);
    }

    /** The analysis of the terms of one loop over its negated line s. */
    private static final class Terms {

        private final GraphCode gc;
        private final int s;
        /** Zero literals found as branches of odd choices, and the choices that read them so. */
        final Set<Integer> zeros = new HashSet<>();
        private final Set<Integer> oddChoices = new HashSet<>();
        /** Per node found so far: whether its element reads the local (the terms are DAGs: each node once). */
        private final java.util.Map<Integer, Boolean> reads = new java.util.HashMap<>();

        Terms(GraphCode gc, int s) {
            this.gc = gc;
            this.s = s;
        }

        /** Whether node id's element, as the loop writes it ({@link ElementCode#elem}), reads the local of s. */
        boolean dependsOn(int id) {
            int r = gc.info.rep(id);
            if (r == s) {
                return true;
            }
            if (!expanded(r)) {
                return false;
            }
            Boolean known = reads.get(r);
            if (known == null) {
                known = gc.g.node(r).inputs().stream().anyMatch(this::dependsOn);
                reads.put(r, known);
            }
            return known;
        }

        /** Whether the element is written from its operands' elements (else it is read, or is a value). */
        private boolean expanded(int r) {
            return JavaTypes.isArray(gc.g.type(r)) && gc.isFused(r) && gc.viewOffset(r) == null;
        }

        /** Whether node id's element is an odd function of the local of s, by the rules of the class. */
        boolean odd(int id) {
            int r = gc.info.rep(id);
            if (r == s) {
                return true;
            }
            if (!expanded(r) || !dependsOn(r)) {
                return false;
            }
            Node n = gc.g.node(r);
            Object op = n.op();
            if (op == Unary.NEG) {
                return odd(n.input(0));
            }
            if (op == Binary.MUL) {
                return odd(n.input(0)) && !dependsOn(n.input(1)) || !dependsOn(n.input(0)) && odd(n.input(1));
            }
            if (op == Binary.DIV) {
                return odd(n.input(0)) && !dependsOn(n.input(1));
            }
            if (op instanceof Where && !dependsOn(n.input(0))
                    && (odd(n.input(1)) || zero(n.input(1))) && (odd(n.input(2)) || zero(n.input(2)))) {
                for (int q = 1; q <= 2; q++) {
                    if (zero(n.input(q))) {
                        zeros.add(gc.info.rep(n.input(q)));
                    }
                }
                oddChoices.add(r);
                return true;
            }
            return false;
        }

        /** Whether node id is a literal +0.0 (a scalar constant, zeros, or a fill with it). */
        private boolean zero(int id) {
            Object op = gc.g.node(gc.info.rep(id)).op();
            double v;
            if (op instanceof ZerosLike) {
                return true;
            } else if (op instanceof Constant c && c.isScalar()) {
                v = c.value().item();
            } else if (op instanceof Fill f) {
                v = f.value();
            } else {
                return false;
            }
            return Double.doubleToRawLongBits(v) == 0L;
        }

        /**
         * Whether the element code of node id reads each zero of {@link #zeros} only as a branch of a choice found
         * odd ({@code seen}: the nodes visited).
         */
        boolean zeroReadsAllowed(int id, Set<Integer> seen) {
            int r = gc.info.rep(id);
            if (r == s || !seen.add(r) || !expanded(r)) {
                return true;
            }
            List<Integer> inputs = gc.g.node(r).inputs();
            for (int q = 0; q < inputs.size(); q++) {
                int in = gc.info.rep(inputs.get(q));
                if (zeros.contains(in) && !(oddChoices.contains(r) && q > 0)) {
                    return false;
                }
                if (!zeroReadsAllowed(in, seen)) {
                    return false;
                }
            }
            return true;
        }
    }
}
