package dev.gradc.nested;

/**
 * The callees {@code f} the checkpointed nested-derivative tests differentiate inside other functions; each test
 * appends the functions that use them.
 */
final class CheckpointedCallees {

    /** A data-dependent loop with an element update, keeping at most 3 snapshots. */
    static final String CHECKPOINTED = """
            fn f(x: real[3]) -> real {
              h = x;
              i = 0;
              @checkpoint(3)
              while (i < 2 || sum(h * h) < 30 && i < 40) {
                h = h * 1.1 + 0.2 * sin(h) + x * 0.1;
                h[2] = h[2] * h[0] + 0.1;
                i = i + 1;
              }
              return sum(h * h * h) + h[1] * h[2];
            }
            """;

    /** A loop of {@code n} trips with no mark, for the kept-values budget tests. */
    static final String LONG = """
            fn f(x: real[3], n: int) -> real {
              h = x;
              i = 0;
              while (i < n) { h = tanh(h * 0.9 + x); i = i + 1; }
              return sum(h * h * h);
            }
            """;

    private CheckpointedCallees() {
    }
}
