package dev.gradc.runtime;

import java.util.Arrays;
import java.util.NoSuchElementException;

/**
 * A growable stack of primitive {@code double}s (no boxing) with which generated adjoint loops keep
 * per-iteration state: the forward sweep pushes, the reverse sweep pops in the opposite order.
 *
 * <p>The backing array grows by doubling. A push that would take the stack past its limit throws
 * {@link KeptStateLimitException} instead of running the JVM out of memory. Not thread-safe: one stack
 * belongs to one call of generated code. A stack made for one call lends its array to its thread when a pop
 * empties it, and a stack that grows takes such a spare of the right size instead of a new array
 * ({@link StackSpares}); a stack that lent its array and fills again takes back as much room as it had (its own
 * array when no other stack took it), so emptying and refilling within a call costs no regrowth. A workspace's
 * stack ({@link #forWorkspace}, {@link #reset}) keeps its own array.
 */
public final class DoubleStack {

    private long limit;
    private String where;
    private static final double[] NONE = new double[0];
    /** The most stacks one {@link #reserveAll} call takes. */
    public static final int GROUP = 8;

    private double[] values = NONE;
    private int size;
    /** Whether the stack lends its array to the thread's next stacks when emptied (one call's, not a workspace's). */
    private boolean lends = true;
    /** The length of the array the stack lent when it last emptied (0 if none): the room it takes back. */
    private int lentLength;

    /** An empty stack limited only by the largest array the JVM can allocate. */
    public DoubleStack() {
        this(StackCapacity.MAX_ARRAY);
    }

    /** An empty stack that holds at most {@code maxElements} values. */
    public DoubleStack(long maxElements) {
        this(maxElements, null);
    }

    /**
     * An empty stack that holds at most {@code maxElements} values for the loop at {@code where} (like
     * {@code "model.grad:7"}), which a push past the limit names.
     */
    public DoubleStack(long maxElements, String where) {
        this.limit = StackCapacity.checkedLimit(maxElements);
        this.where = where;
    }

    /**
     * An empty stack for a workspace, limited to {@code maxElements} values for the loop at {@code where}: it keeps
     * its array when emptied, for the workspace's next call, instead of lending it to its thread's other stacks.
     */
    public static DoubleStack forWorkspace(long maxElements, String where) {
        return new DoubleStack(maxElements, where).reset(maxElements, where);
    }

