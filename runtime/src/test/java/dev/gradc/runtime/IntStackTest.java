package dev.gradc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.NoSuchElementException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class IntStackTest {

    @Property
    void popsValuesInReverseOrderOfPushes(@ForAll List<Integer> values) {
        IntStack stack = new IntStack();
        values.forEach(stack::push);
        assertEquals(values.size(), stack.size());
        for (int i = values.size() - 1; i >= 0; i--) {
            assertEquals(values.get(i), stack.pop());
        }
        assertTrue(stack.isEmpty());
    }

    @Test
    void pushPastTheLimitThrowsKeptStateLimitException() {
        IntStack stack = new IntStack(3);
        stack.push(1);
        stack.push(2);
        stack.push(3);
        assertEquals(3, assertThrows(KeptStateLimitException.class, () -> stack.push(4)).limit());
    }

    @Test
    void popFromEmptyStackThrows() {
        assertThrows(NoSuchElementException.class, () -> new IntStack().pop());
    }
}
