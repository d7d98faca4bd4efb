package dev.gradc.cli;

import static dev.gradc.diag.BadInput.assertErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three engines fail alike, with the source position: an index out of range at run time, an endless loop
 * whose result is unused, and the bound on the values a reverse-mode loop keeps.
 */
class EngineAgreementTest {

    @TempDir
    Path dir;

    private static final String[] ENGINES = {"compiled", "tape", "interpreter"};

    @Test
    void anIndexOutOfRangeIsAPositionedRunTimeErrorInEveryEngine() {
        String f = Cli.write(dir, "pick.grad", "fn f(x: real[3], i: int) -> real {\n  y = x[i] * 2;\n  return y;\n}\n");
        for (String engine : ENGINES) {
            for (String grad : new String[] {"--grad", "--no-grad-placeholder"}) {
                Cli.Result r = grad.equals("--grad")
                        ? Cli.run("run", f, "--fn", "f", "--arg", "x=[1,2,3]", "--arg", "i=5", "--grad", "--engine", engine)
                        : Cli.run("run", f, "--fn", "f", "--arg", "x=[1,2,3]", "--arg", "i=5", "--engine", engine);
                assertEquals(3, r.code(), engine + ": " + r);
                assertTrue(r.err().contains("pick.grad:2") && r.err().contains("index 5 is out of bounds"), engine + ": " + r);
                assertTrue(!r.err().contains("internal compiler error"), engine + ": " + r);
            }
        }
    }

    @Test
    void aConstantIndexOutOfRangeIsACompileTimeError() {
        assertErrors("fn f(x: real[3]) -> real {\n  return x[3] + x[0];\n}",
                "2:12: " + dev.gradc.diag.Messages.constantIndexOutOfRange(3, 0, 3, "[3]"));
        assertErrors("fn f(M: real[2,3]) -> real {\n  return M[1, 7];\n}",
                "2:15: " + dev.gradc.diag.Messages.constantIndexOutOfRange(7, 1, 3, "[2,3]"));
    }

    @Test
    void anEndlessLoopWhoseResultIsUnusedHitsTheLimitInEveryEngine() {
        String f = Cli.write(dir, "endless.grad", "fn f(x: real) -> real {\n  y = x;\n  while (y < 1) {\n  }\n  return x;\n}\n");
        for (String engine : ENGINES) {
            Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "x=0.5", "--engine", engine, "--max-iterations", "1000");
            assertEquals(3, r.code(), engine + ": " + r);
            assertTrue(r.err().contains("endless.grad:3"), engine + ": " + r);
        }
    }

    @Test
    void everyEngineGivesTheSameGradientWithinABudgetItsLoopWouldPass() {
        // a vector loop with three inputs keeps its 3-element state every one of its 100 trips: 300 values
        String f = Cli.write(dir, "keep.grad", "fn f(x: real[3], a: real, b: real) -> real {\n  v = x;\n  i = 0;\n"
                + "  while (i < 100) {\n    v = sin(v) * a + b;\n    i = i + 1;\n  }\n  return sum(v);\n}\n");
        for (String engine : ENGINES) {
            Cli.Result ok = Cli.run("run", f, "--fn", "f", "--arg", "x=[1,2,3]", "--arg", "a=0.5", "--arg", "b=0.1",
                    "--grad", "--engine", engine, "--max-kept-values", "100000", "--json");
            assertEquals(0, ok.code(), engine + ": " + ok);
            Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "x=[1,2,3]", "--arg", "a=0.5", "--arg", "b=0.1",
                    "--grad", "--engine", engine, "--max-kept-values", "50", "--json");
            assertEquals(0, r.code(), engine + ": " + r);
            double[] want = numbers(ok.out());
            double[] got = numbers(r.out());
            assertEquals(want.length, got.length, engine);
            for (int i = 0; i < want.length; i++) {
                assertEquals(want[i], got[i], 1e-13 * Math.max(1, Math.abs(want[i])), engine + ": " + r.out());
            }
        }
    }

    private static double[] numbers(String json) {
        return java.util.regex.Pattern.compile("-?[0-9][0-9.]*(E-?[0-9]+)?").matcher(json).results()
                .mapToDouble(m -> Double.parseDouble(m.group())).toArray();
    }
}
