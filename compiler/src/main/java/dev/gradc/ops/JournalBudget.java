package dev.gradc.ops;

import dev.gradc.ir.Type;
import dev.gradc.runtime.checkpoint.KeptBudget;
import java.util.List;

/**
 * {@code journal_budget(perTrip)}: how many trips of a loop that keeps a journal of its element writes fit in
 * half the kept-values budget when one trip keeps {@code perTrip} values ({@link KeptBudget#journalTrips}).
 * The gradient journals that many trips and checkpoints the rest of the loop within the other half. An int:
 * no derivative; known only when the program runs (the budget is set then).
 */
public record JournalBudget() implements BudgetCount {

    @Override
    public String mnemonic() {
        return "journal_budget";
    }

    @Override
    public Type inferType(List<Type> inputs) {
        if (inputs.size() != 1 || !(inputs.get(0) instanceof Type.Int)) {
            throw new IllegalArgumentException("journal_budget takes one int, got " + inputs);
        }
        return Type.INT;
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        return KeptBudget.journalTrips(ctx.maxKeptValues(), (Integer) inputs[0]);
    }
}
