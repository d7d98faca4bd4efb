package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.runtime.IterationLimitException;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An index, slice or gather whose value nobody reads still fails where it is out of range, in every engine and
 * in the compiled value method as well as its gradient — at the top level, in a {@code for} or {@code while}
 * loop, in a branch and in nested loops (the compiled engine once left out such reads that a loop or branch
 * held, or a branch that defines nothing used after it). In range, it changes nothing: f = 2·sum(x), so
 * every engine's gradient is 2 everywhere.
 */
class UnreadChecksTest {

    private static String program(String statement) {
        return "fn f(x: real[4], n: int, idx: int[2]) -> real {\n  m = reshape(x, 2, 2);\n  s = sum(x);\n"
                + "  " + statement + "\n  return 2 * s;\n}";
    }

    @ParameterizedTest(name = "{0} with n = {1}")
    @CsvSource(delimiter = '|', value = {
        "t = x[n];                                                    | 4 | edge.grad:4",
        "t = x[n:n + 2];                                              | 3 | edge.grad:4",
        "for i in 0..n { t = x[i:i + 2]; }                            | 4 | edge.grad:4",
        "for i in 0..2 { t = m[n, i]; }                               | 2 | edge.grad:4",
        "i = 0; while (i < 2) { t = x[n + i]; i = i + 1; }            | 3 | edge.grad:4",
        "if (n > 1) { t = x[n:n + 2]; s = s * 1; }                    | 3 | edge.grad:4",
        "for i in 0..2 { for j in 0..2 { t = m[i + n, j]; } }         | 1 | edge.grad:4",
        "for i in 0..2 { if (i > 0) { t = m[idx[i] + n, :]; } }       | 1 | edge.grad:4",
        "for i in 0..2 { t = x[idx + n]; }                            | 3 | edge.grad:4",
        "if (n > 0) { t = m[n + 1, :]; }                              | 1 | edge.grad:4",
        "if (n > 0) { t = x[idx[1] + n]; } else { u = 1; }            | 3 | edge.grad:4",
    })
    void anUnreadOutOfRangeReadFailsInEveryEngine(String statement, int n, String position) {
        String text = program(statement.strip());
        double[] x = {0.1, 0.2, 0.3, 0.4};
        int[] idx = {0, 1};
        for (String engine : Engines.NAMES) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> Engines.runOne(engine, text, x, n, idx));
            assertTrue(e.getMessage().contains(position) && e.getMessage().contains("out of bounds"),
                    engine + ": " + e.getMessage());
        }
        CompiledModule c = CompiledModule.load(Programs.compile(text));
        RuntimeException e = assertThrows(RuntimeException.class, () -> c.value("f", x.clone(), n, idx.clone()));
        assertTrue(e.getMessage().contains(position.substring(position.indexOf(".grad"))), "value method: " + e.getMessage());
        // in range the read changes nothing: f = 2 sum(x)
        Engines.run(text, x, 0, idx).forEach((engine, a) -> {
            assertArrayEquals(new double[] {2.0}, a.value(), 1e-12, engine);
            assertArrayEquals(new double[] {2, 2, 2, 2}, a.gradient().get("x"), 1e-12, engine);
        });
    }

    /** So does a loop that never ends in a branch that defines nothing used after it: the iteration limit. */
    @Test
    void anEndlessLoopInABranchThatDefinesNothingHitsTheLimitInEveryEngine() {
        String text = program("if (n > 0) { y = s; while (y < 100) { y = y * 0.5; } }");
        for (String engine : Engines.NAMES) {
            assertThrows(IterationLimitException.class,
                    () -> Engines.runOne(engine, text, new double[] {0.1, 0.2, 0.3, 0.4}, 1, new int[] {0, 1}), engine);
        }
        Engines.run(text, new double[] {0.1, 0.2, 0.3, 0.4}, 0, new int[] {0, 1}).forEach((engine, a) ->
                assertArrayEquals(new double[] {2, 2, 2, 2}, a.gradient().get("x"), 1e-12, engine));
    }
}
