package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The arrays a branch of a cond makes within a loop's trip and that die with the branch (no op keeps them, no
 * result of the branch is one) are buffers made once per call, as a loop body's are: the row a swap saves and
 * the row it reads to write into another, and in the reversal the rows of the adjoint read once and added into
 * other rows and the zero rows written over them. A branch's results keep arrays of their own (the cond gives
 * them out, the loop may carry them on), and so does a cond outside any loop. Shapes: swaps that do and do not
 * happen, the saved row read after the matrix it came from is written, two conds in a trip, a cond inside a
 * cond, a loop inside a branch, a branch's slice given out and carried on; each at 0 to 3 trips in every engine
 * and against central differences, and the bytes per trip counted.
 */
class BranchBuffersTest {

    /**
     * A swap of two rows when the data says so, then the rows mixed: swaps at some trips only (also one of
     * {@link JournalBranchPushesTest}'s programs).
     */
    static final String SWAP = """
            fn f(x: real[16], y: real, n: int) -> real {
              U = reshape(x, 4, 4);
              d = 0;
              for t in 0..n {
                if (U[0, 0] < U[1, 0]) { row = U[0, :]; U[0, :] = U[1, :]; U[1, :] = row; d = d + 0.5; }
                U[1, :] = U[1, :] * 0.5 + U[0, :] * y;
                d = d + U[0, 0] * U[1, 1];
              }
              return d + sum(U * U) * 0.1;
            }
            """;

    private static final String[] PROGRAMS = {
        SWAP,
        // two conds in a trip, the second inside the first's else; a row read after the matrix is written
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for t in 0..n {
            if (U[2, 0] > 0.0) {
              r = U[2, :];
              U[2, :] = U[3, :] * y;
              U[3, :] = r * 0.5 + U[2, :];
            } else {
              if (U[3, 1] > U[2, 1]) { s = U[3, :] * y; U[0, :] = U[0, :] + s; } else { U[0, :] = U[0, :] * 0.9; }
            }
            if (U[1, 2] < 0.3) { q = U[1, :]; U[1, :] = U[0, :]; U[0, :] = tanh(q); }
          }
          return sum(U * U);
        }
        """,
        // a loop inside a branch, whose carried row dies with the branch
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          for t in 0..n {
            if (U[0, 1] > -0.2) {
              v = U[2, :];
              for l in 0..2 { v = tanh(v * y + U[3, :]); }
              U[2, :] = v;
            }
            U[3, :] = U[3, :] * 0.8 + U[2, :] * 0.1;
          }
          return sum(U * U);
        }
        """,
        // a loop inside a branch whose result is the branch's, carried on by the loop and read by the next trip's
        // inner loop: its two arrays must stay the loop's own, not buffers of the trip
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          h = x[4:8];
          acc = 0;
          for t in 0..n {
            if (h[1] > -0.9) {
              v = h;
              for l in 0..2 { v = tanh(v * y + U[3, :]); }
              g = v;
            } else {
              g = h * 0.5;
            }
            acc = acc + sum(g * h);
            h = g;
          }
          return acc + sum(h * h);
        }
        """,
        // a branch's slice given out by the cond and carried on by the loop: it must stay an array of its own
        """
        fn f(x: real[16], y: real, n: int) -> real {
          U = reshape(x, 4, 4);
          h = x[0:4];
          for t in 0..n {
            if (h[0] > 0.1) { g = U[t, :] * y; } else { g = U[3, :]; }
            U[t, :] = h * 0.5;
            h = g + h * 0.3;
          }
          return sum(h * h) + sum(U * U) * 0.1;
        }
        """,
    };

    /**
     * The inputs: at {@link Engines#X16} the loop inside a branch never runs (U[0, 1] = -0.3), nor does the
     * pivoted elimination swap; at {@link PivotedElimination#SWAPPING} both do.
     */
    private static final double[][] XS = {Engines.X16, PivotedElimination.SWAPPING};

    private static final double[] X = PivotedElimination.SWAPPING;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void everyEngineGivesTheSameValueAndCentralDifferences(int n) {
        for (double[] x : XS) {
            for (String text : PROGRAMS) {
                Engines.sameValueAndCentralDifferences(text, x, 0.8, n);
            }
        }
    }

    /** The pivoted elimination of the edge tests, each pivot swapping rows or not, in every engine. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 4})
    void thePivotedEliminationAgreesWithCentralDifferences(int n) {
        Engines.agreeWithCentralDifferences(PivotedElimination.TEXT, X, 0.8, n);
    }

    /**
     * The value of the swap (a swap at about half the trips) and of the two conds, at 100 and 200 trips: a swap
     * copied its two rows into new arrays (2 × 48 bytes), the second program's branches their rows; now no trip
     * makes an array. The loop inside a branch (third program, its branch taken at every trip from SWAPPING on)
     * made its two arrays per run (96 bytes a trip): they are made once, as for a loop in the trip's body.
     */
    @Test
    void aTripsBranchesMakeNoArrays() {
        for (double[] x : XS) {
            for (int p = 0; p < 3; p++) {
                CompiledModule c = CompiledModule.load(Programs.compile(PROGRAMS[p]));
                long bytes = Allocation.perTrip(() -> c.value("f", x, 0.8, 100), () -> c.value("f", x, 0.8, 200), 100);
                assertTrue(bytes == 0, bytes + " bytes per trip: " + PROGRAMS[p]);
            }
        }
    }

    /**
     * The gradient of the swap at 100 and 200 trips: what a trip adds is what its journal keeps (the rows a trip
     * overwrites, its flag, scalars and row indices: 3 rows of 4 doubles and a few scalars, 371 bytes a trip with
     * the swap's stacks grown by doubling, about 270 with them reserved, JournalBranchPushesTest). Its reversal made
     * the swapped rows' adjoints and two zero rows anew
     * besides, and its forward sweep the two rows of the swap (755 bytes a trip). Each call starts without the
     * stack arrays a previous call lends (DoubleStack.releaseSpares), so that the stacks count as they did then.
     */
    @Test
    void aReversedSwapMakesNoArrays() {
        ModuleIr m = CompiledModule.requesting(Programs.compile(PROGRAMS[0]), "f",
                new Request(Request.Kind.GRAD, java.util.List.of("x", "y")));
        CompiledModule c = CompiledModule.load(m);
        long bytes = Allocation.perTrip(() -> grad(c, 100), () -> grad(c, 200), 100);
        assertTrue(bytes < 400, bytes + " bytes per trip");
    }

    private static void grad(CompiledModule c, int trips) {
        dev.gradc.runtime.DoubleStack.releaseSpares();
        c.grad("f", X, 0.8, trips);
    }
}
