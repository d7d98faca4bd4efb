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
 * {@code concat(a, b, ...)} (along the first axis, sizes add) or {@code stack(a, b, ...)} (a new first axis) of
 * int arrays: in row-major order both are the inputs' entries one after another.
 */
public record IntJoin(int count, boolean stack) implements Primitive, JavaCall {

    @Override
    public String mnemonic() {
        return stack ? "int_stack" : "int_concat";
    }

    @Override
    public String attributes() {
        return Integer.toString(count);
    }

    @Override
    public Type inferType(List<Type> inputs) {
        List<Shape> shapes = new ArrayList<>();
        for (Type t : inputs) {
            if (!(t instanceof Type.IntArray a) || (stack && !a.equals(inputs.get(0)))) {
                throw new OpError(dev.gradc.diag.ArrayMessages.intJoin(stack ? "stack" : "concat", inputs));
            }
            shapes.add(a.shape());
        }
        Shape first = shapes.get(0);
        List<Dim> dims = new ArrayList<>();
        if (stack) {
            dims.add(new Dim.Fixed(count));
            dims.addAll(first.dims());
            return new Type.IntArray(new Shape(dims));
        }
        Dim rows = Dim.of(0);
        for (Shape s : shapes) {
            if (s.rank() != first.rank() || !s.dims().subList(1, s.rank()).equals(first.dims().subList(1, first.rank()))) {
                throw new OpError(dev.gradc.diag.ArrayMessages.intJoin("concat", inputs));
            }
            rows = Dim.plus(rows, 1, s.dim(0));
        }
        dims.add(rows);
        dims.addAll(first.dims().subList(1, first.rank()));
        return new Type.IntArray(new Shape(dims));
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        int[][] parts = new int[inputs.length][];
        int rows = 0;
        for (int k = 0; k < inputs.length; k++) {
            IntND a = (IntND) inputs[k];
            parts[k] = a.data();
            rows += a.shape()[0];
        }
        int[] first = ((IntND) inputs[0]).shape();
        int[] shape;
        if (stack) {
            shape = new int[first.length + 1];
            shape[0] = count;
            System.arraycopy(first, 0, shape, 1, first.length);
        } else {
            shape = first.clone();
            shape[0] = rows;
        }
        return new IntND(IntArrays.join(parts), shape);
    }

    @Override
    public CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where) {
        return CodeBlock.of("$T.join($L)", IntArrays.class, String.join(", ", in));
    }

    @Override
    public boolean isNonDifferentiable() {
        return true;
    }
}
