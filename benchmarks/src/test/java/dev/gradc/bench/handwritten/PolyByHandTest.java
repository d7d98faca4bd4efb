package dev.gradc.bench.handwritten;

import static dev.gradc.bench.handwritten.Agreement.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.bench.CentralDifferences;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PolyByHandTest {

    @Test
    void gradientAtTwoIsFifteen() {
        PolyByHand.Grad g = PolyByHand.polyGrad(2);
        assertEquals(15.0, g.x());
        assertEquals(7.0, g.value());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-3.5, -1, -0.25, 0, 0.5, 1.75, 4, 100})
    void valueIsTheCubic(double x) {
        assertClose(x * x * x + 2 * x * x - 5 * x + 1, PolyByHand.poly(x), "poly(" + x + ")");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-3.5, -1, -0.25, 0.5, 1.75, 4, 100})
    void gradientMatchesCentralDifferences(double x) {
        PolyByHand.Grad g = PolyByHand.polyGrad(x);
        assertClose(CentralDifferences.derivative(PolyByHand::poly, x), g.x(), "poly'(" + x + ")");
        assertEquals(PolyByHand.poly(x), g.value());
    }
}
