package dev.gradc.ops;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.List;
import java.util.function.Function;

/**
 * Zeros of shape {@code shape} with row k of v added at row {@code idx[k]}, for every k: the transpose of
 * {@link Gather} (and {@code scatter_add(base, idx, v)} is {@code base} plus this). Linear in v; its
 * transpose is the gather of the adjoint at the same rows.
 */
public record ScatterAdd(Shape shape) implements Primitive, JavaCall {

    @Override
    public String mnemonic() {
        return "scatter_add";
    }

    @Override
    public String attributes() {
        return shape.toString();
    }

    @Override
    public Type inferType(List<Type> inputs) {
        Shape idx = Gather.indices(inputs.get(1));
        if (!(inputs.get(0) instanceof Type.Real v) || v.shape().rank() != shape.rank() || shape.isScalar()
                || !v.shape().dim(0).equals(idx.dim(0))
                || !v.shape().dims().subList(1, v.shape().rank()).equals(shape.dims().subList(1, shape.rank()))) {
            throw new OpError(dev.gradc.diag.ArrayMessages.scatterShapes(shape, inputs.get(0), inputs.get(1)));
        }
        return Type.real(shape);
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray v = (NDArray) inputs[0];
        int[] idx = ((IntND) inputs[1]).data();
        int[] out = shape.resolve(ctx.sizes());
        int width = Broadcasting.size(out) / Math.max(out[0], 1);
        return new NDArray(dev.gradc.runtime.Gather.scatterAdd(out[0], width, idx, v.data(), null), out);
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return new int[] {g.apply(new Gather(), bar, in[1]), NONE};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return t[0] == NONE ? NONE : g.apply(this, t[0], in[1]);
    }

    @Override
    public CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where) {
        return CodeBlock.of("$T.scatterAdd($L, $L, $L, $L, $S)", dev.gradc.runtime.Gather.class,
                count.apply(List.of(shape.dim(0))), count.apply(shape.dims().subList(1, shape.rank())), in.get(1),
                in.get(0), where);
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.LINEAR, Trait.CHECKED, Trait.PART);
    }
}
