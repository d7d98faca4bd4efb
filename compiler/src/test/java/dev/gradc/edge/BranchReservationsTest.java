package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.emit.JavaEmitter;
import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A loop whose trips keep their values within the kept-values budget pushes them in a branch taken while its trip
 * counter is below the number of trips the budget holds ({@code if (trips < snapshots) push}): the loop reserves
 * the values of those trips before it starts (emit.BranchPushes), so that its stack is allocated once, not grown by
 * copying. Zero to many trips, budgets that keep all, some or none of them: the same gradient, every engine
 * agreeing with central differences.
 */
class BranchReservationsTest {

    /**
     * Least squares over samples (a Horner loop per sample: its trips keep the polynomial's value), with the residuals'
     * sum beside the squares' (with one sum, passes.IndependentTrips runs each sample's adjoint in its trip instead,
     * keeping nothing).
     */
    private static final String SAMPLES = """
            @grad(c)
            fn f<N>(c: real[4], t: real[N], y: real[N]) -> real {
              s = 0;
              u = 0;
              for i in 0..N {
                p = 0;
                for j in 0..4 {
                  p = p * t[i] + c[3 - j];
                }
                r = y[i] - p;
                s = s + r * r;
                u = u + r;
              }
              return 0.5 * s + 0.1 * u;
            }
            """;

    /** The same shape with the test harness's signature, n samples of x. */
    private static final String SMALL = """
            fn f(x: real[16], y: real, n: int) -> real {
              s = 0;
              for i in 0..n {
                p = 0;
                for j in 0..4 {
                  p = p * x[i] * y + x[15 - j];
                }
                s = s + sin(p) * y;
              }
              return s;
            }
            """;

    private static final double[] X = Engines.X16;

    @Test
    void theLoopReservesTheTripsItKeeps() {
        String source = JavaEmitter.emit(Programs.compile(SAMPLES)).source();
        assertTrue(source.matches("(?s).*\\.reserve\\(Math\\.min\\([^;]*snapshots[^;]*\\), 1\\);.*"),
                source);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 5, 16})
    void everyEngineAgreesWithCentralDifferences(int n) {
        Engines.agreeWithCentralDifferences(SMALL, X, 0.8, n);
        Engines.agreeWithCentralDifferences(SMALL, X, -0.45, n);
    }

    @Test
    void everyBudgetGivesTheSameGradient() {
        Engines.sameGradientAtBudgets(SMALL, X, 0.8, 16, 16, 15, 5, 1, 0);
    }

    /**
     * 4,096 samples keep 4,096 doubles (32 KB): allocated once, where a stack grown by doubling from 16 entries
     * allocates about twice that; within a budget of 1,000 values, about 1,000 (the rest recomputed).
     */
    @Test
    void theKeptValuesAreAllocatedOnce() {
        CompiledModule c = CompiledModule.load(Programs.compile(SAMPLES));
        int n = 4096;
        double[] coefficients = {0.3, -0.2, 0.5, 0.1};
        double[] t = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = Math.sin(0.01 * i);
            y[i] = Math.cos(0.02 * i);
        }
        double value = (double) c.value("f", n, coefficients, t, y);
        assertEquals(value, (double) c.grad("f", n, coefficients, t, y).value(), 1e-12 * Math.abs(value));
        long kept = 8L * n;
        long bytes = Allocation.fewest(() -> c.grad("f", n, coefficients, t, y));
        assertTrue(bytes < kept + 4096, bytes + " bytes, the kept values " + kept);
        double[] gradient = (double[]) c.grad("f", n, coefficients, t, y).parts().get("c");
        c.setMaxKeptValues(1000);
        long within = Allocation.fewest(() -> c.grad("f", n, coefficients, t, y));
        assertTrue(within < 8L * 1000 + 4096, within + " bytes within a budget of 1,000 values");
        assertArrayEquals(gradient, (double[]) c.grad("f", n, coefficients, t, y).parts().get("c"), 0);
    }
}
