package dev.gradc.runtime;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * A growable stack of references, for per-iteration state that is not a primitive (such as an array
 * value that a loop rebinds). Popped slots are cleared so the stack does not keep garbage alive. A push
 * past the limit throws {@link KeptStateLimitException}. Not thread-safe.
 *
 * @param <T> the element type
 */
public final class ObjectStack<T> {

    private long limit;
    private String where;
    private Object[] values = new Object[0];
    private int size;

    /** An empty stack limited only by the largest array the JVM can allocate. */
    public ObjectStack() {
        this(StackCapacity.MAX_ARRAY);
    }

    /** An empty stack that holds at most {@code maxElements} values. */
    public ObjectStack(long maxElements) {
        this(maxElements, null);
    }

    /**
     * An empty stack that holds at most {@code maxElements} values for the loop at {@code where} (like
     * {@code "model.grad:7"}), which a push past the limit names.
     */
    public ObjectStack(long maxElements, String where) {
        this.limit = StackCapacity.checkedLimit(maxElements);
        this.where = where;
    }

    /**
     * Empties the stack for a new call of generated code and gives it a new limit and loop, keeping the memory it
     * grew (a workspace's stacks are reset instead of allocated afresh).
     */
    public ObjectStack<T> reset(long maxElements, String where) {
        this.limit = StackCapacity.checkedLimit(maxElements);
        this.where = where;
        if (KeptValues.COUNTED) {
            KeptValues.add(-size);
        }
        java.util.Arrays.fill(values, 0, size, null);
        if (values.length > limit) {
            // the limit is checked when the stack grows: never hold more room than it allows
            values = Arrays.copyOf(values, (int) limit);
        }
        size = 0;
        return this;
    }

    /** Pushes one value ({@code null} is allowed). */
    public void push(T v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, StackCapacity.grow(values.length, size + 1L, StackCapacity.limitFor(limit, size, 1), where));
        }
        values[size++] = v;
        if (KeptValues.COUNTED) {
            KeptValues.add(1);
        }
    }

    /** Removes and returns the top value. */
    @SuppressWarnings("unchecked")
    public T pop() {
        if (size == 0) {
            throw new NoSuchElementException("pop from an empty ObjectStack");
        }
        if (KeptValues.COUNTED) {
            KeptValues.add(-1);
        }
        T v = (T) values[--size];
        values[size] = null;
        return v;
    }

    /** The number of values on the stack. */
    public int size() {
        return size;
    }

    /** The value at position {@code i} from the bottom (0 is the oldest), without removing it. */
    @SuppressWarnings("unchecked")
    public T get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return (T) values[i];
    }

    /** Whether the stack holds no values. */
    public boolean isEmpty() {
        return size == 0;
    }
}
