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
 * {@code idx[k] = v}, {@code m[i, j] = v}, {@code m[i] = row} ({@code count} indices) and, with a {@code length},
 * {@code idx[a:a+L] = w}, {@code m[a:a+L] = rows} (inputs a, v, start) on an int array, as a value: a copy of
 * the array with those entries replaced, or the array itself when its old value is dead ({@link IntWrite}).
 * Every index and the slice are checked at run time.
 */
public record IntUpdate(int count, Dim length) implements IntWrite {

    /** An update at {@code count} int indices. */
    public static IntUpdate at(int count) {
        return new IntUpdate(count, null);
    }

    /** An update of {@code length} rows from an int start. */
    public static IntUpdate rows(Dim length) {
        return new IntUpdate(1, length);
    }

    @Override
    public String mnemonic() {
        return length == null ? "int_update" : "int_rows_update";
    }

    @Override
    public String attributes() {
        return length == null ? Integer.toString(count) : length.toString();
    }

    @Override
    public Type inferType(List<Type> inputs) {
        List<Type> read = new ArrayList<>(inputs);
        read.remove(1);
        Type region = length == null ? new IntIndex(count).inferType(read) : new IntRows(length).inferType(read);
        if (!inputs.get(1).equals(region)) {
            throw new OpError("an update of " + inputs.get(0) + " writes " + region + ", got " + inputs.get(1));
        }
        return inputs.get(0);
    }

    @Override
    public Object apply(Object[] inputs, EvalContext ctx, boolean inPlace) {
        IntND a = (IntND) inputs[0];
        int[] s = a.shape();
        int width = s[0] == 0 ? 0 : a.size() / s[0];
        int offset;
        if (length != null) {
            int n = ((IntND) inputs[1]).shape()[0];
            offset = IntArrays.rowsStart((Integer) inputs[2], n, s[0], null) * width;
        } else {
            offset = IntArrays.index((Integer) inputs[2], s[0], 0, null) * width;
            if (count == 2) {
                offset += IntArrays.index((Integer) inputs[3], s[1], 1, null);
            }
        }
        IntND out = IntWrite.target(a, inPlace);
        if (inputs[1] instanceof Integer v) {
            IntArrays.set(out.data(), offset, v);
        } else {
            IntArrays.set(out.data(), offset, ((IntND) inputs[1]).data());
        }
        return out;
    }

    @Override
    public CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where,
                          boolean inPlace) {
        Shape s = ((Type.IntArray) types.get(0)).shape();
        String w = where;
        String rows = count.apply(List.of(s.dim(0)));
        String width = count.apply(s.dims().subList(1, s.rank()));
        CodeBlock offset;
        if (length != null) {
            offset = CodeBlock.of("$T.rowsStart($L, $L, $L, $S) * $L", IntArrays.class, in.get(2),
                    count.apply(List.of(length)), rows, w, width);
        } else if (this.count == 1) {
            offset = CodeBlock.of("$T.index($L, $L, 0, $S) * $L", IntArrays.class, in.get(2), rows, w, width);
        } else {
            offset = CodeBlock.of("$T.index($L, $L, 0, $S) * $L + $T.index($L, $L, 1, $S)", IntArrays.class, in.get(2),
                    rows, w, width, IntArrays.class, in.get(3), width, w);
        }
        return CodeBlock.of("$T.$L($L, $L, $L)", IntArrays.class, inPlace ? "set" : "write", in.get(0), offset,
                in.get(1));
    }
}
