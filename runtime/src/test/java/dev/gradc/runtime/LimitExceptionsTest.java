package dev.gradc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LimitExceptionsTest {

    @Test
    void iterationLimitMessageNamesTheLoopAndHowToRaiseTheLimit() {
        IterationLimitException e = new IterationLimitException("control_flow.grad:4", 1_000_000);
        assertEquals("the loop at control_flow.grad:4 exceeded the iteration limit of 1000000"
                + " (raise it with --max-iterations or setMaxIterations)", e.getMessage());
        assertEquals("control_flow.grad:4", e.where());
        assertEquals(1_000_000, e.limit());
    }

    @Test
    void keptStateLimitMessageSaysHowManyValuesAndHowToRaiseTheLimit() {
        KeptStateLimitException e = new KeptStateLimitException(500);
        assertEquals("the reverse-mode state kept by a loop exceeded 500 values"
                + " (raise it with --max-kept-values or setMaxKeptValues)", e.getMessage());
        assertEquals(500, e.limit());
    }

    @Test
    void keptStateLimitMessageNamesTheLoopWhenGiven() {
        assertEquals("the reverse-mode state kept by the loop at m.grad:7 exceeded 9 values"
                + " (raise it with --max-kept-values or setMaxKeptValues)",
                new KeptStateLimitException("m.grad:7", 9).getMessage());
    }

    @Test
    void everyStackNamesItsLoopWhenToldIt() {
        String expected = "the reverse-mode state kept by the loop at m.grad:3 exceeded 2 values"
                + " (raise it with --max-kept-values or setMaxKeptValues)";
        java.util.List<Runnable> pushes = java.util.List.of(
            () -> push3(new DoubleStack(2, "m.grad:3")::push, 1.0),
            () -> push3(new IntStack(2, "m.grad:3")::push, 1),
            () -> push3(new BooleanStack(2, "m.grad:3")::push, true),
            () -> push3(new ObjectStack<String>(2, "m.grad:3")::push, "x"));
        for (Runnable push : pushes) {
            KeptStateLimitException e = org.junit.jupiter.api.Assertions.assertThrows(KeptStateLimitException.class,
                    push::run);
            assertEquals(expected, e.getMessage());
            assertEquals("m.grad:3", e.where());
        }
        KeptStateLimitException unnamed = org.junit.jupiter.api.Assertions.assertThrows(KeptStateLimitException.class,
                () -> push3(new DoubleStack(2)::push, 1.0));
        assertEquals(null, unnamed.where());
    }

    private static <T> void push3(java.util.function.Consumer<T> push, T v) {
        for (int i = 0; i < 3; i++) {
            push.accept(v);
        }
    }
}
