package dev.gradc.ops;

import dev.gradc.ir.Type;
import java.util.List;

/** {@code &&}, {@code ||} and {@code !} on scalar bools. Both operands are evaluated (no side effects exist). */
public enum Logic implements Primitive {
    AND("and", "&&"), OR("or", "||"), NOT("not", "!");

    private final String opName;
    private final String symbol;

    Logic(String opName, String symbol) {
        this.opName = opName;
        this.symbol = symbol;
    }

    public String symbol() {
        return symbol;
    }

    @Override
    public String mnemonic() {
        return opName;
    }

    @Override
    public Type inferType(List<Type> inputs) {
        for (Type t : inputs) {
            if (!(t instanceof Type.Bool b) || !b.isScalar()) {
                throw new OpError("'" + symbol + "' expects bool, got " + t);
            }
        }
        return Type.BOOL;
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        boolean a = (Boolean) inputs[0];
        return switch (this) {
            case AND -> a && (Boolean) inputs[1];
            case OR -> a || (Boolean) inputs[1];
            case NOT -> !a;
        };
    }

    @Override
    public boolean isNonDifferentiable() {
        return true;
    }

    @Override
    public java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.ELEMENTWISE, Trait.NON_DIFFERENTIABLE);
    }
}
