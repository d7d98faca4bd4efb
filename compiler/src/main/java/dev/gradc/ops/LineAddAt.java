package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import java.util.List;

/**
 * {@code acc[i, idx] += v} ({@code axis} 1) or {@code acc[idx, j] += v} ({@code axis} 0) as a value: acc with
 * {@code v[m]} added at the m-th entry of the line {@link LineGather} reads (a repeated entry gets the sum).
 * Inputs: acc, v, idx, then the fixed index. The adjoint of a gathered line accumulates with it into the
 * matrix's adjoint — O(K) in place, where adding a whole array of zeros would cost O(R·C). Linear in (acc, v).
 */
public record LineAddAt(int axis) implements Overwriting {

    @Override
    public String mnemonic() {
        return "line_add_at";
    }

    @Override
    public String attributes() {
        return Integer.toString(axis);
    }

    @Override
    public Type inferType(List<Type> inputs) {
        Type line = new LineGather(axis).inferType(List.of(inputs.get(0), inputs.get(2), inputs.get(3)));
        if (!inputs.get(1).equals(line)) {
            throw new OpError("an addition at a gathered line of " + inputs.get(0) + " adds " + line + ", got "
                    + inputs.get(1));
        }
        return inputs.get(0);
    }

    @Override
    public Object apply(Object[] inputs, EvalContext ctx, boolean inPlace) {
        NDArray out = Overwriting.target(inputs[0], inPlace);
        dev.gradc.runtime.Gather.lineAddInto(out.data(), out.shape()[0], out.shape()[1], axis,
                ((IntND) inputs[2]).data(), (Integer) inputs[3], ((NDArray) inputs[1]).data(), null);
        return out;
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return AddAtRules.vjp(in, bar, need, () -> g.apply(new LineGather(axis), bar, in[2], in[3]));
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return AddAtRules.jvp(t, () -> g.apply(this, g.zerosLike(in[0]), t[1], in[2], in[3]),
                () -> g.apply(this, t[0], t[1], in[2], in[3]));
    }
}
