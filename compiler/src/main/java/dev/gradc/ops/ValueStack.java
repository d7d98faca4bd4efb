package dev.gradc.ops;

import dev.gradc.runtime.KeptStateLimitException;
import java.util.ArrayList;
import java.util.List;

/**
 * The interpreter's form of a stack value. Stacks are used linearly (each version is read once), so
 * push and pop may change this object in place and return it.
 */
public final class ValueStack {

    private final List<Object> items = new ArrayList<>();
    /** The number of doubles kept (an array counts its elements, anything else one). */
    private long values;

    /**
     * Pushes v; throws {@link KeptStateLimitException} when the stack would keep more than {@code limit} values.
     * A stack always takes its first entry, as the generated code's stacks do.
     */
    ValueStack push(Object v, long limit) {
        long n = v instanceof NDArray a ? a.size() : 1;
        if (values + n > limit && !items.isEmpty()) {
            throw new KeptStateLimitException(limit);
        }
        values += n;
        items.add(v);
        return this;
    }

    Object pop() {
        if (items.isEmpty()) {
            throw new IllegalStateException("pop of an empty stack");
        }
        Object v = items.remove(items.size() - 1);
        values -= v instanceof NDArray a ? a.size() : 1;
        return v;
    }

    public int size() {
        return items.size();
    }
}
