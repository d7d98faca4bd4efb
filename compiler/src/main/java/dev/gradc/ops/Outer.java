package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.List;

/** The outer product of two vectors, {@code [M] ⊗ [N] -> [M,N]}; bilinear. */
public record Outer() implements Primitive {

    @Override
    public String mnemonic() {
        return "outer";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        Shape a = ((Type.Real) inputs.get(0)).shape();
        Shape b = ((Type.Real) inputs.get(1)).shape();
        if (a.rank() != 1 || b.rank() != 1) {
            throw new OpError("outer expects two vectors, got " + a + " and " + b);
        }
        return Type.real(Shape.of(a.dim(0), b.dim(0)));
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray a = (NDArray) inputs[0];
        NDArray b = (NDArray) inputs[1];
        int m = a.size();
        int n = b.size();
        double[] out = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                out[i * n + j] = a.data()[i] * b.data()[j];
            }
        }
        return new NDArray(out, new int[] {m, n});
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return new int[] {
            need[0] ? g.matmul(Matmul.PLAIN, bar, in[1]) : NONE,
            need[1] ? g.matmul(Matmul.PLAIN, in[0], bar) : NONE};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        int sum = NONE;
        if (t[0] != NONE) {
            sum = g.outer(t[0], in[1]);
        }
        if (t[1] != NONE) {
            int term = g.outer(in[0], t[1]);
            sum = sum == NONE ? term : g.add(sum, term);
        }
        return sum;
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.ELEMENTWISE, Trait.READS_ONLY);
    }
}
