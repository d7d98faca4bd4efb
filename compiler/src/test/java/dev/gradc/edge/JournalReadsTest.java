package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;

/**
 * A loop's element, row and column writes: to reverse the loop the gradient keeps the entries each write overwrites,
 * read just before it; where nothing keeps them (the value method, a sweep that only runs forward) that read is
 * dropped, because the write checks the same indices at the same place. Out of range, every engine still fails at
 * the write, in the value method and in the gradient; in range, the gradient is the central differences'.
 */
class JournalReadsTest {

    private static final String TEXT = """
            @grad(x, y)
            fn f(x: real[4], y: real, n: int) -> real {
              z = zeros(4);
              m = zeros(2, 2);
              for i in 0..n {
                z[i] = x[i] * y;
                m[0, :] = m[0, :] * y + z[i];
                m[:, 1] = x[0:2] * z[i] + m[:, 0];
              }
              return sum(z * z) + sum(m * x[1]);
            }
            """;

    @Test
    void theValueMethodChecksEachWriteOnceAndReadsNoOldEntries() {
        String java = CompiledModule.load(Programs.compile(TEXT)).emitted().source();
        int start = java.indexOf("public static double f(");
        String value = java.substring(start, java.indexOf("\n    }\n", start));
        // the program's own reads and the write: x[i] and z[i]; m[0, :] twice, a literal row within m's 2 (no check,
        // emit.IndexRanges); x[0:2], m[:, 0] and m[:, 1]
        int[] expected = {2, 0, 3};
        for (int line = 6; line <= 8; line++) {
            int checks = value.split(".grad:" + line + ":", -1).length - 1;
            assertEquals(expected[line - 6], checks, "checks of line " + line + "\n" + value);
        }
    }

    @Test
    void anOutOfRangeWriteFailsAtTheWriteInEveryEngine() {
        double[] x = {0.7, -1.3, 2.1, 0.4};
        for (String engine : Engines.NAMES) {
            RuntimeException e = assertThrows(RuntimeException.class, () -> Engines.runOne(engine, TEXT, x, 0.8, 5));
            assertTrue(e.getMessage().contains(".grad:6:") && e.getMessage().contains("out of bounds"),
                    engine + ": " + e.getMessage());
        }
        CompiledModule c = CompiledModule.load(Programs.compile(TEXT));
        RuntimeException e = assertThrows(RuntimeException.class, () -> c.value("f", x.clone(), 0.8, 5));
        assertTrue(e.getMessage().contains(".grad:6:"), "value method: " + e.getMessage());
    }

    @Test
    void inRangeTheGradientIsTheCentralDifferences() {
        for (int n : new int[] {0, 1, 2, 4}) {
            Engines.agreeWithCentralDifferences(TEXT, new double[] {0.7, -1.3, 2.1, 0.4}, 0.8, n);
        }
    }
}
