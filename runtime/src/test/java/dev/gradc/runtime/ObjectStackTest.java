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
}
