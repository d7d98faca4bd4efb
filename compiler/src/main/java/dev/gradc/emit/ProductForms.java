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
     * The loop form of product n of a graph, from its operands' shapes (and for {@code Aᵀ·B}, which parts of
     * them are read and non-zero, {@link #streamsBoth}); {@code hoistedA} says whether its A is a matrix the
     * enclosing loop copies into rows before it starts ({@link StoragePlan#hoisted}).
     */
    static Form of(GraphInfo info, Node n, boolean hoistedA) {
        dev.gradc.ir.Graph g = info.graph;
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
                : isWide(sb, tb) ? (fewRows(sa, ta) || streamsBoth(info, n, sa, ta, tb) ? Form.OUTER_ROWS : Form.ROWS)
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
     * Whether {@code C = Aᵀ·B} (A [k, m], B [k, n]) takes the k-i-j form though its sizes are names: in rows
     * form each row i of C reads column i of A (one entry per row of A, a stride of m) and every row of B, so
     * both operands pass through the cache m times (k-means' {@code Xᵀ·ā}, n = 1000 rows of X read 16 times),
     * while k-i-j reads each row of A and of B once, in order, and keeps C's m rows where it adds into them:
     * never more memory traffic, much less when C fits in the cache. Only when neither m nor k is a number
     * (with numbers {@link #fewRows} decides), and only for a product read whole with B dense, whose rows form
     * would skip no terms ({@link MatrixParts}: the GMM's {@code (X − μ)ᵀ·z̄}, read below its diagonal, keeps
     * it).
     */
    private static boolean streamsBoth(GraphInfo info, Node n, Shape sa, boolean ta, boolean tb) {
        if (!ta || tb || sa.dim(0) instanceof Dim.Fixed || sa.dim(1) instanceof Dim.Fixed) {
            return false;
        }
        MatrixParts parts = info.parts();
        return parts.read(n.id()) == MatrixParts.ALL && parts.nonZero(info.rep(n.input(1))) == MatrixParts.ALL;
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
            if (info.rep(n.input(1)) == id && !tb && isWide(sb, tb) && !fewRows(sa, ta)
                    && !streamsBoth(info, n, sa, ta, tb)) {
                return true;
            }
        }
        return false;
    }
}
