package dev.gradc.bench.handwritten;

import static dev.gradc.bench.handwritten.Agreement.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.bench.CentralDifferences;
import dev.gradc.bench.Inputs;
import dev.gradc.runtime.IterationLimitException;
import org.junit.jupiter.api.Test;

class ControlFlowByHandTest {

    /** Many a of both signs and many magnitudes (so many trip counts), none exactly on a power of two. */
    private static double[] points() {
        Inputs in = new Inputs(11);
        double[] a = new double[400];
        for (int i = 0; i < a.length; i++) {
            double magnitude = Math.pow(10, in.uniform(-6, 4));
            a[i] = (i % 2 == 0 ? magnitude : -magnitude);
        }
        return a;
    }

    @Test
    void gradientIsValueOverInput() {
        for (double a : points()) {
            ControlFlowByHand.Grad g = ControlFlowByHand.fGrad(a);
            assertEquals(ControlFlowByHand.f(a), g.value());
            assertClose(g.value() / a, g.a(), "f'(" + a + ")");
        }
    }

    @Test
    void gradientMatchesCentralDifferences() {
        for (double a : points()) {
            // Central differences are exact only inside one piece of the piecewise-linear f:
            // skip points within a step of a boundary, where |2^n a| = 1000.
            double h = 1e-5 * Math.max(1, Math.abs(a));
            if (ControlFlowByHand.fGrad(a - h).a() != ControlFlowByHand.fGrad(a + h).a()) {
                continue;
            }
            assertClose(CentralDifferences.derivative(ControlFlowByHand::f, a), ControlFlowByHand.fGrad(a).a(),
                    "f'(" + a + ")");
        }
    }

    @Test
    void negativeInputsTakeTheScaledBranch() {
        // a = -1: b = -2 doubles to -1024 (9 trips), c = 100 b.
        assertEquals(-102400.0, ControlFlowByHand.f(-1));
        assertEquals(102400.0, ControlFlowByHand.f(1) * 100);
        assertEquals(102400.0, ControlFlowByHand.fGrad(-1).a());
        assertEquals(1024.0, ControlFlowByHand.fGrad(1).a());
    }

    @Test
    void largeInputsSkipTheLoop() {
        ControlFlowByHand.Grad g = ControlFlowByHand.fGrad(600);
        assertEquals(1200.0, g.value());
        assertEquals(2.0, g.a());
    }

    @Test
    void zeroNeverLeavesTheLoopAndHitsTheIterationLimit() {
        IterationLimitException e = assertThrows(IterationLimitException.class, () -> ControlFlowByHand.fGrad(0));
        assertTrue(e.getMessage().contains("ControlFlow.grad"), e.getMessage());
    }
}
