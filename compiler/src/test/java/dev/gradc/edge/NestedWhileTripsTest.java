package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How often the gradient of d nested {@code while} loops (3 trips each, an array state, so no loop is
 * differentiated in forward mode) runs the innermost body, counted by an extern called once per trip
 * ({@link TripCounter}), in generated code and in the interpreter; and that the gradient is right (the tape,
 * central differences). The value runs it 3^d times, and so does the gradient: the first sweep of each loop
 * keeps its inner loops' results per trip (their snapshots on stacks of stacks), so the reversal of a trip
 * takes them instead of running the inner loops again (without that, each level of nesting would add one run of
 * the innermost body: d · 3^d). {@link NestedWhileKeptTest} covers the budget and second derivatives.
 */
class NestedWhileTripsTest {

    /** d nested whiles around x = x * 0.5 + sin(x * y); the innermost counter steps through the extern. */
    static String program(int depth) {
        StringBuilder s = new StringBuilder("extern fn tick(j: int) -> int = \"dev.gradc.edge.TripCounter.tick\";\n"
                + "fn f(x: real[2], y: real) -> real {\n");
        String indent = "  ";
        for (int k = 1; k <= depth; k++) {
            s.append(indent).append("i").append(k).append(" = 0;\n");
            s.append(indent).append("while (i").append(k).append(" < 3) {\n");
            indent += "  ";
        }
        s.append(indent).append("x = x * 0.5 + sin(x * y);\n");
        s.append(indent).append("i").append(depth).append(" = max(i").append(depth).append(" + 1, tick(i")
                .append(depth).append("));\n");
        for (int k = depth; k >= 1; k--) {
            indent = indent.substring(2);
            if (k < depth) {
                s.append(indent).append("  i").append(k).append(" = i").append(k).append(" + 1;\n");
            }
            s.append(indent).append("}\n");
        }
        return s.append("  return sum(x);\n}\n").toString();
    }

    @Test
    void theGradientRunsTheInnermostBodyAsOftenAsTheValue() {
        double[] x = {0.3, 0.7};
        double y = 0.9;
        for (int depth = 1; depth <= 4; depth++) {
            String text = program(depth);
            long value = Math.round(Math.pow(3, depth));
            CompiledModule c = CompiledModule.load(Programs.compile(text));
            TripCounter.take();
            c.value("f", x.clone(), y);
            assertEquals(value, TripCounter.take(), "value, depth " + depth);
            CompiledModule.Result compiled = c.grad("f", x.clone(), y);
            assertEquals(value, TripCounter.take(), "compiled gradient, depth " + depth);
            Map<String, Engines.Answer> answers = Engines.run(text, x.clone(), y);
            TripCounter.take();
            Engines.runOne("interpreter", text, x.clone(), y);
            assertEquals(value, TripCounter.take(), "interpreter gradient, depth " + depth);
            double[] dy = {(double) compiled.parts().get("y")};
            for (Engines.Answer a : answers.values()) {
                assertArrayEquals((double[]) compiled.parts().get("x"), a.gradient().get("x"), 1e-12);
                assertArrayEquals(dy, a.gradient().get("y"), 1e-12);
            }
            double h = 1e-6;
            double difference = (value(text, x, y + h) - value(text, x, y - h)) / (2 * h);
            assertEquals(difference, dy[0], 1e-6 * (1 + Math.abs(dy[0])), "d/dy, depth " + depth);
            for (int i = 0; i < 2; i++) {
                double[] up = x.clone();
                double[] down = x.clone();
                up[i] += h;
                down[i] -= h;
                double dxi = (value(text, up, y) - value(text, down, y)) / (2 * h);
                double got = ((double[]) compiled.parts().get("x"))[i];
                assertEquals(dxi, got, 1e-6 * (1 + Math.abs(got)), "d/dx" + i + ", depth " + depth);
            }
        }
    }

    /**
     * Deeper nests: a loop keeps its inner loops' results within a bound on its stacks, and one that would need
     * more runs them again, while the loop around it keeps again; so depth 7 runs the innermost body at most
     * twice as often as the value (keeping nothing, seven times), and the gradient stays right.
     */
    @Test
    void deeperNestsRunTheInnermostBodyAtMostTwiceAsOftenAsTheValue() {
        double[] x = {0.3, 0.7};
        String text = program(7);
        CompiledModule c = CompiledModule.load(Programs.compile(text));
        TripCounter.take();
        c.value("f", x.clone(), 0.9);
        long value = TripCounter.take();
        CompiledModule.Result compiled = c.grad("f", x.clone(), 0.9);
        long gradient = TripCounter.take();
        assertEquals(2187, value);
        assertTrue(gradient <= 2 * value, "gradient runs: " + gradient);
        Engines.Answer tape = Engines.runOne("tape", text, x.clone(), 0.9);
        assertArrayEquals(tape.gradient().get("x"), (double[]) compiled.parts().get("x"), 1e-12);
        assertEquals(tape.gradient().get("y")[0], (double) compiled.parts().get("y"), 1e-12);
    }

    private static double value(String text, double[] x, double y) {
        return Engines.runOne("tape", text, x.clone(), y).value()[0];
    }
}
