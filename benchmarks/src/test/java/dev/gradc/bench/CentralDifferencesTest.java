package dev.gradc.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CentralDifferencesTest {

    @Test
    void derivativeOfSineIsCosine() {
        assertEquals(Math.cos(0.7), CentralDifferences.derivative(Math::sin, 0.7), 1e-10);
    }

    @Test
    void gradientOfAQuadraticFormIsExactUpToRounding() {
        double[] p = {1.5, -2.0, 1e3};
        double[] g = CentralDifferences.gradient(() -> p[0] * p[0] + 3 * p[1] * p[2], p);
        assertArrayEquals(new double[] {3.0, 3e3, -6.0}, g, 1e-6);
    }

    @Test
    void gradientRestoresEveryEntryExactly() {
        double[] p = {0.1, 0.2, 0.3, 1e-300, -7.0};
        double[] copy = p.clone();
        CentralDifferences.gradient(() -> p[0] + p[1] * p[2], p);
        assertArrayEquals(copy, p);
    }
}
