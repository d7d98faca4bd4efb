package dev.gradc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * lgamma, digamma, trigamma and erf against values known in closed form or tabulated to 16 digits (Γ at
 * integers and halves, ψ(1) = -γ, ψ₁(1) = π²/6, erf from the tables of Abramowitz and Stegun extended to
 * double precision), and against their recurrences and reflections at many random points.
 */
class SpecialFunctionsTest {

    private static final double EULER_GAMMA = 0.57721566490153286061;
    /** ζ(3), Apéry's constant: ψ₂(1) = -2ζ(3). */
    private static final double ZETA3 = 1.2020569031595942854;

    private static void close(double expected, double actual, double relative) {
        assertEquals(expected, actual, relative * Math.abs(expected), "expected " + expected + ", got " + actual);
    }

    @Test
    void lgammaMatchesFactorialsAndHalfIntegers() {
        double factorial = 1;
        for (int n = 1; n <= 30; n++) {
            close(Math.log(factorial), SpecialFunctions.lgamma(n + 1), 1e-14);
            factorial *= n + 1;
        }
        close(Math.log(Math.sqrt(Math.PI)), SpecialFunctions.lgamma(0.5), 1e-15);
        close(Math.log(Math.sqrt(Math.PI) / 2), SpecialFunctions.lgamma(1.5), 1e-14);
        close(Math.log(2 * Math.sqrt(Math.PI)), SpecialFunctions.lgamma(-0.5), 1e-14);
        close(359.13420536957539878, SpecialFunctions.lgamma(100), 1e-15);
        close(18.420680738180208905, SpecialFunctions.lgamma(1e-8), 1e-15);
        assertEquals(0.0, SpecialFunctions.lgamma(1), 0);
        assertEquals(0.0, SpecialFunctions.lgamma(2), 1e-300);
        assertEquals(Double.POSITIVE_INFINITY, SpecialFunctions.lgamma(-3));
    }

    @Test
    void lgammaNearItsZerosKeepsRelativeAccuracy() {
        // lgamma(1 + z) = -γz + ζ(2)z²/2 - ...; for z = 1e-10 the first two terms are exact to double precision
        double x = 1 + 1e-10;
        double z = x - 1; // exact: the argument is 1 + z
        close(-EULER_GAMMA * z + Math.PI * Math.PI / 12 * z * z, SpecialFunctions.lgamma(x), 1e-14);
        double w = (2 + 1e-10) - 2;
        close((1 - EULER_GAMMA) * w, SpecialFunctions.lgamma(2 + w), 1e-9);
    }

    @Test
    void lgammaSatisfiesItsRecurrenceAtManyPoints() {
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            double x = random.nextDouble(0.01, 40);
            double lhs = SpecialFunctions.lgamma(x + 1);
            double rhs = SpecialFunctions.lgamma(x) + Math.log(x);
            assertEquals(lhs, rhs, 1e-13 * Math.max(1, Math.abs(lhs)), "at " + x);
        }
    }

    @Test
    void digammaAndTrigammaMatchClosedForms() {
        close(-EULER_GAMMA, SpecialFunctions.digamma(1), 1e-14);
        close(-EULER_GAMMA - 2 * Math.log(2), SpecialFunctions.digamma(0.5), 1e-14);
        close(1 - EULER_GAMMA, SpecialFunctions.digamma(2), 1e-14);
        close(2.2517525890667211076, SpecialFunctions.digamma(10), 1e-15);
        close(0.036489973978576520559, SpecialFunctions.digamma(-0.5), 1e-13);
        close(Math.PI * Math.PI / 6, SpecialFunctions.trigamma(1), 1e-14);
        close(Math.PI * Math.PI / 2, SpecialFunctions.trigamma(0.5), 1e-14);
        close(-2 * ZETA3, SpecialFunctions.tetragamma(1), 1e-14);
        close(-14 * ZETA3, SpecialFunctions.tetragamma(0.5), 1e-14);
        close(-2 * ZETA3 + 2, SpecialFunctions.tetragamma(2), 1e-14);
        close(-14 * ZETA3 + 16, SpecialFunctions.tetragamma(-0.5), 1e-13); // reflection: ψ₂(-1/2) = ψ₂(3/2)
        for (double x : new double[] {-0.3, -1.7, -4.2}) { // reflection elsewhere, against differences of ψ₁
            double u = (SpecialFunctions.trigamma(x + 1e-5) - SpecialFunctions.trigamma(x - 1e-5)) / 2e-5;
            assertEquals(u, SpecialFunctions.tetragamma(x), 1e-6 * Math.max(1, Math.abs(u)), "at " + x);
        }
        assertTrue(Double.isNaN(SpecialFunctions.tetragamma(-1)));
        assertTrue(Double.isNaN(SpecialFunctions.digamma(-2)));
    }

    @Test
    void digammaIsTheDerivativeOfLgammaTrigammaOfDigammaAndTetragammaOfTrigamma() {
        SplittableRandom random = new SplittableRandom(11);
        double h = 1e-5;
        for (int i = 0; i < 2_000; i++) {
            double x = random.nextDouble(0.2, 30);
            double d = (SpecialFunctions.lgamma(x + h) - SpecialFunctions.lgamma(x - h)) / (2 * h);
            assertEquals(SpecialFunctions.digamma(x), d, 1e-8 * Math.max(1, Math.abs(d)), "at " + x);
            double t = (SpecialFunctions.digamma(x + h) - SpecialFunctions.digamma(x - h)) / (2 * h);
            assertEquals(SpecialFunctions.trigamma(x), t, 1e-7 * Math.max(1, Math.abs(t)), "at " + x);
            double u = (SpecialFunctions.trigamma(x + h) - SpecialFunctions.trigamma(x - h)) / (2 * h);
            assertEquals(SpecialFunctions.tetragamma(x), u, 1e-7 * Math.max(1, Math.abs(u)), "at " + x);
        }
    }

    @Test
    void erfMatchesTabulatedValuesAndIsOdd() {
        double[][] table = {{0.1, 0.11246291601828489220}, {0.5, 0.52049987781304653768},
            {1, 0.84270079294971486934}, {2, 0.99532226501895273416}, {2.9, 0.99995890212190054967},
            {3.5, 0.99999925690162765859}, {5, 0.99999999999846254020}, {1e-20, 1.1283791670955125739e-20}};
        for (double[] row : table) {
            close(row[1], SpecialFunctions.erf(row[0]), 1e-15);
            close(-row[1], SpecialFunctions.erf(-row[0]), 1e-15);
        }
        assertEquals(1.0, SpecialFunctions.erf(30), 0);
        assertEquals(-1.0, SpecialFunctions.erf(Double.NEGATIVE_INFINITY), 0);
    }

    @Test
    void erfIsContinuousWhereItsTwoMethodsMeet() {
        double below = SpecialFunctions.erf(Math.nextDown(3.0));
        double at = SpecialFunctions.erf(3.0);
        assertEquals(at, below, 4 * Math.ulp(at));
        close(0.99997790950300141456, at, 1e-15);
    }
}
