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
        Type rows = new Rows(v.shape().dim(0)).inferType(Update.withoutValue(inputs));
        if (!rows.equals(v)) {
            throw new OpError("a slice update of " + inputs.get(0) + " writes " + rows + ", got " + v);
        }
        return inputs.get(0);
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
        int[] result = {NONE, NONE, NONE};
        if (need[1]) {
            result[1] = g.apply(new Rows(((Type.Real) g.type(in[1])).shape().dim(0)), bar, in[2]);
        }
        if (need[0]) {
            result[0] = g.apply(this, bar, g.zerosLike(in[1]), in[2]);
        }
        return result;
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        if (t[0] == NONE && t[1] == NONE) {
            return NONE;
        }
        int x = t[0] == NONE ? g.zerosLike(in[0]) : t[0];
        int v = t[1] == NONE ? g.zerosLike(in[1]) : t[1];
        return g.apply(this, x, v, in[2]);
    }
}
