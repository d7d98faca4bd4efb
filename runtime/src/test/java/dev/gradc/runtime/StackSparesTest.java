package dev.gradc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The arrays emptied {@link DoubleStack}s lend to the next stacks of their thread ({@link StackSpares}): every
 * stack still gives back exactly what was pushed on it, whatever the interleaving of stacks that empty and grow;
 * a call's kept state is not allocated again by the next call; a workspace's stack keeps its own array; limits
 * hold with a spare larger than a stack needs.
 */
class StackSparesTest {

    @BeforeEach
    void forgetSpares() {
        StackSpares.clear();
    }

    /**
     * Six stacks (more than the thread's slots, so spares are replaced and some arrays kept) pushed, reserved and
     * popped in any order, each against a deque of what it holds: a spare is never lent to two stacks at once
     * (the values of one would overwrite the other's) and a limited stack still throws past its limit.
     */
    @Property
    void interleavedStacksKeepTheirOwnValues(@ForAll("operations") List<int[]> ops) {
        StackSpares.clear();
        long[] limits = {Long.MAX_VALUE, Long.MAX_VALUE, 1_000, Long.MAX_VALUE, 400, Long.MAX_VALUE};
        DoubleStack[] stacks = new DoubleStack[limits.length];
        List<Deque<Double>> model = new ArrayList<>();
        for (int j = 0; j < limits.length; j++) {
            stacks[j] = limits[j] == Long.MAX_VALUE ? new DoubleStack() : new DoubleStack(limits[j]);
            model.add(new ArrayDeque<>());
        }
        double next = 0;
        for (int[] op : ops) {
            DoubleStack s = stacks[op[0]];
            Deque<Double> m = model.get(op[0]);
            int n = op[2];
            switch (op[1]) {
                case 0 -> {
                    double[] block = new double[n];
                    for (int i = 0; i < n; i++) {
                        block[i] = ++next;
                    }
                    if (n > 0 && !m.isEmpty() && m.size() + n > limits[op[0]]) {
                        assertThrows(KeptStateLimitException.class, () -> s.pushAll(block));
                    } else {
                        s.pushAll(block);
                        for (double v : block) {
                            m.push(v);
                        }
                    }
                }
                case 1 -> {
                    int k = Math.min(n, m.size());
                    double[] got = new double[k];
                    s.popInto(got);
                    for (int i = k - 1; i >= 0; i--) {
                        assertEquals(m.pop(), got[i]);
                    }
                }
                case 2 -> s.reserve(n, 8);
                default -> {
                    if (!m.isEmpty()) {
                        assertEquals(m.pop(), s.pop());
                    }
                }
            }
            assertEquals(m.size(), s.size());
        }
        for (int j = 0; j < stacks.length; j++) {
            while (!model.get(j).isEmpty()) {
                assertEquals(model.get(j).pop(), stacks[j].pop());
            }
        }
    }

