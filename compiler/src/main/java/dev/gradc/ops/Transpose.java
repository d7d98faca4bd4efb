package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.List;

/** {@code transpose(x)} of a matrix (a vector or scalar is its own transpose); linear, self-adjoint. */
public record Transpose() implements Primitive {

    @Override
    public String mnemonic() {
        return "transpose";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.Real r) || r.shape().rank() > 2) {
            throw new OpError("transpose expects a real of rank at most 2, got " + inputs.get(0));
        }
        Shape s = r.shape();
        return s.rank() == 2 ? Type.real(Shape.of(s.dim(1), s.dim(0))) : r;
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray a = (NDArray) inputs[0];
        if (a.rank() < 2) {
            return new NDArray(a.data().clone(), a.shape()); // a new array, as generated code writes (READS_ONLY)
        }
        int m = a.shape()[0];
        int n = a.shape()[1];
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                out[j * m + i] = a.data()[i * n + j];
            }
        }
        return new NDArray(out, new int[] {n, m});
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return new int[] {g.transpose(bar)};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return t[0] == NONE ? NONE : g.transpose(t[0]);
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.LINEAR, Trait.READS_ONLY);
    }
}
