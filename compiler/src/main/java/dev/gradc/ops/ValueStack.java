package dev.gradc.ops;

import dev.gradc.runtime.KeptStateLimitException;
import java.util.ArrayList;
import java.util.List;

/**
 * The interpreter's form of a stack value. Stacks are used linearly (each version is read once), so
 * push and pop may change this object in place and return it.
 */
public final class ValueStack {

    /** Per thread: the values all stacks hold now, the most they held since {@link #resetPeak}, and then. */
    private static final ThreadLocal<long[]> HELD = ThreadLocal.withInitial(() -> new long[3]);
    /** Per thread and loop ({@link #where}): as {@link #HELD}, the values the stacks named after that loop hold. */
    private static final ThreadLocal<java.util.Map<String, long[]>> BY_LOOP =
            ThreadLocal.withInitial(java.util.HashMap::new);

    private final List<Object> items = new ArrayList<>();
    /** The position of the loop that fills this stack ({@link StackNew#filling}), or null. */
    private final String where;
    /** The values kept ({@link #count}: an array its elements, anything else one). */
    private long values;
    /** How many of the items are stacks (which {@link #held} counts by what they hold). */
    private int stacks;
    /** What the stacks of this stack's loop hold, the most since {@link #resetPeak}, and then; null: no loop named. */
    private final long[] loop;

    /** An empty stack of the loop at {@code where} (may be null), which the kept-state error names. */
    public ValueStack(String where) {
        this.where = where;
        this.loop = where == null ? null : BY_LOOP.get().computeIfAbsent(where, w -> new long[3]);
    }

    /**
     * Pushes v; throws {@link KeptStateLimitException} naming the stack's loop when the stack would keep more than
     * {@code limit} values, as the generated code's stacks do. A stack always takes its first entry, as theirs do.
     */
    ValueStack push(Object v, long limit) {
        long n = count(v);
        if (values + n > limit && !items.isEmpty()) {
            throw where == null ? new KeptStateLimitException(limit) : new KeptStateLimitException(where, limit);
        }
        values += n;
        stacks += v instanceof ValueStack ? 1 : 0;
        items.add(v);
        long[] held = HELD.get();
        held[0] += n;
        held[1] = Math.max(held[1], held[0]);
        if (loop != null) {
            loop[0] += n;
            loop[1] = Math.max(loop[1], loop[0]);
        }
        return this;
    }

    Object pop() {
        if (items.isEmpty()) {
            throw new IllegalStateException("pop of an empty stack");
        }
        Object v = items.remove(items.size() - 1);
        long n = count(v);
        values -= n;
        stacks -= v instanceof ValueStack ? 1 : 0;
        HELD.get()[0] -= n;
        if (loop != null) {
            loop[0] -= n;
        }
        return v;
    }

    /**
     * The values one entry counts against the limit, as the generated code's stacks count them: an array (of reals,
     * ints or bools) its elements, anything else one (a stack too: what it holds was counted by its own pushes).
     */
    static long count(Object v) {
        return v instanceof NDArray a ? a.size() : v instanceof IntND a ? a.size() : v instanceof Mask m ? m.data().length
                : 1;
    }

    /**
     * The values this thread's stacks hold now, pushed less popped: the same before and after an evaluation that
     * returns (it pops every stack it pushes), as {@code runtime.KeptValues.held()} is for generated code; an
     * evaluation stopped by an exception leaves its stacks' values counted.
     */
    public static long heldNow() {
        return HELD.get()[0];
    }

    /** Starts a measurement on this thread: from now on {@link #peak} counts from what the stacks hold now. */
    public static void resetPeak() {
        long[] held = HELD.get();
        held[1] = held[0];
        held[2] = held[0];
        for (long[] l : BY_LOOP.get().values()) {
            l[1] = l[0];
            l[2] = l[0];
        }
    }

    /**
     * The most values (doubles; anything else one) this thread's stacks held at once since {@link #resetPeak},
     * less what they held then: the peak memory of the states and snapshots an evaluation kept.
     */
    public static long peak() {
        long[] held = HELD.get();
        return held[1] - held[2];
    }

    /**
     * Per loop ({@code file:line}, the loop that fills the stacks: {@link StackNew#filling}), the most values the
     * stacks named after it held at once since {@link #resetPeak}, less what they held then, on this thread: what one
     * loop kept at its peak, its own part of {@link #peak}. A stack pushed onto another counts where it was made.
     */
    public static java.util.Map<String, Long> peakByLoop() {
        java.util.Map<String, Long> peaks = new java.util.TreeMap<>();
        BY_LOOP.get().forEach((where, l) -> peaks.put(where, l[1] - l[2]));
        return peaks;
    }

    /**
     * Empties this stack, and each stack it holds in turn: what it held no longer counts as held ({@link #heldNow}),
     * as though every entry had been popped ({@link Discard}).
     */
    void clear() {
        for (Object v : items) {
            if (v instanceof ValueStack s) {
                s.clear();
            }
        }
        HELD.get()[0] -= values;
        if (loop != null) {
            loop[0] -= values;
        }
        items.clear();
        values = 0;
        stacks = 0;
    }

    public int size() {
        return items.size();
    }

    /** The values this stack holds: an array its elements, a stack (of a stack of stacks) what it holds, else one. */
    long held() {
        if (stacks == 0) {
            return values; // no stack of stacks: what it counted as it grew, without a pass
        }
        long n = 0;
        for (Object v : items) {
            n += KeptUnits.size(v);
        }
        return n;
    }
}
