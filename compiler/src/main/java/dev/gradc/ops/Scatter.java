package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Zeros of shape {@code target} with the input placed at int indices: the transpose of {@link Index}. */
public record Scatter(Shape target, int count) implements Primitive {

    @Override
    public String mnemonic() {
        return "scatter";
    }

    @Override
    public String attributes() {
        return target.toString();
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return Type.real(target);
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray v = (NDArray) inputs[0];
        int[] shape = target.resolve(ctx.sizes());
        int[] os = Index.offset(shape, inputs, count);
        double[] out = new double[Broadcasting.size(shape)];
        System.arraycopy(v.data(), 0, out, os[0], os[1]);
        return new NDArray(out, shape);
    }

    private int indexLike(Rules g, int value, int[] in) {
        List<Integer> args = new ArrayList<>();
        args.add(value);
        for (int k = 1; k < in.length; k++) {
            args.add(in[k]);
        }
        return g.apply(new Index(count), args);
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        int[] result = new int[in.length];
        Arrays.fill(result, NONE);
        result[0] = indexLike(g, bar, in);
        return result;
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        if (t[0] == NONE) {
            return NONE;
        }
        List<Integer> args = new ArrayList<>();
        args.add(t[0]);
        for (int k = 1; k < in.length; k++) {
            args.add(in[k]);
        }
        return g.apply(this, args);
    }

    /** It copies its operand into zeros of its own: it keeps nothing of the operand's array. */
    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.READS_ONLY);
    }
}
