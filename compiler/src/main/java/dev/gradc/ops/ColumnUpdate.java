package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import java.util.List;

/**
 * {@code x[:, j] = v} as a value: x with column j replaced by v. Inputs: x, v, j. Linear in (x, v): the adjoint
 * of x is the output's adjoint with that column zeroed (the overwritten column contributes nothing), the
 * adjoint of v is the output's adjoint's column j. O(rows), in place when x is dead.
 */
public record ColumnUpdate() implements Overwriting {

    @Override
    public String mnemonic() {
        return "column_update";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        Type column = new Column().inferType(List.of(inputs.get(0), inputs.get(2)));
        if (!inputs.get(1).equals(column)) {
            throw new OpError("a column update of " + inputs.get(0) + " writes " + column + ", got " + inputs.get(1));
        }
        return inputs.get(0);
    }

    @Override
    public Object apply(Object[] inputs, EvalContext ctx, boolean inPlace) {
        NDArray out = Overwriting.target(inputs[0], inPlace);
        int j = (Integer) inputs[2];
        Column.check(out.shape(), j);
        dev.gradc.runtime.Columns.write(out.data(), out.shape()[0], out.shape()[1], j, ((NDArray) inputs[1]).data(),
                null);
        return out;
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        int[] result = {NONE, NONE, NONE};
        // read v's adjoint before x's overwrites that column: bar is then dead, and x's may reuse its array
        if (need[1]) {
            result[1] = g.apply(new Column(), bar, in[2]);
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
