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
 * Zeros of the matrix shape {@code target} with v placed at the block from (a, c): the transpose of
 * {@link Block}. Inputs: v ({@code [R, C]}, or {@code [R]} for a column's part), a, c.
 */
public record BlockScatter(Shape target) implements Primitive, JavaCall {

    @Override
    public String mnemonic() {
        return "block_scatter";
    }

    @Override
    public String attributes() {
        return target.toString();
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.Real v) || v.shape().rank() > 2 || v.isScalar() || target.rank() != 2
                || !(inputs.get(1) instanceof Type.Int) || !(inputs.get(2) instanceof Type.Int)) {
            throw new OpError("a block of " + target + " is placed from two ints, got " + inputs);
        }
        return Type.real(target);
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray v = (NDArray) inputs[0];
        int[] s = target.resolve(ctx.sizes());
        int[] e = Block.extent(v);
        return new NDArray(Blocks.scatter(v.data(), s[0], s[1], (Integer) inputs[1], (Integer) inputs[2], e[0], e[1],
                v.rank() == 1, null), s);
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return new int[] {g.apply(Block.of(g.type(in[0])), bar, in[1], in[2]), NONE, NONE};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return t[0] == NONE ? NONE : g.apply(this, t[0], in[1], in[2]);
    }

    @Override
    public CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where) {
        Block b = Block.of(types.get(0));
        return CodeBlock.of("$T.scatter($L, $L, $L, $L, $L, $L, $L, $L, $S)", Blocks.class, in.get(0),
                count.apply(List.of(target.dim(0))), count.apply(List.of(target.dim(1))), in.get(1), in.get(2),
                count.apply(List.of(b.rows())), count.apply(List.of(b.cols())), b.column(), where);
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.LINEAR, Trait.READS_ONLY);
    }
}
