package dev.gradc.runtime;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * A growable stack of {@code boolean}s packed 64 to a {@code long}, for instance the branch taken by an
 * {@code if} inside a loop, kept for the adjoint sweep. A push past the limit throws
 * {@link KeptStateLimitException}. Not thread-safe.
 */
public final class BooleanStack {

    private long limit;
    private String where;
    private long[] words = new long[0];
    private long size;

    /** An empty stack limited only by the largest array the JVM can allocate. */
    public BooleanStack() {
        this(StackCapacity.MAX_ARRAY);
    }

    /** An empty stack that holds at most {@code maxElements} values. */
    public BooleanStack(long maxElements) {
        this(maxElements, null);
    }

    /**
     * An empty stack that holds at most {@code maxElements} values for the loop at {@code where} (like
     * {@code "model.grad:7"}), which a push past the limit names.
     */
    public BooleanStack(long maxElements, String where) {
        this.limit = StackCapacity.checkedLimit(maxElements);
        this.where = where;
    }

    /**
     * Empties the stack for a new call of generated code and gives it a new limit and loop, keeping the memory it
     * grew (a workspace's stacks are reset instead of allocated afresh).
     */
    public BooleanStack reset(long maxElements, String where) {
        this.limit = StackCapacity.checkedLimit(maxElements);
        this.where = where;
        if (KeptValues.COUNTED) {
            KeptValues.add(-size);
        }
        size = 0;
        return this;
    }

    /** Pushes one value. */
    public void push(boolean v) {
        if (size >= limit) {
            throw StackCapacity.limitError(limit, where);
        }
        int word = (int) (size >>> 6);
        if (word == words.length) {
            words = Arrays.copyOf(words, Math.max(4, words.length * 2));
        }
        long bit = 1L << (size & 63);
        words[word] = v ? words[word] | bit : words[word] & ~bit;
        size++;
        if (KeptValues.COUNTED) {
            KeptValues.add(1);
        }
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
    public boolean pop() {
        if (size == 0) {
            throw new NoSuchElementException("pop from an empty BooleanStack");
        }
        size--;
        if (KeptValues.COUNTED) {
            KeptValues.add(-1);
        }
        return (words[(int) (size >>> 6)] & (1L << (size & 63))) != 0;
    }

    /** The number of values on the stack, at most {@code Integer.MAX_VALUE} ({@link #values()}: all of them). */
    public int size() {
        return (int) Math.min(size, Integer.MAX_VALUE);
    }

    /** The number of values on the stack, as a long: a stack of booleans may hold more than 2^31. */
    public long values() {
        return size;
    }

    /** Whether the stack holds no values. */
    public boolean isEmpty() {
        return size == 0;
    }
}
