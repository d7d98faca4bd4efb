package dev.gradc.ops;

import java.util.Map;

/** What evaluating an op may need besides its inputs: the bound size names. */
public record EvalContext(Map<String, Integer> sizes) {

    public EvalContext {
        sizes = Map.copyOf(sizes);
    }
}
