package dev.gradc.runtime;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * A growable stack of references, for per-iteration state that is not a primitive (such as an array
 * value that a loop rebinds). Popped slots are cleared so the stack does not keep garbage alive. Its limit
 * counts values, as the kept-values budget does: an array entry its elements, any other entry one (a stack
 * entry too: what that stack holds was counted by its own pushes). A push past the limit throws
 * {@link KeptStateLimitException}; the first entry is always taken. Not thread-safe.
 *
 * @param <T> the element type
 */
public final class ObjectStack<T> {

    private long limit;
    private String where;
    private Object[] values = new Object[0];
    private int size;
    /** The values the entries count ({@link #count}), kept as they are pushed and popped: a long, past 2^31. */
    private long counted;
    /** How many entries are stacks, whose holdings {@link #values()} adds up. */
    private int stacks;

    /** An empty stack limited only by the largest array the JVM can allocate (its entries, whatever they hold). */
    public ObjectStack() {
        this(Long.MAX_VALUE);
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
            KeptValues.add(-counted);
        }
        java.util.Arrays.fill(values, 0, size, null);
        counted = 0;
        stacks = 0;
        if (values.length > limit) {
            // the limit is checked when the stack grows: never hold more room than it allows
            values = Arrays.copyOf(values, (int) limit);
        }
        size = 0;
        return this;
    }

    /** Pushes one value ({@code null} is allowed). */
    public void push(T v) {
        long n = count(v);
        if (size > 0 && counted + n > limit) {
            throw StackCapacity.limitError(limit, where);
        }
        if (size == values.length) {
            // the limit counts values; the references are bounded by what one array holds
            values = Arrays.copyOf(values, StackCapacity.grow(values.length, size + 1L, StackCapacity.MAX_ARRAY, where));
        }
        values[size++] = v;
        counted += n;
        stacks += isStack(v) ? 1 : 0;
        if (KeptValues.COUNTED) {
            KeptValues.add(n);
        }
    }

    /** The values one entry counts against the limit: an array its elements, anything else one. */
    private static long count(Object v) {
        if (v instanceof double[] a) {
            return a.length;
        } else if (v instanceof int[] a) {
            return a.length;
        } else if (v instanceof boolean[] a) {
            return a.length;
        }
        return 1;
    }

    private static boolean isStack(Object v) {
        return v instanceof DoubleStack || v instanceof IntStack || v instanceof BooleanStack || v instanceof ObjectStack;
    }

    /**
     * Empties the stack as though every entry had been popped, and each stack among them in turn (a trip's stack
     * that nothing will pop: generated code discards it, {@code discard} in the compiler's graphs), so that what
     * they held no longer counts as held.
     */
    public void clear() {
        for (int i = 0; i < size; i++) {
            if (values[i] instanceof DoubleStack s) {
                s.clear();
            } else if (values[i] instanceof IntStack s) {
                s.clear();
            } else if (values[i] instanceof BooleanStack s) {
                s.clear();
            } else if (values[i] instanceof ObjectStack<?> s) {
                s.clear();
            }
        }
        if (KeptValues.COUNTED) {
            KeptValues.add(-counted);
        }
        Arrays.fill(values, 0, size, null);
        counted = 0;
        stacks = 0;
        size = 0;
    }

    /** Removes and returns the top value. */
    @SuppressWarnings("unchecked")
    public T pop() {
        if (size == 0) {
            throw new NoSuchElementException("pop from an empty ObjectStack");
        }
        T v = (T) values[--size];
        values[size] = null;
        long n = count(v);
        counted -= n;
        stacks -= isStack(v) ? 1 : 0;
        if (KeptValues.COUNTED) {
            KeptValues.add(-n);
        }
        return v;
    }

    /** The number of entries on the stack. */
    public int size() {
        return size;
    }

    /**
     * The values the stack holds: an array entry its elements, a stack entry what that stack holds now, anything else
     * one; as a long (arrays of many elements pass 2^31). O(1), kept as entries are pushed and popped, but for a stack
     * of stacks, whose entries are asked. The kept-values budget's count of a stack ({@code KeptBudget.size}).
     */
    public long values() {
        if (stacks == 0) {
            return counted;
        }
        long n = 0;
        for (int i = 0; i < size; i++) {
            n += valuesOf(values[i]);
        }
        return n;
    }

    /**
     * The values {@code v} holds for the kept-values budget: an array its elements, a stack what it holds now (a stack
     * of stacks what they hold), anything else one.
     */
    public static long valuesOf(Object v) {
        if (v instanceof DoubleStack s) {
            return s.size();
        } else if (v instanceof IntStack s) {
            return s.size();
        } else if (v instanceof BooleanStack s) {
            return s.values();
        } else if (v instanceof ObjectStack<?> s) {
            return s.values();
        }
        return count(v);
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
