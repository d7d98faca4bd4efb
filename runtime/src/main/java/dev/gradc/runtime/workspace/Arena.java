package dev.gradc.runtime.workspace;

import dev.gradc.runtime.BooleanStack;
import dev.gradc.runtime.DoubleStack;
import dev.gradc.runtime.IntStack;
import dev.gradc.runtime.ObjectStack;
import java.util.Arrays;

/**
 * The memory of a generated workspace: every array, frame and stack one call of a workspace-form method
 * takes, kept for the next call instead of allocated afresh.
 *
 * <p>A call starts with {@link #begin()}; from then on its n-th request of a kind gets the n-th object of that
 * kind the arena holds, allocated only when the arena holds none yet or one of another length. So within
 * one call every request gets an object of its own, exactly as {@code new} would (no two values of a call
 * share memory, whatever the control flow), and a second call with the same sizes and the same trip
 * counts allocates nothing. What the arena holds is what one call takes in all: a loop whose trips each
 * take an array keeps one per trip, as many as an allocating call would leave as garbage.
 *
 * <p>Arrays handed out by {@link #zeros} and {@link #matrix} are zero-filled, like {@code new}; those of
 * {@link #scratch} are not, for code that writes every element before reading one. Not thread-safe: one
 * arena belongs to one thread at a time.
 */
public final class Arena {

    private final Pool<double[]> doubles = new Pool<>(new double[16][]);
    private final Pool<boolean[]> booleans = new Pool<>(new boolean[4][]);
    private final Pool<double[][]> rows = new Pool<>(new double[4][][]);
    private final Pool<Object[]> objects = new Pool<>(new Object[4][]);
    private final Pool<DoubleStack> doubleStacks = new Pool<>(new DoubleStack[4]);
    private final Pool<IntStack> intStacks = new Pool<>(new IntStack[4]);
    private final Pool<BooleanStack> booleanStacks = new Pool<>(new BooleanStack[4]);
    private final Pool<ObjectStack<?>> objectStacks = new Pool<>(new ObjectStack<?>[4]);

    private int[] marks = new int[16];
    private int depth;

    /** Starts a call: from now on requests get the arena's objects from the first one again. */
    public void begin() {
        depth = 0;
        doubles.next = 0;
        rows.next = 0;
        booleans.next = 0;
        objects.next = 0;
        doubleStacks.next = 0;
        intStacks.next = 0;
        booleanStacks.next = 0;
        objectStacks.next = 0;
    }

    /**
     * Marks where the requests stand, for {@link #reenter()}: code that calls a helper once per column and
     * copies each result out before the next call (a Jacobian, a Hessian) runs every call from the mark, so
     * the arena holds one call's memory, not one per column.
     */
    public void enter() {
        if (depth + 8 > marks.length) {
            marks = Arrays.copyOf(marks, marks.length * 2);
        }
        marks[depth] = doubles.next;
        marks[depth + 1] = booleans.next;
        marks[depth + 2] = rows.next;
        marks[depth + 3] = objects.next;
        marks[depth + 4] = doubleStacks.next;
        marks[depth + 5] = intStacks.next;
        marks[depth + 6] = booleanStacks.next;
        marks[depth + 7] = objectStacks.next;
        depth += 8;
    }

    /**
     * Goes back to the last {@link #enter()} mark: later requests get again the objects handed out since it,
     * whose contents the caller no longer needs.
     */
    public void reenter() {
        if (depth == 0) {
            throw new IllegalStateException("reenter() without enter()");
        }
        int at = depth - 8;
        doubles.next = marks[at];
        booleans.next = marks[at + 1];
        rows.next = marks[at + 2];
        objects.next = marks[at + 3];
        doubleStacks.next = marks[at + 4];
        intStacks.next = marks[at + 5];
        booleanStacks.next = marks[at + 6];
        objectStacks.next = marks[at + 7];
    }

    /** An array of {@code n} doubles, all 0.0 (what {@code new double[n]} gives). */
    public double[] zeros(int n) {
        double[] a = scratch(n);
        Arrays.fill(a, 0.0);
        return a;
    }

    /** An array of {@code n} doubles whose contents are whatever the last call left: the caller writes them all. */
    public double[] scratch(int n) {
        double[] a = doubles.peek();
        if (a == null || a.length != n) {
            if (n < 0) {
                throw new NegativeArraySizeException(Integer.toString(n));
            }
            a = new double[n];
            doubles.put(a);
        }
        doubles.next++;
        return a;
    }

    /** An array of {@code n} booleans, all false (what {@code new boolean[n]} gives). */
    public boolean[] booleans(int n) {
        boolean[] a = booleans.peek();
        if (a == null || a.length != n) {
            a = new boolean[n];
            booleans.put(a);
        } else {
            Arrays.fill(a, false);
        }
        booleans.next++;
        return a;
    }

