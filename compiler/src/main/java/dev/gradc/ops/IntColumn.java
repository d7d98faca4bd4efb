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
 * {@code m[:, j]} of an int matrix {@code [R, C]}: column j, {@code int[R]} (inputs m, j), or, when {@code write},
 * {@code m[:, j] = v} as a value: a copy of m with column j replaced by {@code v: int[R]} (inputs m, v, j), or m
 * itself when its old value is dead ({@link IntWrite}). The column number is checked at run time.
 */
public record IntColumn(boolean write) implements IntWrite {

    @Override
    public String mnemonic() {
        return write ? "int_column_update" : "int_column";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        Type j = inputs.get(write ? 2 : 1);
        if (!(inputs.get(0) instanceof Type.IntArray m) || m.shape().rank() != 2 || !(j instanceof Type.Int)) {
            throw new OpError(mnemonic() + " of " + inputs);
        }
        Type column = new Type.IntArray(new Shape(List.of(m.shape().dim(0))));
        if (write && !inputs.get(1).equals(column)) {
            throw new OpError("a column update of " + m + " writes " + column + ", got " + inputs.get(1));
        }
        return write ? m : column;
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        return apply(inputs, ctx, false);
    }

    @Override
    public Object apply(Object[] inputs, EvalContext ctx, boolean inPlace) {
        IntND m = (IntND) inputs[0];
        int rows = m.shape()[0];
        int cols = m.shape()[1];
        if (write) {
            int[] v = ((IntND) inputs[1]).data();
            IntND out = IntWrite.target(m, inPlace);
            IntArrays.setColumn(out.data(), rows, cols, (Integer) inputs[2], v, null);
            return out;
        }
        return new IntND(IntArrays.column(m.data(), rows, cols, (Integer) inputs[1], null), new int[] {rows});
    }

    @Override
    public CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where,
                          boolean inPlace) {
        Shape s = ((Type.IntArray) types.get(0)).shape();
        String rows = count.apply(List.of(s.dim(0)));
        String cols = count.apply(List.of(s.dim(1)));
        return write ? CodeBlock.of("$T.$L($L, $L, $L, $L, $L, $S)", IntArrays.class,
                inPlace ? "setColumn" : "writeColumn", in.get(0), rows, cols, in.get(2), in.get(1), where)
                : CodeBlock.of("$T.column($L, $L, $L, $L, $S)", IntArrays.class, in.get(0), rows, cols, in.get(1), where);
    }

    @Override
    public java.util.Set<Trait> traits() {
        return write ? java.util.EnumSet.of(Trait.CHECKED) : java.util.EnumSet.of(Trait.CHECKED, Trait.PART);
    }
}
