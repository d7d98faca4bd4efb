package dev.gradc.ops;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.List;

/** Zeros of shape {@code target} with the input's rows placed from an int start: the transpose of {@link Rows}. */
public record RowsScatter(Shape target) implements Primitive {

    @Override
    public String mnemonic() {
        return "rows_scatter";
    }

    @Override
    public String attributes() {
        return target.toString();
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return Type.real(target);
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray v = (NDArray) inputs[0];
        int[] shape = target.resolve(ctx.sizes());
        int from = Rows.offset(shape, (Integer) inputs[1], v.shape()[0]);
        double[] out = new double[Broadcasting.size(shape)];
        System.arraycopy(v.data(), 0, out, from, v.data().length);
        return new NDArray(out, shape);
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        Dim length = ((Type.Real) g.type(in[0])).shape().dim(0);
        return new int[] {g.apply(new Rows(length), bar, in[1]), NONE};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return t[0] == NONE ? NONE : g.apply(this, t[0], in[1]);
    }

    /** It copies its operand into zeros of its own: it keeps nothing of the operand's array. */
    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.READS_ONLY);
    }
}
