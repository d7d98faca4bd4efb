package dev.gradc.ops;

import dev.gradc.ir.Type;
import dev.gradc.runtime.checkpoint.KeptBudget;
import java.util.List;

/**
 * {@code kept_units(x1, ..., xk, v1, ..., vn)}: what values v1..vn keep (their elements; a stack what it holds,
 * a stack of stacks what they hold), in units of the state x1..xk rounded up ({@link KeptBudget#units}). A loop
 * whose first sweep keeps its inner loops' results per trip counts them so against its budget of snapshots. An
 * int: no derivative; it reads stacks, so it is a node of its own. It needs none of v1..vn kept: passes.DeadNodes
 * drops from it a value nothing else reads (nothing keeps it, so there is nothing to count).
 */
public record KeptUnits(int state) implements BudgetCount {

    @Override
    public String attributes() {
        return "state=" + state;
    }

    @Override
    public String mnemonic() {
        return "kept_units";
    }

    @Override
    public boolean stateful() {
        return true;
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return Type.INT;
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        long stateValues = 0;
        long kept = 0;
        for (int i = 0; i < inputs.length; i++) {
            long n = size(inputs[i]);
            if (i < state) {
                stateValues += n;
            } else {
                kept += n;
            }
        }
        return KeptBudget.units(stateValues, kept);
    }

    /** The values an interpreter value holds: an array its elements, a stack what it holds, else one. */
    static long size(Object v) {
        if (v instanceof NDArray || v instanceof IntND || v instanceof Mask) {
            return ValueStack.count(v);
        }
        if (v instanceof ValueStack s) {
            return s.held();
        }
        if (v != null && v.getClass().isArray()) {
            return java.lang.reflect.Array.getLength(v);
        }
        return 1;
    }
}
