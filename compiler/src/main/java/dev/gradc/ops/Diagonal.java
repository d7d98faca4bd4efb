package dev.gradc.ops;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.List;

/**
 * {@code diagonal(A)}: the entries A[i, i] of a matrix, as many as its shorter side; linear, its adjoint
 * places the vector back on the diagonal of a matrix of A's shape ({@link Diag}). The length must be known
 * when the program is compiled: the two sides are equal, or both are numbers.
 */
public record Diagonal() implements Primitive {

    @Override
    public String mnemonic() {
        return "diagonal";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.Real r) || r.shape().rank() != 2) {
            throw new OpError("diagonal expects a matrix, got " + inputs.get(0));
        }
        return Type.real(Shape.of(length(r.shape(), "diagonal")));
    }

    /** The shorter side of a matrix shape, for diagonal and trace. */
    static Dim length(Shape s, String op) {
        Dim r = s.dim(0);
        Dim c = s.dim(1);
        if (r.equals(c)) {
            return r;
        }
        if (r instanceof Dim.Fixed fr && c instanceof Dim.Fixed fc) {
            return fr.value() <= fc.value() ? r : c;
        }
        throw new OpError(op + " of a " + s + " matrix: its length min(" + r + ", " + c
                + ") is not known at compile time; make the matrix square or its sizes numbers");
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray a = (NDArray) inputs[0];
        int c = a.shape()[1];
        int n = Math.min(a.shape()[0], c);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = a.data()[i * c + i];
        }
        return new NDArray(out, new int[] {n});
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        Shape s = ((Type.Real) g.type(in[0])).shape();
        return new int[] {g.apply(new Diag(s.dim(0), s.dim(1)), bar)};
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
