package dev.gradc.ops;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.List;
import java.util.function.Function;

/**
 * {@code x[:, j]}: column j of a matrix, read with a stride — O(rows), where a read through a transpose would
 * cost the whole matrix. Inputs: x, j. Linear in x; its adjoint is {@link ColumnScatter}, accumulated into the
 * matrix's adjoint in place ({@link ColumnAddAt}).
 */
public record Column() implements Primitive, JavaCall {

    @Override
    public String mnemonic() {
        return "column";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.Real x) || x.shape().rank() != 2 || !(inputs.get(1) instanceof Type.Int)) {
            throw new OpError("a column is read from a matrix at an int, got " + inputs);
        }
        return Type.real(new Shape(List.of(x.shape().dim(0))));
    }

    /** Column j of x's data, j checked against its columns. */
    static double[] read(NDArray x, int j) {
        int[] s = x.shape();
        check(s, j);
        return dev.gradc.runtime.Columns.read(x.data(), s[0], s[1], j, null);
    }

    static void check(int[] shape, int j) {
        if (j < 0 || j >= shape[1]) {
            throw new IndexOutOfBoundsException(dev.gradc.runtime.IndexOutOfRangeException.index(j, 1, shape[1]));
        }
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray x = (NDArray) inputs[0];
        return new NDArray(read(x, (Integer) inputs[1]), new int[] {x.shape()[0]});
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return new int[] {g.apply(new ColumnScatter(((Type.Real) g.type(in[0])).shape()), bar, in[1]), NONE};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return t[0] == NONE ? NONE : g.apply(this, t[0], in[1]);
    }

    @Override
    public CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where) {
        Shape s = ((Type.Real) types.get(0)).shape();
        return CodeBlock.of("$T.read($L, $L, $L, $L, $S)", dev.gradc.runtime.Columns.class, in.get(0),
                count.apply(List.of(s.dim(0))), count.apply(List.of(s.dim(1))), in.get(1), where);
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.LINEAR, Trait.PART);
    }
}
