package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import java.util.List;

/**
 * {@code tril(A)} ({@code lower}) and {@code triu(A)}: the matrix with the entries on one side of the
 * diagonal set to 0, the diagonal kept; linear and self-adjoint (the adjoint is masked the same way).
 */
public record Triangle(boolean lower) implements Primitive {

    @Override
    public String mnemonic() {
        return lower ? "tril" : "triu";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.Real r) || r.shape().rank() != 2) {
            throw new OpError(mnemonic() + " expects a matrix, got " + inputs.get(0));
        }
        return r;
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray a = (NDArray) inputs[0];
        int r = a.shape()[0];
        int c = a.shape()[1];
        double[] out = new double[r * c];
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                if (keeps(i, j)) {
                    out[i * c + j] = a.data()[i * c + j];
                }
            }
        }
        return new NDArray(out, a.shape().clone());
    }

    /** Whether entry (i, j) is kept. */
    public boolean keeps(int i, int j) {
        return lower ? j <= i : j >= i;
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return new int[] {g.apply(this, bar)};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return t[0] == NONE ? NONE : g.apply(this, t[0]);
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.LINEAR, Trait.READS_ONLY);
    }
}
