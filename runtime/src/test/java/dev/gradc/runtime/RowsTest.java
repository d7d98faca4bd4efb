package dev.gradc.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class RowsTest {

    @Test
    void splitCopiesEachRowAndJoinWritesThemBack() {
        double[] flat = {1, 2, 3, 4, 5, 6};
        double[][] rows = Rows.split(flat, 2, 3);
        assertArrayEquals(new double[] {1, 2, 3}, rows[0]);
        assertArrayEquals(new double[] {4, 5, 6}, rows[1]);
        rows[1][2] = 60;
        assertEquals(6, flat[5], "a split is a copy");
        double[] out = new double[6];
        assertSame(out, Rows.join(rows, out));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 60}, out);
        assertNotSame(rows[0], Rows.split(flat, 2, 3)[0]);
    }

    @Test
    void emptyMatricesSplitAndJoin() {
        assertEquals(0, Rows.split(new double[0], 0, 5).length);
        assertEquals(0, Rows.split(new double[0], 3, 0)[2].length);
        assertArrayEquals(new double[0], Rows.join(new double[3][0], new double[0]));
    }

    @Test
    void mismatchedShapesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Rows.split(new double[5], 2, 3));
        assertThrows(IllegalArgumentException.class, () -> Rows.join(new double[2][3], new double[5]));
    }

    @Test
    void intoWritesAFlatArrayBackIntoTheSameRows() {
        double[][] rows = Rows.split(new double[] {1, 2, 3, 4, 5, 6}, 2, 3);
        double[] first = rows[0];
        double[] flat = Rows.join(rows, new double[6]);
        flat[1] = 20;
        flat[4] = 50;
        Rows.into(flat, rows);
        assertSame(first, rows[0], "the rows are written in place, not replaced");
        assertArrayEquals(new double[] {1, 20, 3}, rows[0]);
        assertArrayEquals(new double[] {4, 50, 6}, rows[1]);
        flat[0] = 100;
        assertEquals(1, rows[0][0], "the rows are a copy");
    }

    @Test
    void intoRejectsAnArrayOfAnotherSize() {
        assertThrows(IllegalArgumentException.class, () -> Rows.into(new double[5], new double[2][3]));
        assertThrows(IllegalArgumentException.class, () -> Rows.into(new double[7], new double[2][3]));
    }
}
