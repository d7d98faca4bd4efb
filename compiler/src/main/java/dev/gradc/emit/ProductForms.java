package dev.gradc.emit;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ops.Matmul;

/**
 * Which loop form a matrix product takes ({@link MatmulCode} writes it), from its operands' shapes alone: what
 * the plans ({@link ProductPlan}, {@link StoragePlan}) decide before any code is written.
 */
final class ProductForms {

    /** Results at least this wide are computed as rows of axpys. */
    static final int WIDE = 16;

    private ProductForms() {
    }

    /** The loop forms of a product, one method each in {@link MatmulCode}. */
    enum Form { TRANSPOSED_ROWS, TRANSPOSED_RESULT, OUTER_ROWS, ROWS, BLOCKED, DOT }

    /**
     * The loop form of product n of graph g, from its operands' shapes; {@code hoistedA} says whether its A is a
     * matrix the enclosing loop copies into rows before it starts ({@link StoragePlan#hoisted}).
     */
    static Form of(dev.gradc.ir.Graph g, Node n, boolean hoistedA) {
        Matmul mm = (Matmul) n.op();
        Shape sa = JavaTypes.shape(g.type(n.input(0)));
        Shape sb = JavaTypes.shape(g.type(n.input(1)));
        if (sa.rank() == 1 && sb.rank() == 1) {
            return Form.DOT;
        }
        boolean ta = mm.transposeA() && sa.rank() == 2;
        boolean tb = mm.transposeB() && sb.rank() == 2;
        Dim mDim = sa.rank() == 2 ? sa.dim(ta ? 1 : 0) : null;
        return ta && sb.rank() == 1 && hoistedA ? Form.TRANSPOSED_ROWS
                : ta && sb.rank() == 2 && !tb && !isWide(sb, tb) && isWide(mDim) ? Form.TRANSPOSED_RESULT
                : isWide(sb, tb) ? (fewRows(sa, ta) ? Form.OUTER_ROWS : Form.ROWS)
                : Form.BLOCKED;
    }

    /** Whether a dimension is at least {@value #WIDE} long, or a size name. */
    private static boolean isWide(Dim d) {
        return d != null && (!(d instanceof Dim.Fixed f) || f.value() >= WIDE);
    }

    /** Whether op(B) is a matrix at least {@value #WIDE} columns wide (or as wide as a size name): rows form. */
    private static boolean isWide(Shape sb, boolean tb) {
        return isWide(sb.rank() == 2 ? sb.dim(tb ? 0 : 1) : null);
    }

    /** Whether C has fewer rows than op(B) (such as {@code xᵀ · ā}): k-i-j into rows of C. */
    private static boolean fewRows(Shape sa, boolean ta) {
        int rank = sa.rank();
        Dim mDim = rank == 2 ? sa.dim(ta ? 1 : 0) : null;
        Dim kDim = rank == 2 ? sa.dim(ta ? 0 : 1) : sa.dim(0);
        return mDim instanceof Dim.Fixed fm && (!(kDim instanceof Dim.Fixed fk) || fm.value() < fk.value());
    }

    /**
     * Whether a product in graph g reads the matrix of node {@code id} by whole rows, so that a row copy made
     * once before a loop ({@link RegionCode}) serves every trip: as A of {@code Aᵀ v}, or as B of a product in
     * rows form (a product in k-i-j form copies one row of B at a time and needs none).
     */
    static boolean readsRows(dev.gradc.ir.Graph g, GraphInfo info, int id) {
        for (Node n : g.nodes()) {
            if (!info.emits(n.id()) || !(n.op() instanceof Matmul mm)) {
                continue;
            }
            Shape sa = JavaTypes.shape(g.type(n.input(0)));
            Shape sb = JavaTypes.shape(g.type(n.input(1)));
            boolean ta = mm.transposeA() && sa.rank() == 2;
            boolean tb = mm.transposeB() && sb.rank() == 2;
            if (info.rep(n.input(0)) == id && ta && sb.rank() == 1) {
                return true;
            }
            if (info.rep(n.input(1)) == id && !tb && isWide(sb, tb) && !fewRows(sa, ta)) {
                return true;
            }
        }
        return false;
    }
}
