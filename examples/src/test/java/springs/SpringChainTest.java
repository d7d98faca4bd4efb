package springs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The checkpointed gradient of the mass–spring chain at a smaller size (40 masses, a few thousand trips):
 * its value equals the chain simulated directly in its own coordinates, and its derivatives equal central
 * differences of that simulation.
 */
class SpringChainTest {

    private static final double K = 1.3;
    private static final double C = 0.02;
    private static final double DT = 0.02;

    @Test
    void theGradientMatchesCentralDifferencesOfTheChainSimulatedDirectly() {
        SpringChain.Setup s = SpringChain.Setup.of(40);
        double h = 1e-6;
        // The trip count is a step function of k and c; the derivative is that of the trips taken. Choose a
        // threshold whose crossing is clear of the perturbed runs' (the trips at k ± h and c ± h are equal).
        double stop = 0;
        double[] direct = null;
        double[][] around = null;
        for (double decay = 4; around == null; decay += 0.05) {
            stop = s.initialEnergy(K) * Math.exp(-decay);
            direct = Trips.simulate(s, K, C, DT, stop);
            double[][] r = {Trips.simulate(s, K + h, C, DT, stop), Trips.simulate(s, K - h, C, DT, stop),
                Trips.simulate(s, K, C + h, DT, stop), Trips.simulate(s, K, C - h, DT, stop)};
            boolean same = true;
            for (double[] x : r) {
                same &= x[1] == direct[1];
            }
            around = same ? r : null;
        }
        Chain.Settle.Grad g = s.gradient(K, C, DT, stop);
        assertTrue(direct[1] > 5_000, "trips: " + direct[1]);
        assertEquals(direct[0], g.value(), 1e-9 * Math.max(1, Math.abs(direct[0])));
        double[] kUp = around[0];
        double[] kDown = around[1];
        double[] cUp = around[2];
        double[] cDown = around[3];
        double dk = (kUp[0] - kDown[0]) / (2 * h);
        double dc = (cUp[0] - cDown[0]) / (2 * h);
        assertEquals(dk, g.k(), 1e-6 * Math.max(1, Math.abs(dk)));
        assertEquals(dc, g.c(), 1e-6 * Math.max(1, Math.abs(dc)));
        assertTrue(Math.abs(dk) > 1e-4 && Math.abs(dc) > 1e-4, dk + " " + dc);
    }
}
