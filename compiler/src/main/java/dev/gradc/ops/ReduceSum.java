package dev.gradc.ops;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * Sum over the listed axes (all of them gives a scalar); linear. Its transpose broadcasts the adjoint back
 * along those axes: x̄ = broadcast(ȳ).
 */
public record ReduceSum(List<Integer> axes) implements Primitive {

    public ReduceSum {
        axes = List.copyOf(axes);
    }

    /** Sum over every axis of a rank-{@code rank} value. */
    public static ReduceSum all(int rank) {
        List<Integer> a = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            a.add(i);
        }
        return new ReduceSum(a);
    }

    @Override
    public String mnemonic() {
        return "sum";
    }

    @Override
    public String attributes() {
        return "axes=" + axes;
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.Real r)) {
            throw new OpError("sum expects a real, got " + inputs.get(0));
        }
        for (int a : axes) {
            if (a < 0 || a >= r.shape().rank()) {
                throw new OpError("axis " + a + " is out of range for a value of shape " + r.shape());
            }
        }
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
        for (int i = 0; i < map.length; i++) {
            out[map[i]] += a.data()[i];
        }
        return new NDArray(out, outShape);
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        Shape inShape = ((Type.Real) g.type(in[0])).shape();
        return new int[] {g.broadcast(bar, inShape, Axes.kept(inShape.rank(), axes))};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return t[0] == NONE ? NONE : g.apply(this, t[0]);
    }

    @Override
    public java.util.Set<Trait> traits() {
        return axes().isEmpty() ? java.util.EnumSet.of(Trait.ELEMENTWISE, Trait.LINEAR, Trait.READS_ONLY)
                : java.util.EnumSet.of(Trait.REDUCTION, Trait.LINEAR, Trait.READS_ONLY);
    }
}
