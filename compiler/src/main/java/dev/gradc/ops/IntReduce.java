package dev.gradc.ops;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.runtime.IntArrays;
import java.util.List;
import java.util.function.Function;

/** {@code sum(idx)} and {@code maxval(idx)} of a whole int array: an int. */
public record IntReduce(boolean max) implements Primitive, JavaCall {

    @Override
    public String mnemonic() {
        return max ? "int_maxval" : "int_sum";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.IntArray)) {
            throw new OpError(mnemonic() + " of " + inputs.get(0));
        }
        return Type.INT;
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        int[] a = ((IntND) inputs[0]).data();
        return max ? IntArrays.extreme(a, true, null) : IntArrays.sum(a);
    }

    @Override
    public CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where) {
        return max ? CodeBlock.of("$T.extreme($L, true, $S)", IntArrays.class, in.get(0), where)
                : CodeBlock.of("$T.sum($L)", IntArrays.class, in.get(0));
    }

    @Override
    public boolean isNonDifferentiable() {
        return true;
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.PART);
    }
}
