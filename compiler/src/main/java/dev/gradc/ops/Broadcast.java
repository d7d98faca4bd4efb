package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.List;

/**
 * Repeats a value to the shape {@code target}: axis i of the input becomes axis {@code axes.get(i)} of the
 * output (a scalar maps no axes). Linear; its transpose sums over the added axes.
 */
public record Broadcast(Shape target, List<Integer> axes) implements Primitive {

    public Broadcast {
        axes = List.copyOf(axes);
    }

    @Override
    public String mnemonic() {
        return "broadcast";
    }

    @Override
    public String attributes() {
        return target + " axes=" + axes;
    }

    @Override
    public Type inferType(List<Type> inputs) {
        Shape in = ((Type.Real) inputs.get(0)).shape();
        if (in.rank() != axes.size()) {
            throw new IllegalStateException("broadcast of " + in + " with axes " + axes);
        }
        for (int i = 0; i < axes.size(); i++) {
            if (!in.dim(i).equals(target.dim(axes.get(i)))) {
                throw new IllegalStateException("broadcast of " + in + " to " + target + " along " + axes);
            }
        }
        return Type.real(target);
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray a = (NDArray) inputs[0];
        int[] shape = target.resolve(ctx.sizes());
        int[] map = Axes.projection(shape, axes, a.shape());
        double[] out = new double[map.length];
        for (int i = 0; i < map.length; i++) {
            out[i] = a.data()[map[i]];
        }
        return new NDArray(out, shape);
    }

    /** The axes of the output that the input does not have: what the transpose sums over. */
    public List<Integer> addedAxes() {
        return Axes.kept(target.rank(), axes);
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return new int[] {g.sum(bar, addedAxes())};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return t[0] == NONE ? NONE : g.apply(this, t[0]);
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.ELEMENTWISE, Trait.LINEAR, Trait.READS_ONLY);
    }
}
