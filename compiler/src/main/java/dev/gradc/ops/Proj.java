package dev.gradc.ops;

import dev.gradc.ir.Type;
import java.util.List;

/** Part {@code index} of a region's results. */
public record Proj(int index) implements Primitive {

    @Override
    public String mnemonic() {
        return "proj";
    }

    @Override
    public String attributes() {
        return Integer.toString(index);
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return ((Type.Tuple) inputs.get(0)).parts().get(index);
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        return ((Object[]) inputs[0])[index];
    }
}
