package dev.gradc.ops;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.runtime.IntArrays;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** {@code a[idx]} of an int array: its rows picked by an int vector (composing indices); never differentiated. */
public record IntGather() implements Primitive, JavaCall {

    @Override
    public String mnemonic() {
        return "int_gather";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.IntArray a)) {
            throw new OpError(dev.gradc.diag.ArrayMessages.gatherTarget(inputs.get(0)));
        }
        Shape idx = Gather.indices(inputs.get(1));
        List<Dim> dims = new ArrayList<>(a.shape().dims());
        dims.set(0, idx.dim(0));
        return new Type.IntArray(new Shape(dims));
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        IntND a = (IntND) inputs[0];
        int[] idx = ((IntND) inputs[1]).data();
        int rows = a.shape()[0];
        int width = rows == 0 ? 0 : a.size() / rows;
        int[] shape = a.shape().clone();
        shape[0] = idx.length;
        return new IntND(IntArrays.gather(a.data(), rows, width, idx, null), shape);
    }

    @Override
    public CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where) {
        Shape a = ((Type.IntArray) types.get(0)).shape();
        return CodeBlock.of("$T.gather($L, $L, $L, $L, $S)", IntArrays.class, in.get(0),
                count.apply(List.of(a.dim(0))), count.apply(a.dims().subList(1, a.rank())), in.get(1), where);
    }

    @Override
    public boolean isNonDifferentiable() {
        return true;
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.CHECKED, Trait.PART);
    }
}
