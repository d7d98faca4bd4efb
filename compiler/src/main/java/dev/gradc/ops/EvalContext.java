package dev.gradc.ops;

import java.util.Map;

/**
 * What evaluating an op may need besides its inputs: the bound size names, and how many values the stacks of
 * one evaluation may keep for adjoint loops before {@code runtime.KeptStateLimitException} (not an
 * OutOfMemoryError).
 */
public record EvalContext(Map<String, Integer> sizes, long maxKeptValues) {

    /** The default bound on kept values: 100 million doubles, 800 MB. */
    public static final long DEFAULT_MAX_KEPT_VALUES = 100_000_000L;

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
