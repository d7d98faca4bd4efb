package dev.gradc.runtime.parallel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class BatchTest {

    private static final RowLayout LAYOUT = RowLayout.of(2, 1);

    private static List<double[]> rows(int n) {
        List<double[]> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new double[] {i, 10 * i, -i});
        }
        return out;
    }

    @Test
    void packsRowsRowMajorWithALastShortBatchOfItsOwnLength() {
        List<Batch> batches = Batch.pack(rows(5).iterator(), RowPacker.flat(), LAYOUT, 2);
        assertEquals(3, batches.size());
        assertArrayEquals(new double[] {2, 20, 3, 30}, batches.get(1).data()[0]);
        assertArrayEquals(new double[] {-2, -3}, batches.get(1).data()[1]);
        assertEquals(1, batches.get(2).rows());
        assertArrayEquals(new double[] {4, 40}, batches.get(2).data()[0]);
        assertArrayEquals(new double[] {-4}, batches.get(2).data()[1]);
    }

    @Test
    void noRowsGiveNoBatches() {
        assertTrue(Batch.pack(rows(0).iterator(), RowPacker.flat(), LAYOUT, 4).isEmpty());
    }

    @Test
    void aRowOfTheWrongWidthIsRefused() {
        List<double[]> bad = List.of(new double[] {1, 2});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Batch.pack(bad.iterator(), RowPacker.flat(), LAYOUT, 4));
        assertEquals("a row has 2 numbers, the layout RowLayout[2, 1] wants 3", e.getMessage());
    }
}