    /**
     * Empties the stack for a new call of generated code and gives it a new limit and loop, keeping the memory it
     * grew (a workspace's stacks are reset instead of allocated afresh).
     */
    public DoubleStack reset(long maxElements, String where) {
        this.limit = StackCapacity.checkedLimit(maxElements);
        this.where = where;
        this.lends = false;
        this.lentLength = 0;
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
    public void push(double v) {
        if (size == values.length) {
            growFor(size + 1L, 1);
        }
        values[size++] = v;
        if (KeptValues.COUNTED) {
            KeptValues.add(1);
        }
    }

    /**
     * Pushes {@code src[0..src.length)} as one block, so that {@link #popInto} with an array of the same
     * length restores it in the same order. Either the whole block is pushed or, past the limit, none.
     */
    public void pushAll(double[] src) {
        pushAll(src, 0, src.length);
    }

    /**
     * Pushes {@code src[from..from + length)} as one block, as {@link #pushAll(double[])} pushes a whole array:
     * a row of a matrix pushed where it lies, with no copy of its own.
     */
    public void pushAll(double[] src, int from, int length) {
        long needed = (long) size + length;
        if (needed > values.length) {
            growFor(needed, length);
        }
        System.arraycopy(src, from, values, size, length);
        size += length;
        if (KeptValues.COUNTED) {
            KeptValues.add(length);
        }
    }

    /**
     * Pushes a block of {@code length} values that the caller writes itself, as {@link #pushAll(double[], int, int)}
     * pushes a row: returns the offset of the block in {@link #array()}, whose entries
     * {@code [offset, offset + length)} the caller fills before the stack's next push or pop — generated code keeps
     * a line this way in the loop that overwrites it, with no pass of its own. Either the whole block is pushed or,
     * past the limit, none.
     */
    public int claim(int length) {
        long needed = (long) size + length;
        if (needed > values.length) {
            growFor(needed, length);
        }
        int offset = size;
        size += length;
        if (KeptValues.COUNTED) {
            KeptValues.add(length);
        }
        return offset;
    }

    /** The array the stack keeps its values in, for the caller of {@link #claim} (valid until the next push). */
    public double[] array() {
        return values;
    }

    /**
     * Makes room for {@code trips} pushes of {@code perTrip} values each, as far as the stack's limit allows,
     * so that a loop whose trip count is known on entry never copies the stack to grow it. Never throws for
     * a large count: the push that passes the limit does. A stack that must grow at least doubles (within
     * the limit), so that the reservations of an inner loop on its outer loop's stack, one per outer trip,
     * copy the stack O(log) times in all, not once per outer trip.
     *
     * <p>Only a check of the room the array has is done here; the growth is a method of its own
     * ({@link #reserveMore}), so that a compiler inlining this into a large generated method spends little of its
     * inlining budget on it (a generated loop reserves before every start, often many stacks).
     */
    public void reserve(long trips, int perTrip) {
        long pushed = pushes(trips, perTrip);
        if (pushed > 0 && values.length - size < pushed) {
            reserveMore(trips, perTrip);
        }
    }

    /**
     * {@link #reserve reserve(trips, perTrip)} on each of the stacks, in one call: a generated loop reserves the
     * same room on its like stacks with one call instead of one per stack, which checks the room of each stack and
     * grows those that need it through one call site of the growth ({@link #reserveEach}), so that a compiler
     * inlining it into a large generated method spends its inlining budget on the growth once per call, not once per
     * stack. No array is allocated: there are overloads for two to {@value #GROUP} stacks (more in calls of up to
     * {@value #GROUP} each).
     */
    public static void reserveAll(long trips, int perTrip, DoubleStack a, DoubleStack b) {
        long n = pushes(trips, perTrip);
        if (n > 0 && (a.lacks(n) | b.lacks(n))) {
            reserveEach(trips, perTrip, a, b, null, null, null, null, null, null);
        }
    }

    /** {@link #reserveAll(long, int, DoubleStack, DoubleStack) reserveAll} of three stacks. */
    public static void reserveAll(long trips, int perTrip, DoubleStack a, DoubleStack b, DoubleStack c) {
        long n = pushes(trips, perTrip);
        if (n > 0 && (a.lacks(n) | b.lacks(n) | c.lacks(n))) {
            reserveEach(trips, perTrip, a, b, c, null, null, null, null, null);
        }
    }

    /** {@link #reserveAll(long, int, DoubleStack, DoubleStack) reserveAll} of four stacks. */
    public static void reserveAll(long trips, int perTrip, DoubleStack a, DoubleStack b, DoubleStack c, DoubleStack d) {
        long n = pushes(trips, perTrip);
        if (n > 0 && (a.lacks(n) | b.lacks(n) | c.lacks(n) | d.lacks(n))) {
            reserveEach(trips, perTrip, a, b, c, d, null, null, null, null);
        }
    }

    /** {@link #reserveAll(long, int, DoubleStack, DoubleStack) reserveAll} of five stacks. */
    public static void reserveAll(long trips, int perTrip, DoubleStack a, DoubleStack b, DoubleStack c, DoubleStack d,
                                  DoubleStack e) {
        long n = pushes(trips, perTrip);
        if (n > 0 && (a.lacks(n) | b.lacks(n) | c.lacks(n) | d.lacks(n) | e.lacks(n))) {
            reserveEach(trips, perTrip, a, b, c, d, e, null, null, null);
        }
    }

    /** {@link #reserveAll(long, int, DoubleStack, DoubleStack) reserveAll} of six stacks. */
    public static void reserveAll(long trips, int perTrip, DoubleStack a, DoubleStack b, DoubleStack c, DoubleStack d,
                                  DoubleStack e, DoubleStack f) {
        long n = pushes(trips, perTrip);
        if (n > 0 && (a.lacks(n) | b.lacks(n) | c.lacks(n) | d.lacks(n) | e.lacks(n) | f.lacks(n))) {
            reserveEach(trips, perTrip, a, b, c, d, e, f, null, null);
        }
    }

    /** {@link #reserveAll(long, int, DoubleStack, DoubleStack) reserveAll} of seven stacks. */
    public static void reserveAll(long trips, int perTrip, DoubleStack a, DoubleStack b, DoubleStack c, DoubleStack d,
                                  DoubleStack e, DoubleStack f, DoubleStack g) {
        long n = pushes(trips, perTrip);
        if (n > 0 && (a.lacks(n) | b.lacks(n) | c.lacks(n) | d.lacks(n) | e.lacks(n) | f.lacks(n) | g.lacks(n))) {
            reserveEach(trips, perTrip, a, b, c, d, e, f, g, null);
        }
    }

    /** {@link #reserveAll(long, int, DoubleStack, DoubleStack) reserveAll} of eight stacks. */
    public static void reserveAll(long trips, int perTrip, DoubleStack a, DoubleStack b, DoubleStack c, DoubleStack d,
                                  DoubleStack e, DoubleStack f, DoubleStack g, DoubleStack h) {
        long n = pushes(trips, perTrip);
        if (n > 0 && (a.lacks(n) | b.lacks(n) | c.lacks(n) | d.lacks(n) | e.lacks(n) | f.lacks(n) | g.lacks(n)
                | h.lacks(n))) {
            reserveEach(trips, perTrip, a, b, c, d, e, f, g, h);
        }
    }

    /**
     * {@link #reserveMore} on each stack given (null: none), through one call site: inlined into a caller, the
     * growth is inlined once, not once per stack.
     */
    private static void reserveEach(long trips, int perTrip, DoubleStack a, DoubleStack b, DoubleStack c,
                                    DoubleStack d, DoubleStack e, DoubleStack f, DoubleStack g, DoubleStack h) {
        for (int i = 0; i < GROUP; i++) {
            DoubleStack s = switch (i) {
                case 0 -> a;
                case 1 -> b;
                case 2 -> c;
                case 3 -> d;
                case 4 -> e;
                case 5 -> f;
                case 6 -> g;
                default -> h;
            };
            if (s != null) {
                s.reserveMore(trips, perTrip);
            }
        }
    }

    /**
     * The values {@code trips} pushes of {@code perTrip} values each push, 0 for none, {@link Long#MAX_VALUE} past
     * what any array holds (so the product never overflows).
     */
    private static long pushes(long trips, int perTrip) {
        return trips <= 0 || perTrip <= 0 ? 0 : trips > Integer.MAX_VALUE ? Long.MAX_VALUE : trips * perTrip;
    }

    /** Whether the array lacks room for {@code n} more values ({@link #reserveMore} decides what to grow). */
    private boolean lacks(long n) {
        return values.length - size < n;
    }

    /** The growth of {@link #reserve}, when the array lacks the room: within the limit, at least doubling. */
    private void reserveMore(long trips, int perTrip) {
        long cap = Math.min(limit, StackCapacity.MAX_ARRAY);
        if (trips <= 0 || perTrip <= 0 || size >= cap) {
            return;
        }
        long room = cap - size;
        long wanted = size + (trips >= room / perTrip ? room : trips * perTrip);
        if (wanted > values.length) {
            values = grown((int) Math.min(cap, Math.max(wanted, 2L * values.length)));
        }
    }

    /**
     * The growth of a push that finds the array full ({@code needed} values in all, {@code block} of them pushed
     * now), out of line so that the pushes a compiler inlines into generated loops stay small.
     */
    private void growFor(long needed, int block) {
        values = grown(StackCapacity.grow(values.length, needed, StackCapacity.limitFor(limit, size, block), where));
    }

    /**
     * The backing array grown to {@code capacity} entries (within the limit), or to the length of the array the
     * stack lent when it emptied if that is more (within the limit too): a spare of this thread's when one fits ({@link StackSpares}),
     * else a new array; the stack's values copied into it.
     */
    private double[] grown(int capacity) {
        if (!lends) {
            return Arrays.copyOf(values, capacity);
        }
        // the limit is checked only when the stack grows: the room taken back never passes it
        int wanted = (int) Math.max(capacity, Math.min(lentLength, limit));
        lentLength = 0;
        double[] spare = StackSpares.take(wanted, Math.max(limit, wanted));
        if (spare == null) {
            return Arrays.copyOf(values, wanted);
        }
        System.arraycopy(values, 0, spare, 0, size);
        return spare;
    }

    /**
     * After a pop: an emptied stack of one call lends its array to the thread's next stacks, remembering its
     * length; it keeps the array when the thread holds no room for it.
     */
    private void emptied() {
        if (size == 0 && lends && values.length > 0 && StackSpares.giveBack(values)) {
            lentLength = values.length;
            values = NONE;
        }
    }

    /**
     * Lets go of the arrays this thread's emptied stacks lent ({@link StackSpares}), so the collector may take them
     * now: for a thread that will call no more gradients, or before a phase that needs the memory. The collector
     * takes them anyway when memory runs short (they are held softly); stacks in use keep their arrays.
     */
    public static void releaseSpares() {
        StackSpares.clear();
    }

    /** The number of values the stack holds room for now (for tests of {@link #reserve}). */
    int capacity() {
        return values.length;
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
        emptied();
    }

    /** Removes and returns the top value. */
    public double pop() {
        if (size == 0) {
            throw new NoSuchElementException("pop from an empty DoubleStack");
        }
        if (KeptValues.COUNTED) {
            KeptValues.add(-1);
        }
        double v = values[--size];
        emptied();
        return v;
    }

    /** Restores into {@code dst} the block of {@code dst.length} values pushed last with {@link #pushAll}. */
    public void popInto(double[] dst) {
        requireAtLeast(dst.length);
        size -= dst.length;
        if (KeptValues.COUNTED) {
            KeptValues.add(-dst.length);
        }
        System.arraycopy(values, size, dst, 0, dst.length);
        emptied();
    }

    /**
     * Restores into {@code dst[offset..offset + length)} the block of {@code length} values pushed last, as
     * {@link #popInto(double[])} restores a whole array: a row of a matrix written back where it lies, with
     * no array of its own. Throws, popping nothing, when the stack holds fewer values or the range is outside
     * {@code dst}.
     */
    public void popInto(double[] dst, int offset, int length) {
        requireAtLeast(length);
        java.util.Objects.checkFromIndexSize(offset, length, dst.length);
        size -= length;
        if (KeptValues.COUNTED) {
            KeptValues.add(-length);
        }
        System.arraycopy(values, size, dst, offset, length);
        emptied();
    }

    /** Removes the top {@code n} values and returns them in the order they were pushed. */
    public double[] popArray(int n) {
        double[] dst = new double[n];
        popInto(dst);
        return dst;
    }

    /** The number of values on the stack. */
    public int size() {
        return size;
    }

    /** Whether the stack holds no values. */
    public boolean isEmpty() {
        return size == 0;
    }

    private void requireAtLeast(int n) {
        if (n > size) {
            throw new NoSuchElementException("pop of " + n + " values from a DoubleStack holding " + size);
        }
    }
}
