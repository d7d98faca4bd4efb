package dev.gradc.ops;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.ArrayList;
import java.util.List;

/**
 * An array literal {@code [a, b, c]}: n values of one shape stacked along a new first axis. Linear; the
 * adjoint of element i is {@code ȳ[i]}.
 */
public record Pack(int count) implements Primitive {

    @Override
    public String mnemonic() {
        return "pack";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        Shape first = null;
        for (Type t : inputs) {
            if (!(t instanceof Type.Real r)) {
                throw new OpError("array elements must be reals, got " + t);
            }
            if (first == null) {
                first = r.shape();
            } else if (!first.equals(r.shape())) {
                throw new OpError("array elements differ in shape: " + first + " and " + r.shape());
            }
        }
        List<Dim> dims = new ArrayList<>();
        dims.add(new Dim.Fixed(count));
        dims.addAll(first.dims());
        return Type.real(new Shape(dims));
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray first = (NDArray) inputs[0];
        int n = first.size();
        double[] out = new double[n * count];
        for (int i = 0; i < count; i++) {
            System.arraycopy(((NDArray) inputs[i]).data(), 0, out, i * n, n);
        }
        int[] shape = new int[first.rank() + 1];
        shape[0] = count;
        System.arraycopy(first.shape(), 0, shape, 1, first.rank());
        return new NDArray(out, shape);
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        int[] result = new int[count];
        for (int i = 0; i < count; i++) {
            result[i] = need[i] ? g.apply(new Index(1), List.of(bar, g.intConstant(i))) : NONE;
        }
        return result;
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        boolean any = false;
        List<Integer> parts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            any |= t[i] != NONE;
            parts.add(t[i] == NONE ? g.zerosLike(in[i]) : t[i]);
        }
        return any ? g.apply(this, parts) : NONE;
    }
}
