package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The adjoint of a counted inner loop takes its trip count and final counter from the loop's start and bound,
 * {@code max(0, to - from)} (passes.InnerCounts#ofLoop), not from the forward loop: a loop that the reversal of an
 * outer trip would run forward again only to count its trips — its values unread by any adjoint, as the last
 * stage of a Runge–Kutta step is — is not run again. Counted by an extern called once per inner trip ({@link
 * TripCounter#weight}); every engine agrees with central differences on loops counting up and down, to a literal
 * and to an int input, with empty ranges (start past the bound), 0..3 trips, a cond in the inner body, an inner
 * loop inside it, and a top-level loop (run by the forward sweep, which keeps its own count: FusedAdjointLoops
 * pairs it with its adjoint loop by that count).
 */
public class CountedTripsTest {

    /** Two stages per outer trip: the second stage's values are read by no adjoint, only its trips are needed. */
    private static final String STAGES = TripCounter.WEIGHT + """
        fn f(x: real[8], y: real, n: int) -> real {
          s = x[0:4] * y;
          for t in 0..3 {
            k = zeros(4);
            for j in 0..4 { k[j] = s[j] * x[4 + j] * weight(j); }
            u = s + 0.5 * k;
            k2 = zeros(4);
            for j in 1..4 { k2[j] = u[j - 1] * x[4 + j] * weight(j); }
            s = s + 0.25 * (k + k2);
          }
          return sum(s * s);
        }
        """;

    private static final String[] PROGRAMS = {
        STAGES,
        // the second stage to an int input, from 1: 0 trips for n = 0 and n = 1 (start past the bound)
        TripCounter.WEIGHT + """
        fn f(x: real[8], y: real, n: int) -> real {
          s = x[0:4] * y;
          for t in 0..2 {
            k = zeros(4);
            for j in 0..4 { k[j] = sin(s[j]) * x[4 + j]; }
            u = s + 0.5 * k;
            k2 = zeros(4);
            for j in 1..n { k2[j] = u[j - 1] * x[4 + j] * weight(j); }
            s = s + 0.25 * (k + k2);
          }
          return sum(s * s);
        }
        """,
        // counting down by a hand-written while to 0 from an int input; its counter read after it
        """
        fn f(x: real[8], y: real, n: int) -> real {
          s = x[0:4] * y;
          for t in 0..n {
            u = s * x[4:8];
            k = zeros(4);
            j = n;
            while (j > 0) {
              j = j - 1;
              k[j] = k[j] + u[3 - j] * y;
            }
            s = s + 0.5 * k + j * 0.125;
          }
          return sum(s * s);
        }
        """,
        // a cond in the inner body, and an inner loop inside the unread stage
        """
        fn f(x: real[8], y: real, n: int) -> real {
          s = x[0:4] * y;
          for t in 0..2 {
            u = tanh(s);
            k = zeros(4);
            for j in 0..n {
              if (u[j] > 0.1) { k[j] = u[3 - j] * x[4 + j]; } else { k[j] = u[j] * y; }
              for q in 0..2 { k[q] = k[q] + u[q + 2] * 0.5; }
            }
            s = s + 0.5 * k;
          }
          return sum(s * s);
        }
        """,
        // a top-level counted loop, its counter read after it
        """
        fn f(x: real[8], y: real, n: int) -> real {
          a = y;
          i = 0;
          while (i < n) {
            a = a * x[i] + sin(a);
            i = i + 1;
          }
          return a * i;
        }
        """,
    };

    private static final double[] X = {0.9, -0.3, 0.45, 0.2, 0.35, 1.1, -0.6, 0.15};

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void everyEngineAgreesWithCentralDifferences(int n) {
        for (String text : PROGRAMS) {
            Engines.agreeWithCentralDifferences(text, X, 0.8, n);
        }
    }

    /**
     * Three outer trips of 4 + 3 inner trips: the value calls the extern 21 times; the gradient runs both stages
     * forward once (21) and both adjoint loops, which call it again per trip (21), and the first stage forward
     * again in the reversal for its values (12) — not the second stage for its trip count (9 more).
     */
    @Test
    void theReversalDoesNotRunAStageAgainForItsTripCount() {
        long[] calls = TripCounter.calls(STAGES, X, 0.8, 3, 1e-15);
        assertArrayEquals(new long[] {21, 54}, java.util.Arrays.copyOf(calls, 2), "value, compiled gradient");
    }
}
