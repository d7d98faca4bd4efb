package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import java.util.List;

/**
 * {@code acc[:, j] += v} as a value: acc with v added to column j. Inputs: acc, v, j. The adjoint of a column
 * read accumulates with it: O(rows) in place. Linear in (acc, v).
 */
public record ColumnAddAt() implements Overwriting {

    @Override
    public String mnemonic() {
        return "column_add_at";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return new ColumnUpdate().inferType(inputs);
    }

    @Override
    public Object apply(Object[] inputs, EvalContext ctx, boolean inPlace) {
        NDArray out = Overwriting.target(inputs[0], inPlace);
        int j = (Integer) inputs[2];
        Column.check(out.shape(), j);
        dev.gradc.runtime.Columns.add(out.data(), out.shape()[0], out.shape()[1], j, ((NDArray) inputs[1]).data(),
                null);
        return out;
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return AddAtRules.vjp(in, bar, need, () -> g.apply(new Column(), bar, in[2]));
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return AddAtRules.jvp(t, () -> g.apply(new ColumnScatter(((Type.Real) g.type(in[0])).shape()), t[1], in[2]),
                () -> g.apply(this, t[0], t[1], in[2]));
    }
}