    @Provide
    Arbitrary<List<int[]>> operations() {
        Arbitrary<int[]> op = net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 5),
                Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 300))
                .as((s, kind, n) -> new int[] {s, kind, n});
        return op.list().ofMaxSize(80);
    }

    /** The next call's stack of the same size takes the emptied one's array: it allocates no 512 KB again. */
    @Test
    void theNextCallReusesAnEmptiedStacksArray() {
        double[] state = new double[64];
        runCall(state); // the first call allocates; it gives its array back when its reversal empties it
        long before = allocated();
        runCall(state);
        long bytes = allocated() - before;
        assertTrue(bytes < 64 * 1_000 * 8 / 4, bytes + " bytes allocated by the second call");
    }

    private static void runCall(double[] state) {
        DoubleStack stack = new DoubleStack(10_000_000, "test");
        stack.reserve(1_000, state.length);
        for (int t = 0; t < 1_000; t++) {
            state[0] = t;
            stack.pushAll(state);
        }
        for (int t = 999; t >= 0; t--) {
            stack.popInto(state);
            assertEquals(t, state[0]);
        }
    }

    /** After {@link DoubleStack#releaseSpares} the thread holds nothing: the next call allocates its state again. */
    @Test
    void releasedSparesAreNotReused() {
        double[] state = new double[64];
        runCall(state);
        DoubleStack.releaseSpares();
        long before = allocated();
        runCall(state);
        long bytes = allocated() - before;
        assertTrue(bytes >= 64 * 1_000 * 8, bytes + " bytes allocated by the call after the release");
    }

    /**
     * A stack that empties and fills again within one call (an inner loop's, once per outer trip; a checkpointed
     * segment's) takes back the room it lent, its own array: a hundred refills allocate nothing, where regrowing
     * from 16 entries each time copied up to 512 KB per refill.
     */
    @Test
    void aStackRefilledWithinACallTakesBackItsRoom() {
        DoubleStack stack = new DoubleStack(10_000_000, "test");
        double[] state = new double[64];
        fillAndEmpty(stack, state);
        long before = allocated();
        for (int k = 0; k < 100; k++) {
            fillAndEmpty(stack, state);
        }
        long bytes = allocated() - before;
        assertTrue(bytes < 16_000, bytes + " bytes allocated by 100 refills");
    }

    /**
     * When every slot of the thread holds a longer spare, an emptied stack keeps its array (there is no room to
     * lend it): refilling it allocates nothing, as without spares.
     */
    @Test
    void aStackKeepsItsArrayWhenTheThreadHasNoRoomForIt() {
        DoubleStack[] big = new DoubleStack[StackSpares.SLOTS];
        for (int j = 0; j < big.length; j++) {
            big[j] = new DoubleStack();
            big[j].pushAll(new double[100_000]);
        }
        for (DoubleStack b : big) {
            b.popInto(new double[100_000]);
        }
        DoubleStack small = new DoubleStack();
        double[] state = new double[10];
        fillAndEmpty(small, state);
        long before = allocated();
        for (int k = 0; k < 100; k++) {
            fillAndEmpty(small, state);
        }
        long bytes = allocated() - before;
        assertTrue(bytes < 16_000, bytes + " bytes allocated by 100 refills");
    }

    /** A workspace's stack made by {@link DoubleStack#forWorkspace} keeps its array from its first call on. */
    @Test
    void aWorkspaceStackKeepsItsArrayFromItsFirstCall() {
        DoubleStack stack = DoubleStack.forWorkspace(1_000, "test");
        stack.pushAll(new double[100]);
        stack.popInto(new double[100]);
        assertEquals(100, stack.capacity());
    }

    private static void fillAndEmpty(DoubleStack stack, double[] state) {
        for (int t = 0; t < 1_000; t++) {
            state[0] = t;
            stack.pushAll(state);
        }
        for (int t = 999; t >= 0; t--) {
            stack.popInto(state, 0, state.length);
            assertEquals(t, state[0]);
        }
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }

    /** A workspace's stack (reset) keeps its array when emptied: its capacity stays. */
    @Test
    void aWorkspaceStackKeepsItsOwnArray() {
        DoubleStack stack = new DoubleStack().reset(1_000, "test");
        stack.reserve(10, 10);
        stack.pushAll(new double[100]);
        stack.popInto(new double[100]);
        assertEquals(100, stack.capacity());
    }

    /**
     * A stack that took a first block larger than its limit (a stack always takes its first entry) and lent that
     * array takes back no more room than its limit: the push past the limit still throws.
     */
    @Test
    void roomTakenBackNeverLiftsALimit() {
        DoubleStack stack = new DoubleStack(30);
        stack.pushAll(new double[100]);
        stack.popInto(new double[100]);
        stack.pushAll(new double[20]);
        assertTrue(stack.capacity() <= 30, stack.capacity() + " entries");
        assertThrows(KeptStateLimitException.class, () -> stack.pushAll(new double[11]));
        assertEquals(20, stack.size());
    }

    /** A spare larger than a stack's limit is not taken: the push past the limit still throws. */
    @Test
    void aSpareNeverLiftsALimit() {
        DoubleStack big = new DoubleStack();
        big.pushAll(new double[40]);
        big.popInto(new double[40]);
        DoubleStack small = new DoubleStack(30);
        small.pushAll(new double[20]);
        assertTrue(small.capacity() <= 30, small.capacity() + " entries");
        assertThrows(KeptStateLimitException.class, () -> small.pushAll(new double[11]));
        assertEquals(20, small.size());
    }
}
