package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.Gradc;
import dev.gradc.diag.Diagnostics;
import dev.gradc.diag.SourceFile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code true} and {@code false} are literals: in conditions, loop flags and cond, the same on every engine. */
class BoolLiteralsTest {

    /** Doubles x until it passes 10 (a flag loop), then keeps or negates it: f = ±x·2^k, df/dx = ±2^k. */
    private static final String PROGRAM = """
            fn f(x: real) -> real {
              done = false;
              y = x;
              while (!done) {
                y = y * 2;
                done = y > 10 || false;
              }
              if (true && x > 1) { z = y; } else { z = -y; }
              return cond(false, 0 * z, z) + cond(true, 0, 1);
            }
            """;

    @Test
    void literalsDriveLoopsBranchesAndCondOnEveryEngine() {
        for (double x : new double[] {1.5, 0.75}) {
            int k = 0;
            for (double y = x; y <= 10; y *= 2) {
                k++;
            }
            double sign = x > 1 ? 1 : -1;
            Map<String, Engines.Answer> answers = Engines.run(PROGRAM, x);
            for (String engine : Engines.NAMES) {
                Engines.Answer a = answers.get(engine);
                assertArrayEquals(new double[] {sign * x * Math.pow(2, k)}, a.value(), 0.0, engine + " at " + x);
                assertArrayEquals(new double[] {sign * Math.pow(2, k)}, a.gradient().get("x"), 0.0, engine);
            }
        }
    }

    @Test
    void aLiteralIsABoolNotANumberAndNotAName() {
        Diagnostics d = new Diagnostics();
        Gradc.frontEnd(new SourceFile("b.grad", "fn f(x: real) -> real { return x + true; }\n"), null, d);
        assertTrue(d.hasErrors());
        assertEquals(1, d.sorted().get(0).span().line());
        assertTrue(d.sorted().get(0).message().contains("bool"), d.sorted().get(0).message());
        Diagnostics assign = new Diagnostics();
        Gradc.frontEnd(new SourceFile("c.grad", "fn f(x: real) -> real { true = x; return x; }\n"), null, assign);
        assertTrue(assign.hasErrors(), "true cannot be assigned");
    }
}
