package dev.gradc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Products#transposedTimesInto} against the plain definition of Aᵀv (each entry summed over k in increasing
 * order from 0.0, one entry at a time), bit for bit: every width from 0 to 9 (whole blocks of four and the entries
 * left over), 0 to 5 rows, A and v read at offsets into larger arrays, and entries of every sign and magnitude, so
 * that any other order of the additions would show.
 */
class ProductsTest {

    @Test
    void transposedTimesIsEachEntrysSumInOrderBitForBit() {
        Random r = new Random(11);
        for (int rows = 0; rows <= 5; rows++) {
            for (int cols = 0; cols <= 9; cols++) {
                for (int aOff : new int[] {0, 3}) {
                    int vOff = 2 * aOff + 1;
                    double[] a = draw(r, aOff + rows * cols + 2);
                    double[] v = draw(r, vOff + rows + 1);
                    double[] out = new double[cols + 1];
                    Arrays.fill(out, Double.NaN); // every entry written, none read
                    out[cols] = 42.0;
                    Products.transposedTimesInto(a, aOff, rows, cols, v, vOff, out);
                    for (int i = 0; i < cols; i++) {
                        double s = 0.0;
                        for (int k = 0; k < rows; k++) {
                            s += a[aOff + k * cols + i] * v[vOff + k];
                        }
                        assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits(out[i]),
                                rows + " x " + cols + ", entry " + i);
                    }
                    assertEquals(42.0, out[cols], "an entry past the result is left alone");
                }
            }
        }
    }

    @Test
    void aBlockPastTheEndOfTheArrayIsAnError() {
        double[] a = new double[6];
        double[] out = new double[3];
        assertThrows(ArrayIndexOutOfBoundsException.class,
                () -> Products.transposedTimesInto(a, 1, 2, 3, new double[2], 0, out));
    }

    /** Entries of mixed sign over many magnitudes, so that rounding depends on the order of the additions. */
    private static double[] draw(Random r, int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian() * Math.pow(10, r.nextInt(9) - 4);
        }
        return x;
    }
}
