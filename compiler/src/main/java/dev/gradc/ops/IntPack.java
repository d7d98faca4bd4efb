package dev.gradc.ops;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** An int array literal {@code [0, 2, 1]}: int scalars make a vector, int vectors of one length a matrix. */
public record IntPack(int count) implements Primitive, JavaCall {

    @Override
    public String mnemonic() {
        return "int_pack";
    }

    @Override
    public String attributes() {
        return Integer.toString(count);
    }

    @Override
    public Type inferType(List<Type> inputs) {
        Type first = inputs.get(0);
        for (Type t : inputs) {
            if (!t.equals(first) || !(t instanceof Type.Int || t instanceof Type.IntArray a && a.shape().rank() == 1)) {
                throw new OpError(dev.gradc.diag.ArrayMessages.intLiteralElements(inputs));
            }
        }
        List<Dim> dims = new ArrayList<>();
        dims.add(new Dim.Fixed(count));
        if (first instanceof Type.IntArray a) {
            dims.addAll(a.shape().dims());
        }
        return new Type.IntArray(new Shape(dims));
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        if (inputs[0] instanceof Integer) {
            int[] out = new int[count];
            for (int k = 0; k < count; k++) {
                out[k] = (Integer) inputs[k];
            }
            return IntND.vector(out);
        }
        int width = ((IntND) inputs[0]).size();
        int[] out = new int[count * width];
        for (int k = 0; k < count; k++) {
            System.arraycopy(((IntND) inputs[k]).data(), 0, out, k * width, width);
        }
        return new IntND(out, new int[] {count, width});
    }

    @Override
    public CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where) {
        if (((Type.IntArray) n.type()).shape().rank() == 1) {
            return CodeBlock.of("new int[] {$L}", String.join(", ", in));
        }
        return CodeBlock.of("$T.concat(new int[][] {$L})", dev.gradc.runtime.IntArrays.class, String.join(", ", in));
    }

    @Override
    public boolean isNonDifferentiable() {
        return true;
    }
}
