package dev.gradc.ops;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.runtime.IntArrays;
import java.util.List;
import java.util.function.Function;

/**
 * Reads an int array at int indices: {@code idx[k]} (an int), {@code m[i, j]} (an int) or {@code m[i]} (a row),
 * each index checked at run time against its dimension.
 */
public record IntIndex(int count) implements Primitive, JavaCall {

    @Override
    public String mnemonic() {
        return "int_index";
    }

    @Override
    public String attributes() {
        return Integer.toString(count);
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.IntArray a) || count > a.shape().rank() || a.shape().rank() > 2) {
            throw new OpError("int_index of " + inputs.get(0) + " by " + count + " indices");
        }
        for (Type t : inputs.subList(1, inputs.size())) {
            if (!(t instanceof Type.Int)) {
                throw new OpError(dev.gradc.diag.Messages.expectedInt("an index", t));
            }
        }
        return count == a.shape().rank() ? Type.INT : new Type.IntArray(a.shape().suffix(a.shape().rank() - count));
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        IntND a = (IntND) inputs[0];
        int[] s = a.shape();
        int i = IntArrays.index((Integer) inputs[1], s[0], 0, null);
        if (s.length == 1) {
            return a.data()[i];
        }
        if (count == 1) {
            return IntND.vector(java.util.Arrays.copyOfRange(a.data(), i * s[1], i * s[1] + s[1]));
        }
        return a.data()[i * s[1] + IntArrays.index((Integer) inputs[2], s[1], 1, null)];
    }

    @Override
    public CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where) {
        Shape s = ((Type.IntArray) types.get(0)).shape();
        String rows = count.apply(List.of(s.dim(0)));
        String w = where == null ? "null" : CodeBlock.of("$S", where).toString();
        if (s.rank() == 1) {
            return CodeBlock.of("$L[$T.index($L, $L, 0, $L)]", in.get(0), IntArrays.class, in.get(1), rows, w);
        }
        String cols = count.apply(List.of(s.dim(1)));
        if (this.count == 1) {
            return CodeBlock.of("$T.row($L, $L, $L, $L, $L)", IntArrays.class, in.get(0), in.get(1), rows, cols, w);
        }
        return CodeBlock.of("$L[$T.index($L, $L, 0, $L) * $L + $T.index($L, $L, 1, $L)]", in.get(0), IntArrays.class,
                in.get(1), rows, w, cols, IntArrays.class, in.get(2), cols, w);
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
