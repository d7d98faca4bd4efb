package dev.gradc.ops;

import dev.gradc.ir.Shape;
import dev.gradc.ir.Type;
import java.util.List;

/** Elementwise comparison of reals or ints, with broadcasting; gives bool. Carries no derivative. */
public enum Compare implements Primitive {
    LT("lt", "<"), LE("le", "<="), GT("gt", ">"), GE("ge", ">="), EQ("eq", "=="), NE("ne", "!=");

    private final String opName;
    private final String symbol;

    Compare(String opName, String symbol) {
        this.opName = opName;
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    public boolean test(double a, double b) {
        return switch (this) {
            case LT -> a < b;
            case LE -> a <= b;
            case GT -> a > b;
            case GE -> a >= b;
            case EQ -> a == b;
            case NE -> a != b;
        };
    }

    public String java(String a, String b) {
        return "(" + a + " " + symbol + " " + b + ")";
    }

    @Override
    public String mnemonic() {
        return opName;
    }

    @Override
    public Type inferType(List<Type> inputs) {
        Type a = inputs.get(0);
        Type b = inputs.get(1);
        if (a instanceof Type.Int && b instanceof Type.Int) {
            return Type.BOOL;
        }
        if (!(a instanceof Type.Real ra) || !(b instanceof Type.Real rb)) {
            throw new OpError("'" + symbol + "' compares numbers, got " + a + " and " + b);
        }
        Shape s = Broadcasting.require("'" + symbol + "'", ra.shape(), rb.shape());
        return new Type.Bool(s);
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        if (inputs[0] instanceof Integer a) {
            return test(a, (Integer) inputs[1]);
        }
        NDArray a = (NDArray) inputs[0];
        NDArray b = (NDArray) inputs[1];
        int[] shape = Broadcasting.shape(a.shape(), b.shape());
        int n = Broadcasting.size(shape);
        if (shape.length == 0) {
            return test(a.data()[0], b.data()[0]);
        }
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = test(a.data()[i % a.size()], b.data()[i % b.size()]);
        }
        return new Mask(out, shape);
    }

    @Override
    public boolean isNonDifferentiable() {
        return true;
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.ELEMENTWISE, Trait.NON_DIFFERENTIABLE, Trait.READS_ONLY);
    }
}
