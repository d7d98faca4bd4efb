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
        return UpdateRules.inferType(inputs, new Column().inferType(List.of(inputs.get(0), inputs.get(2))),
                "a column update");
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
        return UpdateRules.vjp(g, in, bar, need, () -> g.apply(new Column(), bar, in[2]),
                (x, zero) -> g.apply(this, x, zero, in[2]));
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return UpdateRules.jvp(g, in, t, (x, v) -> g.apply(this, x, v, in[2]));
    }
}
