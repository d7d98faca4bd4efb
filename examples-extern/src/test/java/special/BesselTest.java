package special;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Against reference values (mpmath.besseli at 30 digits, rounded to doubles) and identities. */
class BesselTest {

    @Test
    void tabulatedValues() {
        assertEquals(1, Bessel.i0(0), 0);
        assertEquals(0, Bessel.i1(0), 0);
        assertEquals(1.26606587775200833559824462521, Bessel.i0(1), 1e-15);
        assertEquals(0.56515910399248502720769602761, Bessel.i1(1), 1e-15);
        assertEquals(27.2398718236044468945442320759, Bessel.i0(5), 1e-13);
        assertEquals(24.3356421424505271991430504518, Bessel.i1(5), 1e-13);
        assertEquals(2815.71662846625447146981115343, Bessel.i0(10), 1e-11);
        assertEquals(2670.98830370125465434103196677, Bessel.i1(10), 1e-11);
    }

    @Test
    void symmetryAndTheWronskianLikeIdentity() {
        for (double x : new double[] {0.1, 0.9, 3.3, 12, 40}) {
            assertEquals(Bessel.i0(x), Bessel.i0(-x), 0);
            assertEquals(-Bessel.i1(x), Bessel.i1(-x), 0);
            // I1' = I0 - I1/x, by the series of I1' against the recurrence
            assertEquals(Bessel.i0(x) - Bessel.i1(x) / x, Bessel.i1Prime(x), 1e-14 * Bessel.i0(x));
            // I0' = I1, against central differences
            double h = 1e-6 * Math.max(1, x);
            assertEquals((Bessel.i0(x + h) - Bessel.i0(x - h)) / (2 * h), Bessel.i1(x), 1e-7 * Bessel.i0(x));
        }
        assertEquals(0.5, Bessel.i1Prime(0), 0);
    }
}
