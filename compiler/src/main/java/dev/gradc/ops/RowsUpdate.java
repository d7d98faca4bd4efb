package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import java.util.List;

/**
 * {@code x[a:a+L] = v} as a value: x with L consecutive rows (entries of a vector) from an int start replaced
 * by v, of shape {@code [L, ...]}. Inputs: x, v, start. Linear in (x, v): x's adjoint is the output's with those
 * rows zeroed, v's is the output's adjoint read at the rows.
 */
public record RowsUpdate() implements Overwriting {

    @Override
    public String mnemonic() {
        return "rows_update";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        Type.Real v = (Type.Real) inputs.get(1);
        return UpdateRules.inferType(inputs, new Rows(v.shape().dim(0)).inferType(Update.withoutValue(inputs)),
                "a slice update");
    }

    @Override
    public Object apply(Object[] inputs, EvalContext ctx, boolean inPlace) {
        NDArray x = (NDArray) inputs[0];
        NDArray v = (NDArray) inputs[1];
        int from = Rows.offset(x.shape(), (Integer) inputs[2], v.shape()[0]);
        NDArray out = Overwriting.target(x, inPlace);
        System.arraycopy(v.data(), 0, out.data(), from, v.data().length);
        return out;
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        Rows read = new Rows(((Type.Real) g.type(in[1])).shape().dim(0));
        return UpdateRules.vjp(g, in, bar, need, () -> g.apply(read, bar, in[2]), (x, zero) -> g.apply(this, x, zero, in[2]));
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return UpdateRules.jvp(g, in, t, (x, v) -> g.apply(this, x, v, in[2]));
    }
}
