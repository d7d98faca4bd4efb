package dev.gradc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ChecksTest {

    @Test
    void lengthReturnsTheArrayWhenTheLengthMatches() {
        double[] w = new double[3];
        assertSame(w, Checks.length(w, 3, "w"));
    }

    @Test
    void lengthNamesANullParameter() {
        var e = assertThrows(IllegalArgumentException.class, () -> Checks.length(null, 3, "w"));
        assertEquals("parameter 'w' is null", e.getMessage());
    }

    @Test
    void lengthNamesTheParameterAndBothLengths() {
        var e = assertThrows(IllegalArgumentException.class, () -> Checks.length(new double[5], 3, "w"));
        assertEquals("parameter 'w' has length 5, expected 3", e.getMessage());
    }

    @Test
    void lengthWithShapeTextNamesTheDeclaredShape() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Checks.length(new double[5], 8, "x", "[B,4] with B=2"));
        assertEquals("parameter 'x' has length 5, expected 8 (shape [B,4] with B=2)", e.getMessage());
    }

    @Test
    void sizeAcceptsZero() {
        assertEquals(0, Checks.size(0, "B"));
    }

    @Test
    void sizeRejectsANegativeValue() {
        var e = assertThrows(IllegalArgumentException.class, () -> Checks.size(-1, "B"));
        assertEquals("size 'B' must be >= 0, got -1", e.getMessage());
    }
}
