package dev.gradc.ops;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.runtime.Blocks;
import java.util.List;
import java.util.function.Function;

/**
 * {@code x[a:a+R, c:c+C]} of a matrix: the R × C block from int starts a and c; with {@code column},
 * {@code x[a:a+R, c]}: the part of column c, a vector of R (C is 1). Inputs: x, a, c. Both bounds are checked at
 * run time, an error naming its axis. O(block), where a read through transposes would cost the whole matrix.
 * Linear in x; its adjoint is {@link BlockScatter}, added into the matrix's adjoint in place ({@link BlockAddAt}).
 */
public record Block(Dim rows, Dim cols, boolean column) implements Primitive, JavaCall {

    /** The block read that writes or adds of value type v ({@code [R, C]}, or {@code [R]} for a column) address. */
    public static Block of(Type v) {
        Shape s = ((Type.Real) v).shape();
        return s.rank() == 1 ? new Block(s.dim(0), Dim.of(1), true) : new Block(s.dim(0), s.dim(1), false);
    }

    @Override
    public String mnemonic() {
        return "block";
    }

    @Override
    public String attributes() {
        return rows + ", " + (column ? "column" : cols);
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.Real x) || x.shape().rank() != 2 || !(inputs.get(1) instanceof Type.Int)
                || !(inputs.get(2) instanceof Type.Int)) {
            throw new OpError("a block is read from a matrix at two ints, got " + inputs);
        }
        return Type.real(column ? new Shape(List.of(rows)) : new Shape(List.of(rows, cols)));
    }

    /** {rows, cols} of value v of a block op: {@code [R, C]}, or {@code [R]} for a column's part. */
    static int[] extent(NDArray v) {
        return v.rank() == 1 ? new int[] {v.shape()[0], 1} : v.shape();
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray x = (NDArray) inputs[0];
        int r = rows.resolve(ctx.sizes());
        int w = cols.resolve(ctx.sizes());
        double[] out = Blocks.read(x.data(), x.shape()[0], x.shape()[1], (Integer) inputs[1], (Integer) inputs[2], r, w,
                column, null);
        return new NDArray(out, column ? new int[] {r} : new int[] {r, w});
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return new int[] {g.apply(new BlockScatter(((Type.Real) g.type(in[0])).shape()), bar, in[1], in[2]), NONE,
            NONE};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return t[0] == NONE ? NONE : g.apply(this, t[0], in[1], in[2]);
    }

    @Override
    public CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where) {
        Shape s = ((Type.Real) types.get(0)).shape();
        return CodeBlock.of("$T.read($L, $L, $L, $L, $L, $L, $L, $L, $S)", Blocks.class, in.get(0),
                count.apply(List.of(s.dim(0))), count.apply(List.of(s.dim(1))), in.get(1), in.get(2),
                count.apply(List.of(rows)), count.apply(List.of(cols)), column, where);
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.CHECKED, Trait.PART);
    }
}
