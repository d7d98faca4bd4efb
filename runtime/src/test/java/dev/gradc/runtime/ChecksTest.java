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

    @Test
    void timesSaturatesInsteadOfWrappingAround() {
        assertEquals(6L, Checks.times(2, 3));
        assertEquals(Long.MAX_VALUE, Checks.times(1L << 32, 1L << 32));
        assertEquals(Long.MAX_VALUE, Checks.times(Long.MAX_VALUE, 2));
        assertEquals((long) Integer.MAX_VALUE * Integer.MAX_VALUE, Checks.times(Integer.MAX_VALUE, Integer.MAX_VALUE));
    }

    @Test
    void aLongExpectedLengthBeyondALongSaysSo() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Checks.length(new double[1], Long.MAX_VALUE, "x", "[B,C,D] with B=9, C=9, D=9"));
        assertEquals("parameter 'x' has length 1, expected more than 9223372036854775807 (shape [B,C,D] with B=9, "
                + "C=9, D=9)", e.getMessage());
    }
}
