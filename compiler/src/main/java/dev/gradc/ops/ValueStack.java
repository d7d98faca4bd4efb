package dev.gradc.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * The interpreter's form of a stack value. Stacks are used linearly (each version is read once), so
 * push and pop may change this object in place and return it.
 */
public final class ValueStack {

    private final List<Object> items = new ArrayList<>();

    ValueStack push(Object v) {
        items.add(v);
        return this;
    }

    Object pop() {
        if (items.isEmpty()) {
            throw new IllegalStateException("pop of an empty stack");
        }
        return items.remove(items.size() - 1);
    }

    public int size() {
        return items.size();
    }
}
