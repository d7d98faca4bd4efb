package dev.gradc.bench.handwritten;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/** Assertions that a gradient agrees with its truth to a relative tolerance. */
final class Agreement {

    /** The tolerance of the brief: gradients agree with finite differences to a relative 1e-6. */
    static final double RELATIVE = 1e-6;

    private Agreement() {
    }

    /** |actual - expected| ≤ 1e-6 · max(|expected|, 1e-300). */
    static void assertClose(double expected, double actual, String what) {
        double tolerance = RELATIVE * Math.max(Math.abs(expected), 1e-300);
        assertEquals(expected, actual, tolerance, what);
    }

    /**
     * Every entry within 1e-6 of the largest entry of {@code expected}: relative to the array's scale, so
     * that entries near zero, where central differences have only absolute accuracy, do not fail alone.
     */
    static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        double scale = 0;
        for (double e : expected) {
            scale = Math.max(scale, Math.abs(e));
        }
        double worst = 0;
        int at = -1;
        for (int i = 0; i < expected.length; i++) {
            double error = Math.abs(expected[i] - actual[i]);
            if (!(error <= worst)) {
                worst = error;
                at = i;
            }
        }
        if (!(worst <= RELATIVE * Math.max(scale, 1e-300))) {
            fail(what + ": entry " + at + " is " + actual[at] + ", expected " + expected[at]
                    + " (relative error " + worst / scale + " against the largest entry " + scale + ")");
        }
    }
}
