package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gradc.emit.JavaEmitter;
import dev.gradc.testing.Programs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An inner loop handed on through a journaled outer loop (passes.HandedLoops) that also carries a value it replaces
 * whole per trip — a stacked LSTM's layer loop: {@code for l in 0..L { h = cell(S[l, :], input); S[l, :] = h;
 * input = h; }} in the trip of {@code for t}, and {@code e = input - target} read after it. The outer forward trip
 * keeps {@code input} per inner trip and after the loop, besides the rows the inner loop overwrites; the outer
 * adjoint trip reverses the nodes after the inner loop first (from the kept {@code input}), then the inner loop by
 * its own adjoint loop from the kept values (writing its rows back), then the nodes before it — instead of
 * running the inner loop forward again. Counted by an extern called once per inner trip ({@link TripCounter#weight}): the
 * gradient calls it twice per inner trip, not three times. Every engine agrees with central differences on the
 * shapes: the replaced array read after the loop, read nowhere after it, a replaced scalar, reads of both the
 * array written in place (which is not handed on: the reversal runs the loop again) and the replaced one after the
 * loop, a cond in the inner body, three levels, and 0, 1, 2, 3 inner and outer trips.
 */
public class HandedReplacedValuesTest {

    private static final String EXTERN = TripCounter.WEIGHT;

    /** Two layers over n steps: each layer's state rows written in place, its output the next layer's input. */
    private static final String LAYERS = EXTERN + """
        fn f(x: real[16], y: real, n: int) -> real {
          S = reshape(x, 4, 4);
          loss = 0;
          for t in 0..n {
            input = x[0:4] * (y + 0.25 * t);
            for l in 0..2 {
              h = tanh(S[l, :] * y + input * 0.5 * weight(l));
              S[l, :] = h;
              S[l + 2, :] = S[l + 2, :] * 0.9 + h * input;
              input = h;
            }
            e = input - x[4:8];
            loss = loss + sum(e * e);
          }
          return loss + sum(S * S) * 0.1;
        }
        """;

    private static final String[] PROGRAMS = {
        LAYERS,
        // n layers over three steps
        """
        fn f(x: real[16], y: real, n: int) -> real {
          S = reshape(x, 4, 4);
          loss = 0;
          for t in 0..3 {
            input = x[8:12] * y;
            for l in 0..n {
              h = sin(S[l, :] + input * y);
              S[l, :] = h * 0.5;
              input = h;
            }
            loss = loss + sum(input * x[4:8]);
          }
          return loss;
        }
        """,
        // the replaced array read nowhere after the inner loop, a replaced scalar read after it
        """
        fn f(x: real[16], y: real, n: int) -> real {
          S = reshape(x, 4, 4);
          loss = 0;
          for t in 0..n {
            input = x[0:4] * y;
            a = y;
            for l in 0..2 {
              S[l, :] = tanh(S[l, :] + input * a);
              input = S[l, :] * 0.5;
              a = a * 0.5 + sum(input);
            }
            loss = loss + a * a;
          }
          return loss + sum(S * S);
        }
        """,
        // the array written in place read after the inner loop as well as the replaced one: not handed on
        """
        fn f(x: real[16], y: real, n: int) -> real {
          S = reshape(x, 4, 4);
          loss = 0;
          for t in 0..n {
            input = x[0:4] * y;
            for l in 0..2 { h = tanh(S[l, :] * y + input); S[l, :] = h; input = h; }
            loss = loss + sum(input * S[3, :]) + sum(S[0, :]);
          }
          return loss;
        }
        """,
        // a cond in the inner body
        """
        fn f(x: real[16], y: real, n: int) -> real {
          S = reshape(x, 4, 4);
          loss = 0;
          for t in 0..n {
            input = x[0:4] * y;
            for l in 0..3 {
              if (input[0] > 0.1) { h = tanh(S[l, :] * y + input); } else { h = sin(S[l, :]) * y - input * 0.3; }
              S[l, :] = h;
              input = h * 1.5;
            }
            e = input - x[12:16];
            loss = loss + sum(e * e);
          }
          return loss;
        }
        """,
        // three levels: the layer loop writes its row element by element in a loop of its own
        EXTERN + """
        fn f(x: real[16], y: real, n: int) -> real {
          S = reshape(x, 4, 4);
          loss = 0;
          for t in 0..n {
            input = x[0:4] * y;
            for l in 0..2 {
              for j in 0..4 { S[l, j] = S[l, j] * 0.5 + input[j] * y * weight(j); }
              input = tanh(S[l, :]) + input * 0.1;
            }
            loss = loss + sum(input * x[4:8]);
          }
          return loss;
        }
        """,
    };

    private static final double[] X = Engines.X16;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void everyEngineAgreesWithCentralDifferences(int n) {
        for (String text : PROGRAMS) {
            Engines.agreeWithCentralDifferences(text, X, 0.8, n);
        }
    }

    /**
     * Two layers over three steps run 6 inner trips: the value calls the extern 6 times, the gradient 12 (18 when
     * the reversal ran the layer loop forward again), compiled and interpreted; within a budget of one value
     * every step is checkpointed and run again, with the same gradient.
     */
    @Test
    void theGradientRunsTheLayerLoopForwardOncePerStep() {
        long[] calls = TripCounter.calls(LAYERS, X, 0.8, 3, 1e-15);
        assertArrayEquals(new long[] {6, 12, 12}, java.util.Arrays.copyOf(calls, 3),
                "value, compiled gradient, interpreter gradient");
    }

    /**
     * No popped value is named {@code t}, which reads as the program's step counter (an unnamed pop was given the
     * name {@code t}, the temporaries' prefix, when it was free: the inner trip count, before it was named
     * {@code innerTrips} as the forward trip names it). The layer loop's trip count is not popped at all now: it is
     * counted from 0 to 2, which the reversal computes again (passes.JournalLoops.Through.tripsKept).
     */
    @Test
    void noPopIsNamedTAndTheCountedInnerTripCountIsNotPopped() {
        String source = JavaEmitter.emit(Programs.compile(LAYERS)).source();
        assertFalse(source.matches("(?s).*\\bint innerTrips\\d* = stack\\d*\\.pop\\(\\);.*"), source);
        assertFalse(source.matches("(?s).*\\b(int|boolean|double) t = \\w+\\.pop\\(\\);.*"), source);
    }
}
