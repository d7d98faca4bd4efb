package dev.gradc.ops;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * {@code x[idx]}: the rows of x picked by the int vector idx, repeats allowed, so {@code [R, ...]} by
 * {@code int[K]} is {@code [K, ...]}; every row number checked at run time. Linear in x; its transpose is
 * {@link ScatterAdd}, which adds each adjoint row back at its row number (a repeated row gets the sum).
 */
public record Gather() implements Primitive, JavaCall {

    @Override
    public String mnemonic() {
        return "gather";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.Real x) || x.isScalar()) {
            throw new OpError(dev.gradc.diag.ArrayMessages.gatherTarget(inputs.get(0)));
        }
        Shape idx = indices(inputs.get(1));
        List<Dim> dims = new ArrayList<>(x.shape().dims());
        dims.set(0, idx.dim(0));
        return Type.real(new Shape(dims));
    }

    /** The shape of an index vector, or an {@link OpError}. */
    static Shape indices(Type t) {
        if (!(t instanceof Type.IntArray a) || a.shape().rank() != 1) {
            throw new OpError(dev.gradc.diag.ArrayMessages.gatherIndices(t));
        }
        return a.shape();
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray x = (NDArray) inputs[0];
        int[] idx = ((IntND) inputs[1]).data();
        int rows = x.shape()[0];
        int width = rows == 0 ? 0 : x.size() / rows;
        int[] shape = x.shape().clone();
        shape[0] = idx.length;
        return new NDArray(dev.gradc.runtime.Gather.rows(x.data(), rows, width, idx, null), shape);
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        return new int[] {g.apply(new ScatterAdd(g.shape(in[0])), bar, in[1]), NONE};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        return t[0] == NONE ? NONE : g.apply(this, t[0], in[1]);
    }

    @Override
    public CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where) {
        Shape x = ((Type.Real) types.get(0)).shape();
        return CodeBlock.of("$T.rows($L, $L, $L, $L, $S)", dev.gradc.runtime.Gather.class, in.get(0),
                count.apply(List.of(x.dim(0))), count.apply(x.dims().subList(1, x.rank())), in.get(1), where);
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.LINEAR, Trait.CHECKED, Trait.PART);
    }
}
