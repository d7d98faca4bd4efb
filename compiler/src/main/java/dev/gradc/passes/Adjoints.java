package dev.gradc.passes;

import dev.gradc.ir.Shape;
import dev.gradc.ops.AddAt;
import dev.gradc.ops.Primitive;
import dev.gradc.ops.RowsAddAt;
import dev.gradc.ops.RowsScatter;
import dev.gradc.ops.Rules;
import dev.gradc.ops.Scatter;
import dev.gradc.ir.Node;
import java.util.ArrayList;
import java.util.List;

/**
 * How contributions reach an adjoint during {@link Reverse}'s backward sweep: summed, a read's at its entries in
 * place, un-broadcast to the input's shape once; and which contributions need no guard by their path.
 */
final class Adjoints {

    private final Rules g;

    Adjoints(Rules g) {
        this.g = g;
    }

    /**
     * Adds a contribution to a node's adjoint: a value used on several paths sums their adjoints. A contribution
     * that is one entry (or a few rows) placed into zeros, the adjoint of an element, slice, column or gather read, is added at
     * those entries ({@code x̄[i] += ȳ}), never as a whole array: with the adjoint updated in place, a read in
     * a loop costs O(1) in reverse mode. {@code path}: when the contribution has a path ({@link Paths}).
     */
    void add(int[] bar, Paths paths, int id, int contribution, int path) {
        paths.arrive(id, path, bar[id] == Primitive.NONE);
        if (bar[id] == Primitive.NONE) {
            bar[id] = contribution;
            return;
        }
        Node c = g.node(contribution);
        if (c.op() instanceof Scatter s && g.shape(bar[id]).equals(s.target())) {
            List<Integer> in = new ArrayList<>(c.inputs());
            in.add(0, bar[id]);
            bar[id] = g.apply(new AddAt(s.count()), in);
        } else if (c.op() instanceof RowsScatter s && g.shape(bar[id]).equals(s.target())) {
            bar[id] = g.apply(new RowsAddAt(), bar[id], c.input(0), c.input(1));
        } else if (c.op() instanceof dev.gradc.ops.BlockScatter s && g.shape(bar[id]).equals(s.target())) {
            bar[id] = g.apply(new dev.gradc.ops.BlockAddAt(), bar[id], c.input(0), c.input(1), c.input(2));
        } else if (c.op() instanceof dev.gradc.ops.ColumnScatter s && g.shape(bar[id]).equals(s.target())) {
            bar[id] = g.apply(new dev.gradc.ops.ColumnAddAt(), bar[id], c.input(0), c.input(1));
        } else if (c.op() instanceof dev.gradc.ops.LineAddAt la && g.node(c.input(0)).op() instanceof dev.gradc.ops.ZerosLike
                && g.shape(bar[id]).equals(g.shape(c.input(0)))) {
            // a gathered line's adjoint: added at its entries
            bar[id] = g.apply(la, bar[id], c.input(1), c.input(2), c.input(3));
        } else if (c.op() instanceof dev.gradc.ops.ScatterAdd s && g.shape(bar[id]).equals(s.shape())) {
            // a gather's adjoint: its rows added at their row numbers, not a scattered array of zeros added
            bar[id] = g.apply(new dev.gradc.ops.ScatterAddAt(), bar[id], c.input(0), c.input(1));
        } else {
            bar[id] = g.add(bar[id], contribution);
        }
    }

    /** Un-broadcasts an adjoint contribution to the shape of the input it belongs to, once, here. */
    int fit(int contribution, Shape target) {
        Shape s = g.shape(contribution);
        if (s.equals(target)) {
            return contribution;
        }
        if (s.rank() > target.rank()) {
            return g.unbroadcast(contribution, target);
        }
        return g.broadcastTo(contribution, target);
    }

    /**
     * Whether the op's contributions are a linear map of its adjoint whose coefficients are no real value of
     * the program (sums, negations, reshapes, reads and writes of entries, rows and columns, selections by a
     * mask): zero where its adjoint is zero — as it is exactly where that adjoint has no path, every other
     * contribution being guarded — so they need no guard, and an element read or write keeps its adjoint
     * added or zeroed at its entries in place.
     */
    static boolean zeroWhereZero(Primitive op) {
        return op.traits().contains(dev.gradc.ops.Trait.LINEAR) || op instanceof dev.gradc.ops.Overwriting
                || op instanceof dev.gradc.ops.Index || op instanceof dev.gradc.ops.Rows || op instanceof Scatter
                || op instanceof RowsScatter || op instanceof dev.gradc.ops.Where;
    }
}
