package dev.gradc.ops;

/**
 * An int the kept-values budget is counted with ({@link KeptUnits}, {@link JournalRoom}, {@link CheckpointBudget},
 * {@link JournalBudget}, {@link RestSnapshots}): no derivative, and it only reads its inputs (the stacks and state
 * whose sizes it counts).
 */
interface BudgetCount extends Primitive {

    @Override
    default boolean isNonDifferentiable() {
        return true;
    }

    @Override
    default java.util.Set<Trait> traits() {
        return java.util.EnumSet.of(Trait.NON_DIFFERENTIABLE, Trait.READS_ONLY);
    }
}
