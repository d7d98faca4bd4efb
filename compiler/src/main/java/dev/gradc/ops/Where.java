package dev.gradc.ops;

import dev.gradc.ir.Node;
import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.List;

/**
 * {@code where(mask, a, b)}: elementwise select, both sides evaluated, with broadcasting of all three.
 * The adjoint goes to a where the mask holds and to b elsewhere.
 */
public record Where() implements Primitive {

    public static final Where INSTANCE = new Where();

    @Override
    public String mnemonic() {
        return "where";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (!(inputs.get(0) instanceof Type.Bool m)) {
            throw new OpError("where expects a bool mask first, got " + inputs.get(0));
        }
        if (!(inputs.get(1) instanceof Type.Real a) || !(inputs.get(2) instanceof Type.Real b)) {
            throw new OpError("where chooses between reals, got " + inputs.get(1) + " and " + inputs.get(2));
        }
        Shape s = Broadcasting.require("where", a.shape(), b.shape());
        return Type.real(Broadcasting.require("where", m.shape(), s));
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        NDArray a = (NDArray) inputs[1];
        NDArray b = (NDArray) inputs[2];
        boolean[] mask;
        int[] maskShape;
        if (inputs[0] instanceof Boolean s) {
            mask = new boolean[] {s};
            maskShape = new int[0];
        } else {
            Mask m = (Mask) inputs[0];
            mask = m.data();
            maskShape = m.shape();
        }
        int[] shape = Broadcasting.shape(Broadcasting.shape(a.shape(), b.shape()), maskShape);
        int n = Broadcasting.size(shape);
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = mask[i % mask.length] ? a.data()[i % a.size()] : b.data()[i % b.size()];
        }
        return new NDArray(out, shape);
    }

    @Override
    public int[] vjp(Rules g, Node node, int[] in, int out, int bar, boolean[] need) {
        int zero = g.constant(0);
        return new int[] {NONE,
            need[1] ? g.where(in[0], bar, zero) : NONE,
            need[2] ? g.where(in[0], zero, bar) : NONE};
    }

    @Override
    public int jvp(Rules g, Node node, int[] in, int out, int[] t) {
        if (t[1] == NONE && t[2] == NONE) {
            return NONE;
        }
        int zero = g.constant(0);
        return g.where(in[0], t[1] == NONE ? zero : t[1], t[2] == NONE ? zero : t[2]);
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.ELEMENTWISE, Trait.READS_ONLY);
    }
}
