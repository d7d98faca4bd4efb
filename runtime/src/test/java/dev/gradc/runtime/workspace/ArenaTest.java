package dev.gradc.runtime.workspace;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.runtime.DoubleStack;
import dev.gradc.runtime.IntStack;
import dev.gradc.runtime.KeptStateLimitException;
import org.junit.jupiter.api.Test;

class ArenaTest {

    @Test
    void everyRequestOfACallGetsItsOwnArrayAndTheNextCallTheSameOnes() {
        Arena a = new Arena();
        a.begin();
        double[] x = a.zeros(4);
        double[] y = a.zeros(4);
        double[][] r = a.rows(2);
        assertNotSame(x, y);
        x[1] = 5;
        y[2] = 7;
        r[0] = x;
        a.begin();
        double[] x2 = a.zeros(4);
        double[] y2 = a.zeros(4);
        double[][] r2 = a.rows(2);
        assertSame(x, x2);
        assertSame(y, y2);
        assertSame(r, r2);
        assertArrayEquals(new double[4], x2, "zeros are zeros again");
        assertArrayEquals(new double[4], y2);
        assertNull(r2[0], "row references are null again");
        assertEquals(2, a.arrays());
    }

    @Test
    void aRequestOfAnotherLengthGetsANewArrayInItsPlace() {
        Arena a = new Arena();
        a.begin();
        double[] x = a.zeros(3);
        a.begin();
        double[] x2 = a.zeros(5);
        assertNotSame(x, x2);
        assertEquals(5, x2.length);
        a.begin();
        assertSame(x2, a.zeros(5));
        assertEquals(1, a.arrays());
    }

    @Test
    void copiesSplitsAndPopsAreCopies() {
        Arena a = new Arena();
        a.begin();
        double[] src = {1, 2, 3, 4, 5, 6};
        double[] c = a.copy(src);
        assertNotSame(src, c);
        assertArrayEquals(src, c);
        assertArrayEquals(new double[] {3, 4}, a.copyOfRange(src, 2, 4));
        double[][] m = a.split(src, 2, 3);
        assertArrayEquals(new double[] {4, 5, 6}, m[1]);
        // a range past the end behaves as Arrays.copyOfRange does (the allocating form's call)
        assertArrayEquals(java.util.Arrays.copyOfRange(src, 4, 9), a.copyOfRange(src, 4, 9));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> a.copyOfRange(src, 7, 9));
        DoubleStack s = a.doubleStack(100, "f.grad:1");
        s.pushAll(src);
        assertArrayEquals(src, a.pop(s, 6));
        double[][] z = a.matrix(2, 3);
        assertArrayEquals(new double[3], z[0]);
        assertNotSame(z[0], z[1]);
    }

    @Test
    void stacksComeBackEmptyWithTheirNewLimit() {
        Arena a = new Arena();
        a.begin();
        IntStack s = a.intStack(100, "f.grad:1");
        for (int i = 0; i < 50; i++) {
            s.push(i);
        }
        a.begin();
        IntStack s2 = a.intStack(2, "f.grad:2");
        assertSame(s, s2);
        assertTrue(s2.isEmpty());
        s2.push(1);
        s2.push(2);
        KeptStateLimitException e = assertThrows(KeptStateLimitException.class, () -> s2.push(3));
        assertTrue(e.getMessage().contains("f.grad:2"), e.getMessage());
    }
}
