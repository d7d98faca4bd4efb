package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.testing.GeneratedText;
import dev.gradc.testing.Programs;
import org.junit.jupiter.api.Test;

/**
 * A hand-written counting {@code while} is as much a counted loop as a {@code for} ({@link dev.gradc.ops.While#counted}):
 * the code generated for its derivatives reserves its stacks for all trips before the loop, as for a {@code for}.
 */
class CountedLoopCodeTest {

    /** A loop that writes an array's entries: its adjoint keeps their old values on a stack. */
    private static final String FOR = "y = x; s = a; for i in 0..N { y[i] = sin(y[i] * s); s = s + y[i]; }";
    private static final String WHILE = "y = x; s = a; i = 0; while (i < N) { y[i] = sin(y[i] * s); s = s + y[i]; i = i + 1; }";

    /**
     * A reservation for the loop's capped trip count: {@code stack.reserve(Math.min(...), n)}, or with that count
     * in a local ({@code tripsAhead}) or for several stacks at once ({@code DoubleStack.reserveAll}).
     */
    private static final String RESERVE = "\\.reserve(All)?\\((Math\\.min\\(|tripsAhead)";

    /** The generated source of f with its gradient and Hessian-vector product. */
    private static String source(String body) {
        ModuleIr m = Programs.compile("module demo.Counting; fn f<N>(x: real[N], a: real) -> real { " + body
                + " return s + sum(y); }");
        FunctionIr f = m.function("f");
        m = CompiledModule.requesting(m, "f", new Request(Request.Kind.HVP, f.realParams()));
        return JavaEmitter.emit(m).source();
    }

    @Test
    void aHandWrittenCountingWhileReservesItsStacksAsAForDoes() {
        String byFor = source(FOR);
        String byWhile = source(WHILE);
        String reserve = RESERVE;
        assertTrue(GeneratedText.count(byFor, reserve) >= 2, byFor);
        assertEquals(GeneratedText.count(byFor, reserve), GeneratedText.count(byWhile, reserve), byWhile);
        String loop = "(?m)^\\s*while \\(";
        assertEquals(GeneratedText.count(byFor, loop), GeneratedText.count(byWhile, loop), "the same loops");
    }

    /** A loop counting down by one ({@code i > 0}, {@code i = i - 1}) that writes array entries. */
    @Test
    void aCountingDownWhileReservesItsStacksAndItsGradientIsRight() {
        ModuleIr m = Programs.compile("module demo.Down; fn f(x: real[6], a: real, n: int) -> real { y = x; s = a; "
                + "i = n; while (i > 0) { y[i - 1] = sin(y[i - 1] * s); s = s + y[i - 1]; i = i - 1; } "
                + "return s + sum(y); }");
        String source = JavaEmitter.emit(m).source();
        assertTrue(GeneratedText.count(source, RESERVE) >= 2, source);
        assertTrue(source.contains("binomial schedule"), "its trip count n - 0 is known: Revolve's schedule\n" + source);
        CompiledModule c = CompiledModule.load(m);
        double[] x = {0.3, -0.7, 1.1, 0.4, 0.9, -0.2};
        double a = 0.6;
        double h = 1e-6;
        double slope = ((double) c.value("f", x, a + h, 6) - (double) c.value("f", x, a - h, 6)) / (2 * h);
        // every state kept; then budgets that journal some trips and recompute the rest from snapshots
        for (long budget : new long[] {1L << 20, 40, 20}) {
            c.setMaxKeptValues(budget);
            double[] dx = (double[]) c.grad("f", x, a, 6).parts().get("x");
            assertEquals(slope, (double) c.grad("f", x, a, 6).parts().get("a"), 1e-7, "budget " + budget);
            for (int k = 0; k < x.length; k++) {
                double[] up = x.clone();
                double[] down = x.clone();
                up[k] += h;
                down[k] -= h;
                double fd = ((double) c.value("f", up, a, 6) - (double) c.value("f", down, a, 6)) / (2 * h);
                assertEquals(fd, dx[k], 1e-7, "x[" + k + "], budget " + budget);
            }
        }
    }
}
