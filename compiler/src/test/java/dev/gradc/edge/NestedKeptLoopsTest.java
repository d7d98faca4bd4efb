package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A loop whose reversal keeps every trip's state (passes.KeptLoop: here an outer loop carrying a counter and a
 * sum, which keeps nothing else) keeps, per trip, the results of the inner loops of its body that its adjoint
 * would otherwise run again (passes.KeptRegions): an inner loop's scalar result (its trip count and final counter
 * are computed again from its bounds).
 * Counted by an extern called once per inner trip ({@link TripCounter#weight}), whose value the inner adjoint reads: the
 * gradient runs it twice per inner trip (the forward trip, the inner adjoint), not three times (the forward
 * trip, the reversal running the inner loop forward again, the inner adjoint) — in generated code and in the
 * interpreter; under a kept-values budget too small for the kept values, the reversal runs the inner loops
 * again, as before. Every engine agrees with central differences on nested shapes: an inner trip count that
 * depends on the outer counter, an inner while with a data-dependent exit, a cond in the inner loop, an inner
 * loop writing an array row in place, three levels, zero-trip inner and outer loops.
 */
public class NestedKeptLoopsTest {

    private static final String EXTERN = TripCounter.WEIGHT;

    /**
     * A weighted sum over the first i + 1 entries per outer trip (least squares' shape: the inner loop's adjoint
     * needs no value of its trips, the residual needs its result; no inner trip when n = 0), with the residuals' sum
     * beside the squares' (with one sum, passes.IndependentTrips runs each outer trip's adjoint in the trip, keeping
     * nothing and running no inner loop again, whatever the budget).
     */
    private static final String SUMS = EXTERN + """
        fn f(x: real[5], y: real, n: int) -> real {
          s = 0;
          u = 0;
          for i in 0..n {
            p = 0;
            for j in 0..i+1 { p = p + x[j] * weight(j) * y; }
            r = x[i] - p;
            s = s + r * r;
            u = u + r;
          }
          return s + 0.1 * u;
        }
        """;

    private static final String[] PROGRAMS = {
        SUMS,
        // Horner's rule: the inner loop's adjoint needs its trips' values
        EXTERN + """
        fn f(x: real[5], y: real, n: int) -> real {
          s = 0;
          for i in 0..n {
            p = 0;
            for j in 0..i+1 { p = p * y + x[j] * weight(j); }
            r = x[i] - p;
            s = s + r * r;
          }
          return s;
        }
        """,
        // inner trip count 0 on the first outer trip
        EXTERN + """
        fn f(x: real[5], y: real, n: int) -> real {
          s = 0;
          for i in 0..n {
            p = 0.5;
            for j in 0..i { p = p * y + x[j] * weight(j); }
            s = s + sin(p) * x[i];
          }
          return s;
        }
        """,
        // an inner while with a data-dependent exit
        EXTERN + """
        fn f(x: real[5], y: real, n: int) -> real {
          s = 0;
          for i in 0..n {
            q = x[i] + 2;
            k = 0;
            while (q > 0.5 && k < 5) { q = q * 0.5 * y + x[k] * 0.01; k = k + 1; }
            s = s + q * q;
          }
          return s;
        }
        """,
        // a cond in the inner loop
        EXTERN + """
        fn f(x: real[5], y: real, n: int) -> real {
          s = 0;
          for i in 0..n {
            p = 0;
            for j in 0..5 {
              if (x[j] > p) { p = p + x[j] * y; } else { p = p * y - x[j]; }
            }
            s = s + p * x[i];
          }
          return s;
        }
        """,
        // an inner loop writing an array in place
        EXTERN + """
        fn f(x: real[5], y: real, n: int) -> real {
          s = 0;
          for i in 0..n {
            z = x * y;
            for j in 1..5 { z[j] = z[j-1] * y + z[j] * weight(j); }
            s = s + sum(z * z) * 0.01;
          }
          return s;
        }
        """,
        // three levels
        EXTERN + """
        fn f(x: real[5], y: real, n: int) -> real {
          s = 0;
          for i in 0..n {
            t = 0;
            for j in 0..3 {
              p = 0;
              for k in 0..j+1 { p = p * y + x[k] * weight(k); }
              t = t + p * x[j];
            }
            s = s + sin(t);
          }
          return s;
        }
        """,
    };

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 5})
    void everyEngineAgreesWithCentralDifferences(int n) {
        double[] x = {0.3, -0.7, 0.45, 0.9, -0.2};
        for (String text : PROGRAMS) {
            Engines.agreeWithCentralDifferences(text, x, 0.8, n);
        }
    }

    /**
     * The weighted sums' inner loop runs 15 trips over n = 5 outer trips: the value calls the extern 15 times, the gradient
     * 30 (it ran 45 times when the reversal ran each inner loop forward again), compiled and interpreted; within
     * a budget of one value the outer trips keep nothing and the reversal runs them again (45), with the same
     * gradient.
     */
    @Test
    void theGradientRunsAnInnerLoopForwardOncePerOuterTrip() {
        assertArrayEquals(new long[] {15, 30, 30, 44},
                TripCounter.calls(SUMS, new double[] {0.3, -0.7, 0.45, 0.9, -0.2}, 0.8, 5, 0.0),
                "value, compiled gradient, interpreter gradient, compiled gradient within one kept value");
    }
}
