package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
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
        int[] result = {NONE, NONE, NONE};
        if (need[1]) {
            result[1] = g.apply(new Column(), bar, in[2]);
        }
        if (need[0]) {
            result[0] = bar;
        }
        return result;
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        if (t[1] == NONE) {
            return t[0];
        }
        if (t[0] == NONE) {
            Shape s = ((Type.Real) g.type(in[0])).shape();
            return g.apply(new ColumnScatter(s), t[1], in[2]);
        }
        return g.apply(this, t[0], t[1], in[2]);
    }
}
