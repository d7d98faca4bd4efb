package dev.gradc.edge;

/**
 * An inner loop whose writes overwrite only entries that none of its trips reads again (passes.UnreadEntries:
 * {@code for l in 0..2 { S[l, :] = … }} keeps nothing, its adjoint loop reads the final array) inside a loop whose
 * body reads the array after it. The outer reversal writes back the entries the inner loop overwrote, then runs
 * the trip again; the inner adjoint loop gives back the array it was given, not the state before the inner loop,
 * so the outer reversal must carry its own restored state to the trip before (passes.KeptLoop#restoring). These
 * gradients read the later trip's rows (every static-graph engine, the interpreter and the compiled code, agreed
 * with each other and not with the tape or central differences, from two outer trips on). Truth: the interpreter,
 * the tape, the compiled value method and central differences, at zero to four trips, and the same gradient at
 * every kept-values budget.
 */
class NestedUnreadWritesTest extends TripsAndBudgetsTest {

    private static final String[] PROGRAMS = {
        // the rows written with a value of the outer trip, one of them read after the inner loop
        """
        fn f(x: real[16], y: real, n: int) -> real {
          S = reshape(x[0:4], 2, 2) * y;
          loss = 0;
          for t in 0..n {
            c = 0.5 + 0.1 * t;
            for l in 0..2 {
              S[l, :] = x[0:2] * c;
            }
            loss = loss + sum(S[0, :] * x[0:2]);
          }
          return loss;
        }
        """,
        // products of rows of weights, the final state read too
        """
        fn f(x: real[16], y: real, n: int) -> real {
          Wx = reshape(x[0:8], 4, 2);
          Wh = reshape(x[8:16], 4, 2) * y;
          S = reshape(x[0:4], 2, 2) * y;
          loss = 0;
          for t in 0..n {
            for l in 0..2 {
              r = 2 * l;
              g = Wx[r:r+2, :] @ (ones(2) * (0.5 + 0.1 * t)) + Wh[r:r+2, :] @ (ones(2) * (0.2 * l - 0.3));
              S[l, :] = tanh(g);
            }
            loss = loss + sum(S[1, :] * x[0:2]);
          }
          return loss + sum(S * S);
        }
        """,
        // rows written counting down, in one branch of a cond
        """
        fn f(x: real[16], y: real, n: int) -> real {
          S = reshape(x[0:4], 2, 2) * y;
          loss = 0;
          for t in 0..n {
            if (x[t] > 0) {
              for l in 0..2 {
                S[1 - l, :] = x[2:4] * (0.5 + 0.1 * t);
              }
            } else {
              S = S * y;
            }
            loss = loss + sum(S[0, :] * x[0:2]);
          }
          return loss + sum(S * S);
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
}
