package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import java.util.List;

/**
 * {@code acc[idx] += v} as a value: acc with row k of v added at row {@code idx[k]}, for every k (a repeated row
 * gets the sum). Inputs: acc, v, idx. The adjoint of a gather accumulates with it into the gathered array's
 * adjoint — O(rows gathered) in place, where {@code acc + scatter_add(v, idx)} would cost O(length of acc).
 * Linear in (acc, v).
 */
public record ScatterAddAt() implements Overwriting {

    @Override
    public String mnemonic() {
        return "scatter_add_at";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.Real acc) || acc.isScalar()) {
            throw new OpError(dev.gradc.diag.ArrayMessages.gatherTarget(inputs.get(0)));
        }
        Type v = new ScatterAdd(acc.shape()).inferType(List.of(inputs.get(1), inputs.get(2)));
        return v.equals(acc) ? acc : Type.real(acc.shape());
    }

    @Override
    public Object apply(Object[] inputs, EvalContext ctx, boolean inPlace) {
        NDArray out = Overwriting.target(inputs[0], inPlace);
        NDArray v = (NDArray) inputs[1];
        int[] idx = ((IntND) inputs[2]).data();
        int rows = out.shape()[0];
        int width = rows == 0 ? 0 : out.size() / rows;
        dev.gradc.runtime.Gather.scatterAddInto(out.data(), rows, width, idx, v.data(), null);
        return out;
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return AddAtRules.vjp(in, bar, need, () -> g.apply(new Gather(), bar, in[2]));
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return AddAtRules.jvp(t, () -> g.apply(new ScatterAdd(((Type.Real) g.type(in[0])).shape()), t[1], in[2]),
                () -> g.apply(this, t[0], t[1], in[2]));
    }
}
