package dev.gradc.ops;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * The largest element over the listed axes ({@code maxval}). The adjoint is split evenly among the
 * elements equal to the maximum (as TensorFlow and PyTorch do for ties); a NaN input makes the maximum NaN
 * and takes the adjoint.
 */
public record ReduceMax(List<Integer> axes) implements Primitive {

    public ReduceMax {
        axes = List.copyOf(axes);
    }

    @Override
    public String mnemonic() {
        return "max";
    }

    @Override
    public String attributes() {
        return "axes=" + axes;
    }

    @Override
    public Type inferType(List<Type> inputs) {
        Type.Real r = (Type.Real) inputs.get(0);
        List<Dim> dims = new ArrayList<>();
        for (int i : Axes.kept(r.shape().rank(), axes)) {
            dims.add(r.shape().dim(i));
        }
        return Type.real(new Shape(dims));
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray a = (NDArray) inputs[0];
        List<Integer> kept = Axes.kept(a.rank(), axes);
        int[] outShape = Axes.select(a.shape(), kept);
        int[] map = Axes.projection(a.shape(), kept, outShape);
        double[] out = new double[Broadcasting.size(outShape)];
        java.util.Arrays.fill(out, Double.NEGATIVE_INFINITY);
        for (int i = 0; i < map.length; i++) {
            out[map[i]] = Math.max(out[map[i]], a.data()[i]);
        }
        return new NDArray(out, outShape);
    }

    /**
     * 1 where an element is a maximum, else 0. Where the maximum is NaN (an input was NaN) the NaN elements are
     * the maxima, as PyTorch and the tape have it.
     */
    private int ties(Rules g, int x, int y, Shape inShape) {
        List<Integer> kept = Axes.kept(inShape.rank(), axes);
        int yb = g.broadcast(y, inShape, kept);
        int equal = g.select(g.compare(Compare.EQ, x, yb), 1, 0);
        int xNaN = g.select(g.compare(Compare.NE, x, x), 1, 0);
        int yNaN = g.select(g.compare(Compare.NE, yb, yb), 1, 0);
        return g.add(equal, g.mul(yNaN, xNaN));
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        Shape inShape = ((Type.Real) g.type(in[0])).shape();
        List<Integer> kept = Axes.kept(inShape.rank(), axes);
        int mask = ties(g, in[0], out, inShape);
        int share = g.div(bar, g.sum(mask, axes));
        return new int[] {g.mul(mask, g.broadcast(share, inShape, kept))};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        if (t[0] == NONE) {
            return NONE;
        }
        Shape inShape = ((Type.Real) g.type(in[0])).shape();
        int mask = ties(g, in[0], out, inShape);
        return g.div(g.sum(g.mul(mask, t[0]), axes), g.sum(mask, axes));
    }

    @Override
    public java.util.Set<Trait> traits() {
        return axes().isEmpty() ? java.util.EnumSet.of(Trait.ELEMENTWISE, Trait.READS_ONLY)
                : java.util.EnumSet.of(Trait.REDUCTION, Trait.READS_ONLY);
    }
}
