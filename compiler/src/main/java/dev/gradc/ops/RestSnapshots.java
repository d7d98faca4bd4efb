package dev.gradc.ops;

import dev.gradc.ir.Type;
import dev.gradc.runtime.checkpoint.KeptBudget;
import java.util.List;

/**
 * {@code rest_snapshots(x1, ..., xk, s1, ..., sn)}: how many snapshots of a loop's state x1..xk (with its trip
 * number, as {@link CheckpointBudget} counts it) the checkpointed rest of a journaled loop keeps, when the journal's
 * stacks s1..sn hold what its first trips kept ({@link KeptBudget#restSnapshots}): within half the kept-values budget,
 * and within what the journal left of the whole budget when it took more than its half. A journal whose values per
 * trip are a guess ({@link JournalRoom}) may pass its half by its last trip; with half the budget for the rest, the
 * loop held up to one and a half budgets. An int: no derivative; it reads stacks, so it is a node of its own. It needs
 * none of s1..sn kept: passes.DeadNodes drops from it a stack nothing else reads (nothing pushes it, so it holds
 * nothing).
 */
public record RestSnapshots(int state) implements BudgetCount {

    @Override
    public String attributes() {
        return "state=" + state;
    }

    @Override
    public String mnemonic() {
        return "rest_snapshots";
    }

    @Override
    public boolean stateful() {
        return true;
    }

    @Override
    public Type inferType(List<Type> inputs) {
        for (int i = state; i < inputs.size(); i++) {
            if (!(inputs.get(i) instanceof Type.Stack)) {
                throw new IllegalArgumentException("rest_snapshots takes its state, then stacks, got " + inputs);
            }
        }
        return Type.INT;
    }

    @Override
    public Object eval(Object[] inputs, EvalContext ctx) {
        long stateValues = 0;
        long held = 0;
        for (int i = 0; i < inputs.length; i++) {
            long n = KeptUnits.size(inputs[i]);
            if (i < state) {
                stateValues += n;
            } else {
                held += n;
            }
        }
        return KeptBudget.restSnapshots(ctx.maxKeptValues(), held, stateValues);
    }
}
