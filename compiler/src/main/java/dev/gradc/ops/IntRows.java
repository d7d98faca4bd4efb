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

/**
 * {@code idx[a:a+L]}, {@code m[a:a+L]}: {@code length} consecutive entries (rows of a matrix) of an int array
 * from an int start, bounds-checked at run time; the length is static, as for {@link Rows}.
 */
public record IntRows(Dim length) implements Primitive, JavaCall {

    @Override
    public String mnemonic() {
        return "int_rows";
    }

    @Override
    public String attributes() {
        return length.toString();
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.IntArray a) || !(inputs.get(1) instanceof Type.Int)) {
            throw new OpError("int_rows of " + inputs);
        }
        List<Dim> dims = new ArrayList<>(a.shape().dims());
        dims.set(0, length);
        return new Type.IntArray(new Shape(dims));
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        IntND a = (IntND) inputs[0];
        int[] shape = a.shape().clone();
        int rows = shape[0];
        int width = rows == 0 ? 0 : a.size() / rows;
        shape[0] = length.resolve(ctx.sizes());
        return new IntND(IntArrays.rows(a.data(), (Integer) inputs[1], shape[0], rows, width, null), shape);
    }

    @Override
    public CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where) {
        Shape s = ((Type.IntArray) types.get(0)).shape();
        return CodeBlock.of("$T.rows($L, $L, $L, $L, $L, $S)", IntArrays.class, in.get(0), in.get(1),
                count.apply(List.of(length)), count.apply(List.of(s.dim(0))), count.apply(s.dims().subList(1, s.rank())),
                where);
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
