package dev.gradc.ops;

import com.palantir.javapoet.CodeBlock;
import dev.gradc.ir.Dim;
import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import dev.gradc.runtime.IntArrays;
import java.util.List;
import java.util.function.Function;

/** {@code range(N)}: the int array 0, 1, ..., N-1 of a static length (a literal or affine in size names). */
public record Range(Dim length) implements Primitive, JavaCall {

    @Override
    public String mnemonic() {
        return "range";
    }

    @Override
    public String attributes() {
        return length.toString();
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return new Type.IntArray(Shape.of(length));
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        return IntND.vector(IntArrays.range(length.resolve(ctx.sizes())));
    }

    @Override
    public CodeBlock java(Node n, List<Type> types, List<String> in, Function<List<Dim>, String> count, String where) {
        return CodeBlock.of("$T.range($L)", IntArrays.class, count.apply(List.of(length)));
    }

    @Override
    public boolean isNonDifferentiable() {
        return true;
    }
}
