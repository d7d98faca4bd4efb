package dev.gradc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MathOpsTest {

    private static void assertBits(double expected, double actual) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                () -> "expected " + expected + " but was " + actual);
    }

    @Test
    void tanhKeepsTheSignOfZero() {
        assertBits(0.0, MathOps.tanh(0.0));
        assertBits(-0.0, MathOps.tanh(-0.0));
    }

    @Test
    void tanhOfInfinityIsOne() {
        assertBits(1.0, MathOps.tanh(Double.POSITIVE_INFINITY));
        assertBits(-1.0, MathOps.tanh(Double.NEGATIVE_INFINITY));
    }

    @Test
    void tanhOfNaNIsNaN() {
        assertTrue(Double.isNaN(MathOps.tanh(Double.NaN)));
    }

    @Test
    void tanhOfLargeMagnitudeIsExactlyOne() {
        for (double x : new double[] {19.1, 20, 21.99, 22, 25, 1e300}) {
            assertBits(1.0, MathOps.tanh(x));
            assertBits(-1.0, MathOps.tanh(-x));
        }
    }

    @Test
    void tanhIsExactlyOdd() {
        for (double x = 1e-3; x < 30; x *= 1.01) {
            assertBits(-MathOps.tanh(x), MathOps.tanh(-x));
        }
    }

    @Test
    void tanhOfSubnormalIsItself() {
        assertBits(Double.MIN_VALUE, MathOps.tanh(Double.MIN_VALUE));
        assertBits(-0x1p-1040, MathOps.tanh(-0x1p-1040));
    }

    @Test
    void sigmoidOfZeroIsOneHalf() {
        assertBits(0.5, MathOps.sigmoid(0));
    }

    @Test
    void sigmoidSaturatesWithoutNaN() {
        assertBits(1.0, MathOps.sigmoid(800));
        assertBits(0.0, MathOps.sigmoid(-800));
        assertBits(1.0, MathOps.sigmoid(Double.POSITIVE_INFINITY));
        assertBits(0.0, MathOps.sigmoid(Double.NEGATIVE_INFINITY));
    }

    @Test
    void sigmoidOfLargeNegativeIsTinyNotZero() {
        assertEquals(Math.exp(-700), MathOps.sigmoid(-700), Math.ulp(Math.exp(-700)) * 2);
    }

    @Test
    void reluIsZeroAtAndBelowZero() {
        assertBits(0.0, MathOps.relu(-3));
        assertBits(0.0, MathOps.relu(-0.0));
        assertBits(0.0, MathOps.relu(0.0));
        assertBits(2.5, MathOps.relu(2.5));
    }

    @Test
    void reluPropagatesNaN() {
        assertTrue(Double.isNaN(MathOps.relu(Double.NaN)));
    }

    @Test
    void stepAtZeroIsZeroSoReluDerivativeAtZeroIsZero() {
        assertBits(0.0, MathOps.step(0.0));
        assertBits(0.0, MathOps.step(-1));
        assertBits(1.0, MathOps.step(Double.MIN_VALUE));
    }

    @Test
    void signAtZeroIsZeroSoAbsDerivativeAtZeroIsZero() {
        assertBits(0.0, MathOps.sign(0.0));
        assertBits(-0.0, MathOps.sign(-0.0));
        assertBits(-1.0, MathOps.sign(-7));
        assertTrue(Double.isNaN(MathOps.sign(Double.NaN)));
    }

    @Test
    void minAndMaxFollowMathSemanticsForNaNAndSignedZero() {
        assertTrue(Double.isNaN(MathOps.max(Double.NaN, 1)));
        assertTrue(Double.isNaN(MathOps.min(1, Double.NaN)));
        assertBits(0.0, MathOps.max(-0.0, 0.0));
        assertBits(-0.0, MathOps.min(0.0, -0.0));
    }

    @Test
    void powBaseDerivativeIsZeroForExponentZero() {
        assertBits(0.0, MathOps.powBaseDerivative(0.0, 0.0));
        assertEquals(12.0, MathOps.powBaseDerivative(2, 3));
    }

    @Test
    void powExponentDerivativeIsZeroAtBaseZero() {
        assertBits(0.0, MathOps.powExponentDerivative(0.0, 2.0, 0.0));
        assertEquals(8 * Math.log(2), MathOps.powExponentDerivative(2, 3, 8));
    }

    @Test
    void intrinsicsAreTheMathMethods() {
        double x = 0.7318;
        assertBits(Math.exp(x), MathOps.exp(x));
        assertBits(Math.log(x), MathOps.log(x));
        assertBits(Math.sqrt(x), MathOps.sqrt(x));
        assertBits(Math.sin(x), MathOps.sin(x));
        assertBits(Math.cos(x), MathOps.cos(x));
        assertBits(Math.tan(x), MathOps.tan(x));
        assertBits(Math.pow(x, 2.5), MathOps.pow(x, 2.5));
    }
}
