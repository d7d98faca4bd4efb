package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Generated argument checks compute lengths in {@code long}: no size can make an expected length wrap around
 * to the length of a short array, and the message says the true expected length.
 */
class ArgumentChecksTest {

    private static CompiledModule m;

    @BeforeAll
    static void compile() {
        m = CompiledModule.load(Programs.compile("module edge.Lengths;\n"
                + "fn f<B>(x: real[B,3]) -> real { return sum(x); }\n"
                + "fn g<B, C>(x: real[B,C,2]) -> real { return sum(x); }\n"
                + "fn h<B>(x: real) -> real { return sum(ones(B, B)) + x; }\n"));
    }

    @Test
    void aSizeWhoseProductWrapsAroundInAnIntIsRejectedWithTheTrueLength() {
        // 3 * 1431655766 = 4294967298 = 2^32 + 2: an int product would be 2, the length of the array passed
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.value("f", 1431655766, new double[2]));
        assertEquals("parameter 'x' has length 2, expected 4294967298 (shape [B,3] with B=1431655766)", e.getMessage());
    }

    @Test
    void productsOfSeveralSizesNeverWrapAround() {
        for (int b : new int[] {65536, 1 << 30, Integer.MAX_VALUE}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> m.value("g", b, b, new double[0]));
            long expected = (long) b * b * 2;
            assertEquals("parameter 'x' has length 0, expected " + expected + " (shape [B,C,2] with B=" + b + ", C="
                    + b + ")", e.getMessage());
        }
    }

    @Test
    void negativeSizesAreRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.value("f", -1, new double[0]));
        assertEquals("size 'B' must be >= 0, got -1", e.getMessage());
    }

    @Test
    void anIntermediateTooLargeForAJavaArrayIsRejectedBeforeAnyWork() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.value("h", 70000, 1.0));
        assertEquals("the sizes give an array of shape [B,B] with B=70000: 4900000000 elements, more than a Java "
                + "array holds (2147483639)", e.getMessage());
        assertEquals(10001.0, (Double) m.value("h", 100, 1.0));
    }

    @Test
    void rightLengthsPass() {
        assertEquals(21.0, (Double) m.value("f", 2, new double[] {1, 2, 3, 4, 5, 6}));
    }
}
