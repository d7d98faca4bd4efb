package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.emit.JavaEmitter;
import dev.gradc.testing.Programs;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The reversal of {@code y = W @ u} in a loop writes {@code WBar += ȳ ⊗ u} in the loop of its product {@code Wᵀ ȳ}
 * (emit.ProductPlan.fusedUpdate): right when ȳ is a row of a matrix's adjoint read in place (the product reads it
 * once per row as {@code s}), and when u is a row read in place (no index for its offset in that loop: not
 * fused). These programs stopped the compiler ("the plan fuses an update the product's loop cannot write").
 * Truth: the interpreter, the tape, the compiled value method and central differences, at zero to four trips,
 * and the same gradient at every kept-values budget.
 */
class HeldProductUpdatesTest extends TripsAndBudgetsTest {

    private static final String[] PROGRAMS = {
        // ȳ = SBar[l, :], read in place
        """
        fn f(x: real[16], y: real, n: int) -> real {
          W = reshape(x, 4, 4);
          S = W * y;
          input = W[0, :];
          for l in 0..n {
            S[l, :] = S[l, :] + W @ input;
            input = S[l, :] * y;
          }
          return sum(S * S);
        }
        """,
        // the product's own variable added into a row counted down
        """
        fn f(x: real[16], y: real, n: int) -> real {
          W = reshape(x, 4, 4);
          S = W * y;
          input = W[1, :] * y;
          for l in 0..n {
            v = W @ input;
            S[3 - l, :] = S[3 - l, :] + v;
            input = tanh(S[3 - l, :]);
          }
          return sum(S * S) + sum(input);
        }
        """,
        // u = S[3 - l, :], a row of the matrix the loop writes
        """
        fn f(x: real[16], y: real, n: int) -> real {
          W = reshape(x, 4, 4);
          S = W * y;
          for l in 0..n {
            S[l, :] = tanh(S[l, :] + W @ S[3 - l, :]);
          }
          return sum(S * S);
        }
        """,
        // both, in a cond inside an outer loop
        """
        fn f(x: real[16], y: real, n: int) -> real {
          W = reshape(x, 4, 4);
          S = W * y;
          for t in 0..2 {
            for l in 0..n {
              if (S[l, 0] > 0) {
                S[l, :] = S[l, :] + W @ S[3 - l, :];
              } else {
                S[l, :] = S[l, :] * y;
              }
            }
          }
          return sum(S * S);
        }
        """,
    };

    @Override
    String[] programs() {
        return PROGRAMS;
    }

    @Override
    double y(int n) {
        return n == 4 ? -0.7 : 0.6;
    }

    /** The first program's update is still written in the product's loop, reading ȳ once per row. */
    @Test
    void theUpdateOfARowReadInPlaceStaysInTheProductsLoop() {
        String java = JavaEmitter.emit(Programs.compile(PROGRAMS[0])).source();
        assertTrue(Pattern.compile("inputBar\\[(\\w+)\\] \\+= s \\* row\\[\\1\\];\\s+(row\\d+)\\[\\1\\] = \\2\\[\\1\\] "
                + "\\+ s \\* input\\[\\1\\];").matcher(java).find(), java);
    }
}
