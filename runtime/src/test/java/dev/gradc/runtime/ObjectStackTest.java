package dev.gradc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class ObjectStackTest {

    @Test
    void popsReferencesInReverseOrderOfPushes() {
        ObjectStack<double[]> stack = new ObjectStack<>();
        double[] a = {1};
        double[] b = {2, 3};
        stack.push(a);
        stack.push(null);
        stack.push(b);
        assertSame(b, stack.pop());
        assertNull(stack.pop());
        assertArrayEquals(new double[] {1}, stack.pop());
        assertTrue(stack.isEmpty());
    }

    @Test
    void pushPastTheLimitThrowsKeptStateLimitException() {
        ObjectStack<String> stack = new ObjectStack<>(2);
        stack.push("a");
        stack.push("b");
        assertEquals(2, assertThrows(KeptStateLimitException.class, () -> stack.push("c")).limit());
    }

    @Test
    void popFromEmptyStackThrows() {
        assertThrows(NoSuchElementException.class, () -> new ObjectStack<String>().pop());
    }

    /** An array entry counts its elements against the limit and in {@link ObjectStack#values()}, anything else one. */
    @Test
    void valuesCountArraysByTheirElements() {
        ObjectStack<Object> stack = new ObjectStack<>(40);
        stack.push(new int[16]);
        stack.push(new boolean[10]);
        stack.push(new double[3]);
        stack.push("other");
        assertEquals(4, stack.size());
        assertEquals(30, stack.values());
        assertEquals(30, dev.gradc.runtime.checkpoint.KeptBudget.size(stack));
        stack.push(new double[10]); // 40: at the limit
        KeptStateLimitException e = assertThrows(KeptStateLimitException.class, () -> stack.push(new int[1]));
        assertEquals(40, e.limit());
        assertEquals(40, stack.values(), "the push past the limit keeps nothing");
        stack.pop();
        stack.pop();
        assertEquals(29, stack.values(), "less the 10 doubles and the other entry");
        stack.reset(40, null);
        assertEquals(0, stack.values());
    }

    /** The first entry is always taken, however many values it holds (a loop always keeps its first state). */
    @Test
    void theFirstEntryIsTakenPastTheLimit() {
        ObjectStack<int[]> stack = new ObjectStack<>(4);
        stack.push(new int[16]);
        assertEquals(16, stack.values());
        assertThrows(KeptStateLimitException.class, () -> stack.push(new int[0]));
    }

    /** Arrays of many elements: the count is a long, past 2^31, exact after pushes and pops. */
    @Test
    void aStackOfLargeArraysCountsPast2To31() {
        ObjectStack<double[]> stack = new ObjectStack<>();
        double[] large = new double[1 << 20];
        for (int i = 0; i < 2_100; i++) {
            stack.push(large);
        }
        assertEquals(2_100L << 20, stack.values());
        assertTrue(stack.values() > Integer.MAX_VALUE);
        assertEquals(2_100L << 20, dev.gradc.runtime.checkpoint.KeptBudget.size(stack));
        for (int i = 0; i < 100; i++) {
            stack.pop();
        }
        assertEquals(2_000L << 20, stack.values());
        ObjectStack<double[]> limited = new ObjectStack<>(3L << 30);
        for (int i = 0; i < 3 * 1024; i++) {
            limited.push(large);
        }
        assertThrows(KeptStateLimitException.class, () -> limited.push(large));
    }

    /** A stack of stacks holds what they hold ({@link ObjectStack#values()} asks them). */
    @Test
    void aStackOfStacksHoldsWhatTheyHold() {
        ObjectStack<Object> stack = new ObjectStack<>();
        DoubleStack inner = new DoubleStack();
        inner.pushAll(new double[5]);
        IntStack ints = new IntStack();
        ints.push(1);
        stack.push(inner);
        stack.push(ints);
        stack.push(new int[3]);
        assertEquals(9, stack.values());
        assertEquals(9, dev.gradc.runtime.checkpoint.KeptBudget.size(stack));
        stack.pop();
        stack.pop();
        assertEquals(5, stack.values());
    }
}
