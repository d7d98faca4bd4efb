package dev.gradc.ops;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.List;
import java.util.function.Function;

/**
 * {@code x[i, idx]} ({@code axis} 1: row i at the columns idx) and {@code x[idx, j]} ({@code axis} 0: column j at
 * the rows idx) of a matrix, as one op: {@code [R, C]} by {@code int[K]} is {@code [K]}. Inputs: x, idx, then the
 * fixed index. O(K), no row or column copied first; every index checked at run time. Linear in x: its adjoint
 * adds back at the same entries ({@link LineAddAt} into zeros, which the gradient pass turns into an addition
 * at those entries of x's adjoint, in place).
 */
public record LineGather(int axis) implements Primitive, JavaCall {

    @Override
    public String mnemonic() {
        return "line_gather";
    }

    @Override
    public String attributes() {
        return Integer.toString(axis);
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.Real x) || x.shape().rank() != 2) {
            throw new OpError(dev.gradc.diag.ArrayMessages.gatherTarget(inputs.get(0)));
        }
        Shape idx = Gather.indices(inputs.get(1));
        if (!(inputs.get(2) instanceof Type.Int)) {
            throw new OpError("the fixed index of a gathered line must be an int, got " + inputs.get(2));
        }
        return Type.real(new Shape(List.of(idx.dim(0))));
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray x = (NDArray) inputs[0];
        int[] idx = ((IntND) inputs[1]).data();
        return new NDArray(dev.gradc.runtime.Gather.line(x.data(), x.shape()[0], x.shape()[1], axis, idx,
                (Integer) inputs[2], null), new int[] {idx.length});
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return new int[] {g.apply(new LineAddAt(axis), g.zerosLike(in[0]), bar, in[1], in[2]), NONE, NONE};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return t[0] == NONE ? NONE : g.apply(this, t[0], in[1], in[2]);
    }

    @Override
    public CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where) {
        Shape x = ((Type.Real) types.get(0)).shape();
        return CodeBlock.of("$T.line($L, $L, $L, $L, $L, $L, $S)", dev.gradc.runtime.Gather.class, in.get(0),
                count.apply(List.of(x.dim(0))), count.apply(List.of(x.dim(1))), axis, in.get(1), in.get(2), where);
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.LINEAR, Trait.CHECKED, Trait.PART);
    }
}
