package dev.gradc.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class MessagesTest {

    @Test
    void suggestsTheClosestKnownName() {
        assertEquals("unknown function 'sine'; did you mean 'sin'?",
                Messages.unknownFunction("sine", List.of("cos", "sin", "sinh")));
    }

    @Test
    void suggestsNothingWhenNoNameIsClose() {
        assertEquals("undefined name 'velocity'", Messages.undefinedName("velocity", List.of("x", "w")));
    }

    @Test
    void countsArgumentsInTheSingular() {
        assertEquals("'sin' takes 1 argument, got 2", Messages.argumentCount("sin", 1, 2));
    }
}
