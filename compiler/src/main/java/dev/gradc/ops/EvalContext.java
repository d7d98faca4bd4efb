package dev.gradc.ops;

import dev.gradc.runtime.checkpoint.KeptBudget;

import java.util.Map;

/**
 * What evaluating an op may need besides its inputs: the bound size names, and how many values the stacks of
 * one evaluation may keep for adjoint loops before {@code runtime.KeptStateLimitException} (not an
 * OutOfMemoryError).
 */
public record EvalContext(Map<String, Integer> sizes, long maxKeptValues) {

    /** The default kept-values budget: a quarter of the heap, in doubles ({@link KeptBudget#DEFAULT}). */
    public static final long DEFAULT_MAX_KEPT_VALUES = KeptBudget.DEFAULT;

    public EvalContext {
        sizes = Map.copyOf(sizes);
        if (maxKeptValues < 0) {
            throw new IllegalArgumentException("maxKeptValues must be >= 0, got " + maxKeptValues);
        }
    }

    public EvalContext(Map<String, Integer> sizes) {
        this(sizes, DEFAULT_MAX_KEPT_VALUES);
    }
}
