package dev.gradc.ops;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.List;
import java.util.function.Function;

/**
 * A zero matrix of shape {@code target} with v as its column j: the adjoint of a {@link Column} read. The gradient
 * pass adds it into an adjoint at the column ({@link ColumnAddAt}), never as a whole matrix. Inputs: v, j.
 */
public record ColumnScatter(Shape target) implements Primitive, JavaCall {

    @Override
    public String mnemonic() {
        return "column_scatter";
    }

    @Override
    public String attributes() {
        return target.toString();
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.Real v) || v.shape().rank() != 1 || target.rank() != 2
                || !v.shape().dim(0).equals(target.dim(0)) || !(inputs.get(1) instanceof Type.Int)) {
            throw new OpError("a column of " + target + " is a vector of its rows at an int, got " + inputs);
        }
        return Type.real(target);
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray v = (NDArray) inputs[0];
        int[] s = target.resolve(ctx.sizes());
        Column.check(s, (Integer) inputs[1]);
        return new NDArray(dev.gradc.runtime.Columns.scatter(v.data(), s[0], s[1], (Integer) inputs[1], null), s);
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return new int[] {g.apply(new Column(), bar, in[1]), NONE};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return t[0] == NONE ? NONE : g.apply(this, t[0], in[1]);
    }

    @Override
    public CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where) {
        return CodeBlock.of("$T.scatter($L, $L, $L, $L, $S)", dev.gradc.runtime.Columns.class, in.get(0),
                count.apply(List.of(target.dim(0))), count.apply(List.of(target.dim(1))), in.get(1), where);
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.LINEAR, Trait.READS_ONLY);
    }
}