    /** An array of one double, {@code v} (what {@code new double[] {v}} gives). */
    public double[] single(double v) {
        double[] a = scratch(1);
        a[0] = v;
        return a;
    }

    /** A copy of {@code src} (what {@code src.clone()} gives). */
    public double[] copy(double[] src) {
        double[] a = scratch(src.length);
        System.arraycopy(src, 0, a, 0, src.length);
        return a;
    }

    /** A copy of {@code src[from..to)} (what {@code Arrays.copyOfRange} gives for a range inside src). */
    public double[] copyOfRange(double[] src, int from, int to) {
        if (from < 0 || to > src.length || from > to) {
            return Arrays.copyOfRange(src, from, to);
        }
        double[] a = scratch(to - from);
        System.arraycopy(src, from, a, 0, to - from);
        return a;
    }

    /** The block of {@code n} values pushed last on {@code stack}, popped into an array of the arena. */
    public double[] pop(DoubleStack stack, int n) {
        double[] a = scratch(n);
        stack.popInto(a);
        return a;
    }

    /** An array of {@code n} row references, all null (what {@code new double[n][]} gives). */
    public double[][] rows(int n) {
        double[][] r = rows.peek();
        if (r == null || r.length != n) {
            r = new double[n][];
            rows.put(r);
        } else {
            Arrays.fill(r, null);
        }
        rows.next++;
        return r;
    }

    /** An {@code r × c} matrix of zeros, one array per row (what {@code new double[r][c]} gives). */
    public double[][] matrix(int r, int c) {
        double[][] m = rows(r);
        for (int i = 0; i < r; i++) {
            m[i] = zeros(c);
        }
        return m;
    }

    /**
     * A copy of the row-major {@code r × c} matrix {@code flat}, one array per row (what
     * {@link dev.gradc.runtime.Rows#split} gives).
     */
    public double[][] split(double[] flat, int r, int c) {
        if ((long) r * c != flat.length) {
            return dev.gradc.runtime.Rows.split(flat, r, c);
        }
        double[][] m = rows(r);
        for (int i = 0; i < r; i++) {
            m[i] = copyOfRange(flat, i * c, i * c + c);
        }
        return m;
    }

    /** An array of {@code n} references, all null (what {@code new Object[n]} gives). */
    public Object[] objects(int n) {
        Object[] o = objects.peek();
        if (o == null || o.length != n) {
            o = new Object[n];
            objects.put(o);
        } else {
            Arrays.fill(o, null);
        }
        objects.next++;
        return o;
    }

    /** An empty stack of doubles limited to {@code maxElements}, for the loop at {@code where}. */
    public DoubleStack doubleStack(long maxElements, String where) {
        DoubleStack s = doubleStacks.peek();
        if (s == null) {
            s = DoubleStack.forWorkspace(maxElements, where);
            doubleStacks.put(s);
        } else {
            s.reset(maxElements, where);
        }
        doubleStacks.next++;
        return s;
    }

    /** An empty stack of ints limited to {@code maxElements}, for the loop at {@code where}. */
    public IntStack intStack(long maxElements, String where) {
        IntStack s = intStacks.peek();
        if (s == null) {
            s = new IntStack(maxElements, where);
            intStacks.put(s);
        } else {
            s.reset(maxElements, where);
        }
        intStacks.next++;
        return s;
    }

    /** An empty stack of booleans limited to {@code maxElements}, for the loop at {@code where}. */
    public BooleanStack booleanStack(long maxElements, String where) {
        BooleanStack s = booleanStacks.peek();
        if (s == null) {
            s = new BooleanStack(maxElements, where);
            booleanStacks.put(s);
        } else {
            s.reset(maxElements, where);
        }
        booleanStacks.next++;
        return s;
    }

    /** An empty stack of references limited to {@code maxElements}, for the loop at {@code where}. */
    @SuppressWarnings("unchecked")
    public <T> ObjectStack<T> objectStack(long maxElements, String where) {
        ObjectStack<T> s = (ObjectStack<T>) objectStacks.peek();
        if (s == null) {
            s = new ObjectStack<>(maxElements, where);
            objectStacks.put(s);
        } else {
            s.reset(maxElements, where);
        }
        objectStacks.next++;
        return s;
    }

    /** How many arrays of doubles the arena holds (for tests). */
    public int arrays() {
        return doubles.held;
    }

    /** The objects of one kind in the order calls request them, and the index of the next request. */
    private static final class Pool<T> {
        T[] items;
        int held;
        int next;

        Pool(T[] initial) {
            items = initial;
        }

        T peek() {
            return next < held ? items[next] : null;
        }

        /** Stores a new object at the position of the next request (replacing one of another length). */
        void put(T item) {
            if (next == items.length) {
                items = Arrays.copyOf(items, items.length * 2);
            }
            items[next] = item;
            held = Math.max(held, next + 1);
        }
    }
}
