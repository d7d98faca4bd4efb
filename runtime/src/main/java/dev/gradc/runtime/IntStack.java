package dev.gradc.runtime;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * A growable stack of primitive {@code int}s (no boxing), for instance the trip counts of inner loops
 * kept by a generated adjoint. Grows by doubling; a push past the limit throws
 * {@link KeptStateLimitException}. Not thread-safe.
 */
public final class IntStack {

    private long limit;
    private String where;
    private int[] values = new int[0];
    private int size;

    /** An empty stack limited only by the largest array the JVM can allocate. */
    public IntStack() {
        this(StackCapacity.MAX_ARRAY);
    }

    /** An empty stack that holds at most {@code maxElements} values. */
    public IntStack(long maxElements) {
        this(maxElements, null);
    }

    /**
     * An empty stack that holds at most {@code maxElements} values for the loop at {@code where} (like
     * {@code "model.grad:7"}), which a push past the limit names.
     */
    public IntStack(long maxElements, String where) {
        this.limit = StackCapacity.checkedLimit(maxElements);
        this.where = where;
    }

    /**
     * Empties the stack for a new call of generated code and gives it a new limit and loop, keeping the memory it
     * grew (a workspace's stacks are reset instead of allocated afresh).
     */
    public IntStack reset(long maxElements, String where) {
        this.limit = StackCapacity.checkedLimit(maxElements);
        this.where = where;
        if (KeptValues.COUNTED) {
            KeptValues.add(-size);
        }
        if (values.length > limit) {
            // the limit is checked when the stack grows: never hold more room than it allows
            values = Arrays.copyOf(values, (int) limit);
        }
        size = 0;
        return this;
    }

    /** Pushes one value. */
    public void push(int v) {
        if (size == values.length) {
            grow();
        }
        values[size++] = v;
        if (KeptValues.COUNTED) {
            KeptValues.add(1);
        }
    }

    /** The growth of a push that finds the array full, out of line so that inlined pushes stay small. */
    private void grow() {
        values = Arrays.copyOf(values, StackCapacity.grow(values.length, size + 1L, StackCapacity.limitFor(limit, size, 1), where));
    }

    /**
     * Empties the stack as though every value had been popped (a trip's stack that nothing will pop: generated code
     * discards it, {@code discard} in the compiler's graphs), so that its values no longer count as held.
     */
    public void clear() {
        if (KeptValues.COUNTED) {
            KeptValues.add(-size);
        }
        size = 0;
    }

    /** Removes and returns the top value. */
    public int pop() {
        if (size == 0) {
            throw new NoSuchElementException("pop from an empty IntStack");
        }
        if (KeptValues.COUNTED) {
            KeptValues.add(-1);
        }
        return values[--size];
    }

    /** The number of values on the stack. */
    public int size() {
        return size;
    }

    /** Whether the stack holds no values. */
    public boolean isEmpty() {
        return size == 0;
    }
}
