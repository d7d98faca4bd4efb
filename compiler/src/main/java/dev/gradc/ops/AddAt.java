package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import java.util.Arrays;
import java.util.List;

/**
 * {@code acc[i] += v} as a value: acc with v added to the element (or row) at int indices. Inputs: acc, v, then
 * the {@code count} indices. The adjoint of an index read accumulates with it ({@code x̄[i] += ȳ}), so a read in
 * a loop costs O(1) in reverse mode when the accumulator is updated in place. Linear in (acc, v).
 */
public record AddAt(int count) implements Overwriting {

    @Override
    public String mnemonic() {
        return "add_at";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return new Update(count).inferType(inputs);
    }

    @Override
    public Object apply(Object[] inputs, EvalContext ctx, boolean inPlace) {
        NDArray acc = (NDArray) inputs[0];
        int[] os = Index.offset(acc.shape(), Update.withoutValue(Arrays.asList(inputs)).toArray(), count);
        NDArray out = Overwriting.target(acc, inPlace);
        double[] v = ((NDArray) inputs[1]).data();
        double[] d = out.data();
        for (int k = 0; k < os[1]; k++) {
            d[os[0] + k] += v[k];
        }
        return out;
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return AddAtRules.vjp(in, bar, need, () -> g.apply(new Index(count), Update.at(bar, in)));
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return AddAtRules.jvp(t, () -> g.apply(new Scatter(((Type.Real) g.type(in[0])).shape(), count), Update.at(t[1], in)),
                () -> g.apply(this, Update.at(t[0], t[1], in)));
    }
}
