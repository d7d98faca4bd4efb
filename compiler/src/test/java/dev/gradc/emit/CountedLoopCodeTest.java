package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.testing.Programs;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A hand-written counting {@code while} is as much a counted loop as a {@code for} ({@link dev.gradc.ops.While#counted}):
 * the code generated for its derivatives reserves its stacks for all trips before the loop, as for a {@code for}.
 */
class CountedLoopCodeTest {

    /** A loop that writes an array's entries: its adjoint keeps their old values on a stack. */
    private static final String FOR = "y = x; s = a; for i in 0..N { y[i] = sin(y[i] * s); s = s + y[i]; }";
    private static final String WHILE = "y = x; s = a; i = 0; while (i < N) { y[i] = sin(y[i] * s); s = s + y[i]; i = i + 1; }";

    /** The generated source of f with its gradient and Hessian-vector product. */
    private static String source(String body) {
        ModuleIr m = Programs.compile("module demo.Counting; fn f<N>(x: real[N], a: real) -> real { " + body
                + " return s + sum(y); }");
        FunctionIr f = m.function("f");
        m = CompiledModule.requesting(m, "f", new Request(Request.Kind.HVP, f.realParams()));
        return JavaEmitter.emit(m).source();
    }

    private static int count(String source, String regex) {
        Matcher m = Pattern.compile(regex).matcher(source);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    @Test
    void aHandWrittenCountingWhileReservesItsStacksAsAForDoes() {
        String byFor = source(FOR);
        String byWhile = source(WHILE);
        String reserve = "\\.reserve\\(Math\\.min\\(";
        assertTrue(count(byFor, reserve) >= 2, byFor);
        assertEquals(count(byFor, reserve), count(byWhile, reserve), byWhile);
        assertEquals(count(byFor, "(?m)^\\s*while \\("), count(byWhile, "(?m)^\\s*while \\("), "the same loops");
    }

    @Test
    void aCountingDownWhileReservesItsStacksAndItsGradientIsRight() {
        ModuleIr m = Programs.compile("module demo.Down; fn f(x: real[6], a: real, n: int) -> real { y = x; s = a; "
                + "i = n; while (i > 0) { y[i - 1] = sin(y[i - 1] * s); s = s + y[i - 1]; i = i - 1; } "
                + "return s + sum(y); }");
        assertTrue(count(JavaEmitter.emit(m).source(), "\\.reserve\\(Math\\.min\\(\\(long\\) \\w+ - 0, ") >= 1,
                JavaEmitter.emit(m).source());
        CompiledModule c = CompiledModule.load(m);
        double[] x = {0.3, -0.7, 1.1, 0.4, 0.9, -0.2};
        double a = 0.6;
        double h = 1e-6;
        double slope = ((double) c.value("f", x, a + h, 4) - (double) c.value("f", x, a - h, 4)) / (2 * h);
        double[] dx = (double[]) c.grad("f", x, a, 4).parts().get("x");
        assertEquals(slope, (double) c.grad("f", x, a, 4).parts().get("a"), 1e-7);
        for (int k = 0; k < x.length; k++) {
            double[] up = x.clone();
            double[] down = x.clone();
            up[k] += h;
            down[k] -= h;
            double fd = ((double) c.value("f", up, a, 4) - (double) c.value("f", down, a, 4)) / (2 * h);
            assertEquals(fd, dx[k], 1e-7, "x[" + k + "]");
        }
    }
}
