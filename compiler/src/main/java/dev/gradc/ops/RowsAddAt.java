package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import java.util.List;

/**
 * {@code acc[a:a+L] += v} as a value: acc with v added to L consecutive rows from an int start. Inputs: acc, v,
 * start. The adjoint of a slice read accumulates with it. Linear in (acc, v).
 */
public record RowsAddAt() implements Overwriting {

    @Override
    public String mnemonic() {
        return "rows_add_at";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return new RowsUpdate().inferType(inputs);
    }

    @Override
    public Object apply(Object[] inputs, EvalContext ctx, boolean inPlace) {
        NDArray acc = (NDArray) inputs[0];
        NDArray v = (NDArray) inputs[1];
        int from = Rows.offset(acc.shape(), (Integer) inputs[2], v.shape()[0]);
        NDArray out = Overwriting.target(acc, inPlace);
        double[] d = out.data();
        double[] s = v.data();
        for (int k = 0; k < s.length; k++) {
            d[from + k] += s[k];
        }
        return out;
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return AddAtRules.vjp(in, bar, need, () -> g.apply(new Rows(((Type.Real) g.type(in[1])).shape().dim(0)), bar, in[2]));
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return AddAtRules.jvp(t, () -> g.apply(new RowsScatter(((Type.Real) g.type(in[0])).shape()), t[1], in[2]),
                () -> g.apply(this, t[0], t[1], in[2]));
    }
}
