package dev.gradc.ops;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.List;

/**
 * {@code diag(v)}: the matrix with the vector v on its diagonal and zeros elsewhere; linear, its adjoint is
 * {@link Diagonal}. As the adjoint of {@code diagonal} of a rectangular matrix it carries that matrix's
 * dimensions ({@code rows}, {@code cols}); {@code diag(v)} itself is square ({@code rows == null}).
 */
public record Diag(Dim rows, Dim cols) implements Primitive {

    /** {@code diag(v)}, square. */
    public static Diag square() {
        return new Diag(null, null);
    }

    @Override
    public String mnemonic() {
        return "diag";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.Real r) || r.shape().rank() != 1) {
            throw new OpError("diag expects a vector, got " + inputs.get(0));
        }
        Dim n = r.shape().dim(0);
        return Type.real(rows == null ? Shape.of(n, n) : Shape.of(rows, cols));
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray v = (NDArray) inputs[0];
        int n = v.size();
        int r = rows == null ? n : rows.resolve(ctx.sizes());
        int c = rows == null ? n : cols.resolve(ctx.sizes());
        double[] out = new double[r * c];
        for (int i = 0; i < n; i++) {
            out[i * c + i] = v.data()[i];
        }
        return new NDArray(out, new int[] {r, c});
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return new int[] {g.apply(new Diagonal(), bar)};
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
