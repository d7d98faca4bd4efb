package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code x[i]} and {@code x[i, j]}: reads an element (or a row) at int indices, 0-based and bounds-checked.
 * Linear in x; its transpose scatters the adjoint back into zeros.
 */
public record Index(int count) implements Primitive {

    @Override
    public String mnemonic() {
        return "index";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.Real r)) {
            throw new OpError("only reals can be indexed, got " + inputs.get(0));
        }
        if (count > r.shape().rank()) {
            throw new OpError(count + " indices for a value of shape " + r.shape());
        }
        for (int i = 1; i < inputs.size(); i++) {
            if (!(inputs.get(i) instanceof Type.Int)) {
                throw new OpError("an index must be an int, got " + inputs.get(i));
            }
        }
        return Type.real(new Shape(r.shape().dims().subList(count, r.shape().rank())));
    }

    /** The flat offset and the length of the slice, checking every index against its dimension. */
    static int[] offset(int[] shape, Object[] inputs, int count) {
        int offset = 0;
        int stride = Broadcasting.size(shape);
        for (int k = 0; k < count; k++) {
            int i = (Integer) inputs[k + 1];
            if (i < 0 || i >= shape[k]) {
                throw new IndexOutOfBoundsException(dev.gradc.runtime.IndexOutOfRangeException.index(i, k, shape[k]));
            }
            stride /= shape[k];
            offset += i * stride;
        }
        return new int[] {offset, stride};
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray a = (NDArray) inputs[0];
        int[] os = offset(a.shape(), inputs, count);
        return new NDArray(Arrays.copyOfRange(a.data(), os[0], os[0] + os[1]),
                Arrays.copyOfRange(a.shape(), count, a.rank()));
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        int[] result = new int[in.length];
        Arrays.fill(result, NONE);
        List<Integer> args = new ArrayList<>();
        args.add(bar);
        for (int k = 1; k < in.length; k++) {
            args.add(in[k]);
        }
        result[0] = g.apply(new Scatter(((Type.Real) g.type(in[0])).shape(), count), args);
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

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.CHECKED, Trait.PART);
    }
}
