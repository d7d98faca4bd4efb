package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code x[i] = v}, {@code x[i, j] = v}, {@code x[i, :] = v} as a value: x with the element (or row) at int
 * indices replaced by v, which has that element's shape. Inputs: x, v, then the {@code count} indices. Linear
 * in (x, v): the adjoint of x is the output's adjoint with that entry zeroed (the overwritten entry contributes
 * nothing), the adjoint of v is the output's adjoint read at the indices.
 */
public record Update(int count) implements Overwriting {

    @Override
    public String mnemonic() {
        return "update";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return UpdateRules.inferType(inputs, new Index(count).inferType(withoutValue(inputs)),
                "an update at " + count + " indices");
    }

    /** The inputs an index at the same place has: x, then the indices. */
    static <T> List<T> withoutValue(List<T> inputs) {
        List<T> out = new ArrayList<>(inputs);
        out.remove(1);
        return out;
    }

    @Override
    public Object apply(Object[] inputs, EvalContext ctx, boolean inPlace) {
        NDArray x = (NDArray) inputs[0];
        int[] os = Index.offset(x.shape(), withoutValue(Arrays.asList(inputs)).toArray(), count);
        NDArray out = Overwriting.target(x, inPlace);
        System.arraycopy(((NDArray) inputs[1]).data(), 0, out.data(), os[0], os[1]);
        return out;
    }

    /** The inputs of an op at the same indices: first, then the indices of {@code in}. */
    static List<Integer> at(int first, int[] in) {
        List<Integer> args = new ArrayList<>();
        args.add(first);
        for (int k = 2; k < in.length; k++) {
            args.add(in[k]);
        }
        return args;
    }

    /** As {@link #at(int, int[])} with a value: first, value, then the indices of {@code in}. */
    static List<Integer> at(int first, int value, int[] in) {
        List<Integer> args = at(first, in);
        args.add(1, value);
        return args;
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return UpdateRules.vjp(g, in, bar, need, () -> g.apply(new Index(count), at(bar, in)),
                (x, zero) -> g.apply(this, at(x, zero, in)));
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return UpdateRules.jvp(g, in, t, (x, v) -> g.apply(this, at(x, v, in)));
    }

    /** The shape of the entry an update of {@code x} at {@code count} indices writes. */
    static Shape element(Shape x, int count) {
        return new Shape(x.dims().subList(count, x.rank()));
    }
}
