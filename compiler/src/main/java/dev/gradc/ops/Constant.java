package dev.gradc.ops;

import dev.gradc.ir.Dim;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A real constant (scalar or array literal); its derivative is zero, so it has no rules. */
public record Constant(NDArray value) implements Primitive {

    public static Constant scalar(double v) {
        return new Constant(NDArray.scalar(v));
    }

    public boolean isScalar() {
        return value.isScalar();
    }

    public double scalarValue() {
        return value.item();
    }

    @Override
    public String mnemonic() {
        return "const";
    }

    @Override
    public String attributes() {
        return value.isScalar() ? Double.toString(value.item()) : Arrays.toString(value.data());
    }

    @Override
    public Type inferType(List<Type> inputs) {
        List<Dim> dims = new ArrayList<>();
        for (int s : value.shape()) {
            dims.add(new Dim.Fixed(s));
        }
        return Type.real(new Shape(dims));
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        return value;
    }

    @Override
    public int jvp(Rules g, dev.gradc.ir.Node node, int[] in, int out, int[] tangents) {
        return NONE;
    }
}
