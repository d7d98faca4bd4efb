package dev.gradc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.NoSuchElementException;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class BooleanStackTest {

    @Property
    void popsValuesInReverseOrderOfPushes(@ForAll @Size(max = 300) List<Boolean> values) {
        BooleanStack stack = new BooleanStack();
        values.forEach(stack::push);
        assertEquals(values.size(), stack.size());
        for (int i = values.size() - 1; i >= 0; i--) {
            assertEquals(values.get(i), stack.pop());
        }
        assertTrue(stack.isEmpty());
    }

    @Test
    void aPoppedSlotCanBeOverwrittenWithTheOppositeValue() {
        BooleanStack stack = new BooleanStack();
        stack.push(true);
        stack.pop();
        stack.push(false);
        assertEquals(false, stack.pop());
    }

    @Test
    void pushPastTheLimitThrowsKeptStateLimitException() {
        BooleanStack stack = new BooleanStack(1);
        stack.push(true);
        assertEquals(1, assertThrows(KeptStateLimitException.class, () -> stack.push(false)).limit());
    }

    @Test
    void popFromEmptyStackThrows() {
        assertThrows(NoSuchElementException.class, () -> new BooleanStack().pop());
    }
}
