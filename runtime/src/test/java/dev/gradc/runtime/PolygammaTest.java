package dev.gradc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link SpecialFunctions#polygamma(int, double)} of every order against its defining series
 * ψ⁽ⁿ⁾(x) = (-1)ⁿ⁺¹ n! Σₖ (x + k)⁻⁽ⁿ⁺¹⁾ summed directly (at negative x too, where the code reflects instead),
 * against ζ at 1, against digamma, trigamma and tetragamma, and against central differences of the order below.
 */
class PolygammaTest {

    /** The defining series: 200,000 terms, the tail by Euler–Maclaurin (integral, half a term, one Bernoulli term). */
    private static double series(int n, double x) {
        int terms = 200_000;
        double sum = 0;
        for (int k = terms - 1; k >= 0; k--) {
            sum += Math.pow(x + k, -(n + 1));
        }
        double t = x + terms;
        sum += Math.pow(t, -n) / n + 0.5 * Math.pow(t, -(n + 1)) + (n + 1) / 12.0 * Math.pow(t, -(n + 2));
        double factorial = 1;
        for (int k = 2; k <= n; k++) {
            factorial *= k;
        }
        return (n % 2 == 1 ? factorial : -factorial) * sum;
    }

    private static void close(double expected, double actual, double relative, String what) {
        assertEquals(expected, actual, relative * Math.max(1e-300, Math.abs(expected)), what);
    }

    @Test
    void everyOrderMatchesItsSeriesAtPositiveAndNegativePoints() {
        // negative points away from the half-integers, where the series itself cancels (as ±2¹¹ at -1/2)
        double[] xs = {0.05, 0.3, 1, 1.5, 2.75, 7.2, 13, 40.5, -0.3, -0.2, -1.7, -3.4, -10.6};
        for (int n = 1; n <= 12; n++) {
            for (double x : xs) {
                close(series(n, x), SpecialFunctions.polygamma(n, x), 1e-12, "ψ(" + n + ") at " + x);
            }
        }
        for (int n : new int[] {20, 30, 45}) {
            for (double x : new double[] {0.7, 3.5, 60, -2.3}) {
                close(series(n, x), SpecialFunctions.polygamma(n, x), 1e-11, "ψ(" + n + ") at " + x);
            }
        }
    }

    /** ψ⁽ⁿ⁾(1) = (-1)ⁿ⁺¹ n! ζ(n+1), with ζ at the even integers in closed form. */
    @Test
    void atOneItIsZeta() {
        double pi2 = Math.PI * Math.PI;
        close(pi2 / 6, SpecialFunctions.polygamma(1, 1), 1e-15, "ζ(2)");
        close(6 * pi2 * pi2 / 90, SpecialFunctions.polygamma(3, 1), 1e-14, "ψ(3)(1) = 3! ζ(4)");
        close(120 * pi2 * pi2 * pi2 / 945, SpecialFunctions.polygamma(5, 1), 1e-14, "ψ(5)(1) = 5! ζ(6)");
        close(5040 * pi2 * pi2 * pi2 * pi2 / 9450, SpecialFunctions.polygamma(7, 1), 1e-14, "ψ(7)(1) = 7! ζ(8)");
        close(-24 * 1.0369277551433699263, SpecialFunctions.polygamma(4, 1), 1e-14, "ψ(4)(1) = -4! ζ(5)");
    }

    @Test
    void theFirstOrdersAreDigammaTrigammaAndTetragamma() {
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 500; i++) {
            double x = random.nextDouble(-12, 30);
            assertEquals(SpecialFunctions.digamma(x), SpecialFunctions.polygamma(0, x), 0, "at " + x);
            close(SpecialFunctions.trigamma(x), SpecialFunctions.polygamma(1, x), 1e-12, "trigamma at " + x);
            close(SpecialFunctions.tetragamma(x), SpecialFunctions.polygamma(2, x), 1e-12, "tetragamma at " + x);
        }
    }

    @Test
    void eachOrderIsTheDerivativeOfTheOneBelow() {
        SplittableRandom random = new SplittableRandom(7);
        double h = 1e-4;
        for (int i = 0; i < 400; i++) {
            double x = random.nextDouble(0.4, 25) * (i % 4 == 0 ? -1 : 1);
            if (Math.abs(x - Math.rint(x)) < 0.1) {
                continue; // differences need a step far smaller than the distance to the pole
            }
            int n = 2 + i % 6;
            double d = (SpecialFunctions.polygamma(n, x + h) - SpecialFunctions.polygamma(n, x - h)) / (2 * h);
            double d2 = (SpecialFunctions.polygamma(n, x + h / 2) - SpecialFunctions.polygamma(n, x - h / 2)) / h;
            double richardson = (4 * d2 - d) / 3;
            close(richardson, SpecialFunctions.polygamma(n + 1, x), 1e-7, "ψ(" + (n + 1) + ") at " + x);
        }
    }

    @Test
    void polesOrdersAndInfinities() {
        assertTrue(Double.isNaN(SpecialFunctions.polygamma(3, 0)));
        assertTrue(Double.isNaN(SpecialFunctions.polygamma(4, -2)));
        assertTrue(Double.isNaN(SpecialFunctions.polygamma(-1, 2)));
        assertTrue(Double.isNaN(SpecialFunctions.polygamma(2.5, 2)));
        assertTrue(Double.isNaN(SpecialFunctions.polygamma(3, Double.NaN)));
        assertEquals(0.0, SpecialFunctions.polygamma(3, Double.POSITIVE_INFINITY), 0);
        assertEquals(SpecialFunctions.polygamma(6, 2.5), SpecialFunctions.polygamma(6.0, 2.5), 0);
        // at a half-integer the reflection's cot(πx) is exactly 0: ψ⁽⁶⁾(-1/2) = ψ⁽⁶⁾(3/2) = -6! (127 ζ(7) - 128),
        // here to 20 digits
        close(-43.457923803023286231, SpecialFunctions.polygamma(6, -0.5), 1e-14, "ψ(6)(-1/2)");
        assertEquals(Double.POSITIVE_INFINITY, SpecialFunctions.polygamma(201, 0.5));
    }

    /** Past n = 170, where n! overflows, finite values stay finite (reference values to 20 digits). */
    @Test
    void ordersPastTheFactorialsRange() {
        close(-4.3508192705971018437e-228, SpecialFunctions.polygamma(200, 1000), 1e-12, "ψ(200)(1000)");
        close(-2.2170514118173196862e-63, SpecialFunctions.polygamma(200, 150.5), 1e-12, "ψ(200)(150.5)");
        close(1.0726779424532680308e+55, SpecialFunctions.polygamma(171, 30), 1e-12, "ψ(171)(30)");
        close(-2.3785856183243259065e-198, SpecialFunctions.polygamma(300, 500.25), 1e-12, "ψ(300)(500.25)");
    }
}
