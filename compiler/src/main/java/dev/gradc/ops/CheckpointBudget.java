package dev.gradc.ops;

import dev.gradc.ir.Type;
import dev.gradc.runtime.checkpoint.KeptBudget;
import java.util.List;

/**
 * {@code checkpoint_budget(x1, ..., xk)}: how many snapshots of a loop's state fit in the kept-values budget
 * ({@code --max-kept-values}, {@code setMaxKeptValues}; {@link KeptBudget#snapshots}), one snapshot holding x1..xk:
 * the carried values at the loop's start and the int trip number kept beside them (one value). A loop the gradient checkpoints automatically keeps that many at most; when
 * its trips fit, that is every trip's state. With {@code half}, within half the budget: the rest of a loop
 * whose first trips keep a journal of their writes in the other half ({@link JournalBudget}). An int: no
 * derivative.
 */
public record CheckpointBudget(boolean half) implements BudgetCount {

    /** Within the whole budget. */
    public CheckpointBudget() {
        this(false);
    }

    @Override
    public String attributes() {
        return half ? "half" : "";
    }

    @Override
    public String mnemonic() {
        return "checkpoint_budget";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        return Type.INT;
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        long[] sizes = new long[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            sizes[i] = KeptUnits.size(inputs[i]);
        }
        return KeptBudget.snapshots(half ? ctx.maxKeptValues() / 2 : ctx.maxKeptValues(), sizes);
    }
}
