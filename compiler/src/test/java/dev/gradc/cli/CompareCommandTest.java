package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompareCommandTest {

    @TempDir
    Path dir;

    private static double derivativeOf(String json, String engine) {
        Matcher m = Pattern.compile("\"engine\": \"" + Pattern.quote(engine)
                + "\", \"value\": [^,]+, \"derivative\": \\{\"x\": ([-0-9.eE]+)\\}").matcher(json);
        assertTrue(m.find(), json);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void polynomialShowsFifteenForEveryAdEngineAndTheForwardDifferencesError() {
        Cli.Result r = Cli.run("compare", Cli.seed("polynomial.grad"), "--fn", "f", "--arg", "x=2", "--json");
        assertEquals(0, r.code(), r::toString);
        assertEquals(15.0, derivativeOf(r.out(), "compiled (static graph)"), 0.0);
        assertEquals(15.0, derivativeOf(r.out(), "compiled, forward mode"), 0.0);
        assertEquals(15.0, derivativeOf(r.out(), "tape (define-by-run)"), 0.0);
        assertEquals(15.0, derivativeOf(r.out(), "interpreter"), 0.0);
        assertEquals(15.0801, derivativeOf(r.out(), "forward difference h=0.01"), 1e-9);
        assertEquals(15.0, derivativeOf(r.out(), "central differences"), 1e-6);
    }

    @Test
    void logSinForwardAndReverseModeBothGiveTheAnalyticDerivative() {
        Cli.Result r = Cli.run("compare", Cli.seed("log_sin.grad"), "--fn", "f", "--arg", "x=1.3", "--json");
        assertEquals(0, r.code(), r::toString);
        double x = 1.3;
        double expected = 2 / x * Math.sin(x) + Math.log(x * x) * Math.cos(x) - 1 / (x * x);
        assertEquals(expected, derivativeOf(r.out(), "compiled (static graph)"), 1e-14);
        assertEquals(expected, derivativeOf(r.out(), "compiled, forward mode"), 1e-14);
    }

    @Test
    void tableNamesEveryEngine() {
        Cli.Result r = Cli.run("compare", Cli.seed("control_flow.grad"), "--fn", "f", "--arg", "a=0.5");
        assertEquals(0, r.code(), r::toString);
        for (String engine : new String[] {"compiled (static graph)", "compiled, forward mode", "tape (define-by-run)", "interpreter",
            "central differences", "forward difference h=0.01"}) {
            assertTrue(r.out().contains(engine), r::toString);
        }
        assertTrue(r.out().contains("a=2048.0"), r::toString);
    }

    @Test
    void aDerivativeAnEngineRefusesIsReportedLikeRunNotAsACrash() {
        String file = Cli.write(dir, "inner.grad", """
                fn clip(x: real) -> real { return x; }
                @vjp_rule(clip, x)
                fn clip_vjp(x: real, y: real, ybar: real) -> real { return max(min(ybar, 1), -1); }
                fn r(w: real[2]) -> real {
                  h = w;
                  @checkpoint(4)
                  while (sum(h) < 10) { h = h + w + 0.1 * sin(h); }
                  return clip(sum(h * h));
                }
                fn f(w: real[2]) -> real { return sum(grad(r, w)(w)); }
                """);
        Cli.Result r = Cli.run("compare", file, "--fn", "f", "--arg", "w=[1,2]");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().contains("is not available with engine 'compiled'"), r::toString);
        assertTrue(r.err().contains("reverse mode cannot go back through a checkpointed loop inside an inner"
                + " derivative of a function that calls one with a @vjp_rule"),
                r::toString);
        assertTrue(!r.err().contains("internal compiler error"), r::toString);
    }
}
