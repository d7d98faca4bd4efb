package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The arrays a loop body makes that do not outlive the trip of the loop around it are made once per call, not once
 * per trip of that loop: the two arrays an inner loop's replaced value takes in turns ({@code h} of a layer loop)
 * when the inner loop's result that may be one of them dies with the outer trip (read, pushed, copied into a row;
 * not carried by the outer loop, not given out by a cond); and, since a loop's result may be the array of its
 * carried input only through ops that may keep it (not through {@code zeros_like}, a product or the value a write
 * copies in), the step's input sliced from the data, the popped step output and the error's adjoint the reversed
 * layer loop starts from. A value whose array the outer loop carries on, or that a cond gives out, keeps arrays
 * of its own: wrongly shared, the inner loop would overwrite what the next outer trip reads. Each shape runs at 0,
 * 1, 2 and 3 trips in every engine and against central differences; the value's bytes per outer trip are
 * counted.
 */
class TripBuffersTest {

    private static final String[] PROGRAMS = {
        // the inner loop's result read, then folded into the carried state by a new array
        """
        fn f(x: real[16], y: real, n: int) -> real {
          s = x[0:4];
          loss = 0;
          for t in 0..n {
            h = s * y;
            for l in 0..2 { h = tanh(h * x[4:8] + s * 0.5); }
            loss = loss + sum(h * h);
            s = s * 0.9 + h * 0.1;
          }
          return loss + sum(s);
        }
        """,
        // the inner loop's result carried on by the outer loop, which the next inner trips read
        """
        fn f(x: real[16], y: real, n: int) -> real {
          s = x[0:4];
          loss = 0;
          for t in 0..n {
            h = s * y;
            for l in 0..3 { h = tanh(h * x[4:8] + s * 0.5); }
            loss = loss + sum(h * x[8:12]);
            s = h;
          }
          return loss + sum(s * s);
        }
        """,
        // n inner trips per outer trip, the result carried on as a second value read by the next trip's inner loop
        """
        fn f(x: real[16], y: real, n: int) -> real {
          prev = x[12:16];
          loss = 0;
          for t in 0..3 {
            h = x[0:4] * (y + 0.25 * t);
            for l in 0..n { h = sin(h * y + prev * 0.3); }
            loss = loss + sum(h * prev);
            prev = h;
          }
          return loss;
        }
        """,
        // read in a cond that only reads it, and given out by a cond to the carried state
        """
        fn f(x: real[16], y: real, n: int) -> real {
          s = x[0:4];
          r = x[4:8];
          loss = 0;
          for t in 0..n {
            h = s * y;
            for l in 0..2 { h = tanh(h + s * x[8:12]); }
            if (h[0] > 0.0) { loss = loss + sum(h * h); } else { loss = loss - sum(h); }
            g = r * y;
            for l in 0..2 { g = sin(g + r * 0.5); }
            if (g[1] > 0.0) { r = g; } else { r = r * 0.5; }
            s = s * 0.5 + x[12:16] * y;
          }
          return loss + sum(r * s);
        }
        """,
        // three levels: the innermost result dies in the middle trip, the middle one in the outer trip
        """
        fn f(x: real[16], y: real, n: int) -> real {
          s = x[0:4];
          loss = 0;
          for t in 0..n {
            g = s * y;
            for m in 0..2 {
              h = g * 0.5;
              for l in 0..2 { h = tanh(h * x[4:8] + g); }
              g = g * 0.5 + h;
            }
            loss = loss + sum(g * g);
            s = s * 0.9 + g * 0.1;
          }
          return loss;
        }
        """,
        // copied into a row of a matrix (a write copies its value), the rows read back by the next trips
        """
        fn f(x: real[16], y: real, n: int) -> real {
          S = reshape(x, 4, 4) * 1.0;
          for t in 0..n {
            h = S[t, :] * y;
            for l in 0..2 { h = tanh(h + S[3, :] * y); }
            S[t, :] = h;
          }
          return sum(S * S);
        }
        """,
        // a stacked LSTM's shape: layer rows written in place, the layer's output the next layer's input, the
        // step's output read by its error (its reversal pops it and starts the layer loop's from its adjoint)
        """
        fn f(x: real[16], y: real, n: int) -> real {
          S = reshape(x, 4, 4);
          loss = 0;
          for t in 0..n {
            input = x[0:4] * (y + 0.25 * t);
            for l in 0..2 {
              h = tanh(S[l, :] * y + input * 0.5);
              S[l, :] = h;
              S[l + 2, :] = S[l + 2, :] * 0.9 + h * input;
              input = h;
            }
            e = input - x[4:8];
            loss = loss + sum(e * e);
          }
          return loss + sum(S * S) * 0.1;
        }
        """,
    };

    private static final double[] X = Engines.X16;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void everyEngineGivesTheSameValueAndCentralDifferences(int n) {
        for (String text : PROGRAMS) {
            Engines.sameValueAndCentralDifferences(text, X, 0.8, n);
        }
    }

    /**
     * The value of the shapes whose inner results die with the outer trip — read and folded into the state, three
     * levels, the LSTM's — at 100 and 200 outer trips: the two arrays the inner loop's value takes in turns were
     * made per outer trip (96 bytes a trip at 4 entries each, and the LSTM's step input sliced per step); now
     * none. (The reversal's arrays of the LSTM benchmark are counted in the benchmarks' AllocationPerTripTest.)
     */
    @Test
    void anOuterTripMakesNoArrays() {
        for (int p : new int[] {0, 4, PROGRAMS.length - 1}) {
            CompiledModule c = CompiledModule.load(Programs.compile(PROGRAMS[p]));
            long bytes = Allocation.perTrip(() -> c.value("f", X, 0.8, 100), () -> c.value("f", X, 0.8, 200), 100);
            assertTrue(bytes == 0, bytes + " bytes per outer trip: " + PROGRAMS[p]);
        }
    }
}
