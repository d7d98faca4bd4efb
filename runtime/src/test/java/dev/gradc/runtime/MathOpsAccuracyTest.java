package dev.gradc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Accuracy of the hand-written functions over many points; never timing. */
class MathOpsAccuracyTest {

    private static final double[] SPECIAL = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE,
        Double.MIN_NORMAL, 0x1p-28, Math.nextDown(0x1p-28), 0.625, Math.nextDown(0.625), 1, 19.0625,
        Math.nextDown(22), 22, 710, Double.MAX_VALUE, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};

    /** Uniform on [-25, 25], log-uniform magnitudes from subnormal to 32, and dense near 0.625. */
    private static double sample(SplittableRandom random, int i) {
        double sign = random.nextBoolean() ? 1 : -1;
        switch (i % 3) {
            case 0:
                return random.nextDouble(-25, 25);
            case 1:
                return sign * Math.scalb(random.nextDouble(1, 2), random.nextInt(-1074, 5));
            default:
                return sign * random.nextDouble(0.5, 0.75);
        }
    }

    @Test
    void tanhIsWithinTwoUlpOfMathTanhAtAMillionPoints() {
        SplittableRandom random = new SplittableRandom(42);
        long worst = 0;
        double worstX = 0;
        for (int i = 0; i < 1_000_000 + SPECIAL.length; i++) {
            double x = i < SPECIAL.length ? SPECIAL[i] : sample(random, i);
            long d = ExactMath.ulpDistance(MathOps.tanh(x), Math.tanh(x));
            if (d > worst) {
                worst = d;
                worstX = x;
            }
        }
        assertTrue(worst <= 2, "worst " + worst + " ulp at x = " + worstX);
    }

    @Test
    void tanhMatchesMathTanhOnNaN() {
        assertEquals(Double.isNaN(Math.tanh(Double.NaN)), Double.isNaN(MathOps.tanh(Double.NaN)));
    }

    @Test
    void tanhIsWithinTwoUlpOfTheExactValue() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            double x = i % 2 == 0 ? random.nextDouble(-1.5, 1.5) : random.nextDouble(-20, 20);
            if (Math.abs(x) < 1e-3) {
                continue;
            }
            double err = ExactMath.ulpError(MathOps.tanh(x), ExactMath.tanh(x));
            assertTrue(err <= 2, err + " ulp at x = " + x);
        }
    }

    @Test
    void sigmoidIsWithinTwoUlpOfTheExactValue() {
        SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 30_000; i++) {
            double x = i % 2 == 0 ? random.nextDouble(-40, 40) : random.nextDouble(-745, 40);
            double err = ExactMath.ulpError(MathOps.sigmoid(x), ExactMath.sigmoid(x));
            assertTrue(err <= 2, err + " ulp at x = " + x);
        }
    }
}
