package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.List;

/** An array of one value, {@code zeros(N)} and {@code ones(N, M)}; the shape may use size names. */
public record Fill(double value, Shape shape) implements Primitive {

    @Override
    public String mnemonic() {
        return "fill";
    }

    @Override
    public String attributes() {
        return value + ", " + shape;
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return Type.real(shape);
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        return NDArray.filled(value, shape.resolve(ctx.sizes()));
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] tangents) {
        return NONE;
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.ELEMENTWISE);
    }
}
