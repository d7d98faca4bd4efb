package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.Gradc;
import dev.gradc.engine.CompiledModule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the command line says when something is wrong: where, why, and never a flag it would reject. */
class UserMessagesTest {

    @TempDir
    Path dir;

    @Test
    void aMistypedCommandGetsASuggestion() {
        Cli.Result r = Cli.run("rn", "x.grad");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().startsWith("error: unknown command 'rn'; did you mean 'run'?\n"), r::toString);
        Cli.Result c = Cli.run("compar", "x.grad");
        assertTrue(c.err().contains("did you mean 'compare'?"), c::toString);
    }

    @Test
    void aMissingSemicolonIsReportedAtTheEndOfItsLine() {
        String f = Cli.write(dir, "semi.grad", "fn f(x: real) -> real {\n  y = x * 2\n  return y;\n}\n");
        Cli.Result r = Cli.run("check", f);
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().startsWith(f + ":2:12: error: ';' expected at the end of this line\n  y = x * 2\n"
                + "           ^\n"), r::toString);
    }

    @Test
    void aByteOrderMarkIsAcceptedAndCarriageReturnsEndLines() {
        String f = Cli.write(dir, "mac.grad", "\uFEFFfn f(x: real) -> real {\r  y = x * 2;\r  return y $;\r}\r");
        Cli.Result r = Cli.run("check", f);
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().startsWith(f + ":3:12: error: unexpected character '$'\n  return y $;\n"), r::toString);
        String ok = Cli.write(dir, "ok.grad", "\uFEFFfn f(x: real) -> real {\r\n  return 2 * x;\r\n}\r\n");
        Cli.Result run = Cli.run("run", ok, "--fn", "f", "--arg", "x=3", "--json");
        assertEquals("{\"value\": 6.0}\n", run.out(), run::toString);
    }

    @Test
    void controlCharactersFromTheSourceAreEscaped() {
        String f = Cli.write(dir, "ctl.grad", "fn f(x: real) -> real {\n  return x \u001b[2J;\n}\n");
        Cli.Result r = Cli.run("check", f);
        assertEquals(1, r.code(), r::toString);
        assertFalse(r.err().contains("\u001b"), "no raw escape character reaches the terminal: " + r);
        assertTrue(r.err().contains("unexpected character '\\u001b'"), r::toString);
        assertTrue(r.err().contains("  return x \\u001b[2J;\n           ^\n"), "the caret still points at it: " + r);
    }

    @Test
    void longArgumentValuesAreAbbreviated() {
        String value = "[" + "1,".repeat(5000) + "x]";
        Cli.Result r = Cli.run("run", Cli.seed("polynomial.grad"), "--fn", "f", "--arg", "x=" + value);
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().length() < 300, r::toString);
        assertTrue(r.err().contains("... (" + value.length() + " characters)"), r::toString);
    }

    /**
     * Every value the command line echoes is cut when it is long, those picocli quotes (an option's bad value, an
     * unknown option) and file names (kept whole up to 240 characters, with both ends when longer) included.
     */
    @Test
    void longFileNamesAndOptionValuesAreAbbreviatedToo() {
        String digits = "9".repeat(5000);
        String[][] commands = {
            {"run", digits + ".grad", "--fn", "f"},
            {"check", dir.resolve(digits.substring(0, 200)).resolve(digits.substring(0, 200) + ".grad").toString()},
            {"run", Cli.seed("polynomial.grad"), "--fn", "f", "--max-iterations", digits},
            {"run", Cli.seed("polynomial.grad"), "--fn", "f", "--" + digits},
            {"compile", Cli.seed("polynomial.grad"), "-d", Cli.seed("polynomial.grad") + "/" + digits}};
        for (String[] command : commands) {
            Cli.Result r = Cli.run(command);
            assertTrue(r.code() == 1 || r.code() == 2, r::toString);
            assertTrue(r.err().length() < 600, r::toString);
            assertTrue(r.err().contains(" characters)"), r::toString);
        }
    }

    /** What the user typed is echoed with its control characters escaped, as the source's are. */
    @Test
    void controlCharactersFromArgumentsAreEscaped() {
        String[][] commands = {
            {"run", Cli.seed("polynomial.grad"), "--fn", "f\u001b[2J"},
            {"run", Cli.seed("polynomial.grad"), "--fn", "f", "--arg", "x=1\u001b]0;title\u0007"},
            {"run", "a\u001b[31m.grad", "--fn", "f"},
            {"run", Cli.seed("polynomial.grad"), "--fn", "f", "--engine", "\u009b2J"},
            {"run", Cli.seed("polynomial.grad"), "--fn", "f", "--max-iterations", "1\u001b[2J"}};
        for (String[] command : commands) {
            Cli.Result r = Cli.run(command);
            assertTrue(r.code() == 1 || r.code() == 2, r::toString);
            assertTrue(r.err().chars().noneMatch(c -> c < 0x20 && c != '\n' || c >= 0x7f && c < 0xa0), r::toString);
            assertTrue(r.err().contains("\\u001b") || r.err().contains("\\u009b"), r::toString);
        }
    }

    /** A line that reorders itself on screen (a bidirectional override) is shown with the override escaped. */
    @Test
    void bidirectionalOverridesInTheSourceAreEscaped() {
        String f = Cli.write(dir, "bidi.grad", "fn f(x: real) -> real { return y; } // \u202e \u2066 rtl\n");
        Cli.Result r = Cli.run("check", f);
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains("return y; } // \\u202e \\u2066 rtl\n"), r::toString);
    }

    @Test
    void zerosOfZeroSaysArraysHaveAtLeastOneElement() {
        String f = Cli.write(dir, "z.grad", "fn f(x: real) -> real { return sum(zeros(0)) + sum(ones(-2)) + x; }\n");
        Cli.Result r = Cli.run("check", f);
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains(":1:42: error: the sizes of 'zeros' must be whole numbers of at least 1, got 0"
                + " (an array has at least one element)"), r::toString);
        assertTrue(r.err().contains(":1:57: error: dimension '-2' must be a positive integer or a size name"),
                r::toString);
    }

    @Test
    void aForLoopIsNotCalledAWhileLoop() {
        String f = Cli.write(dir, "for.grad",
                "fn f(x: real) -> real {\n  y = x;\n  for i in 0..100 { y = y + 1; }\n  return y;\n}\n");
        for (String engine : new String[] {"compiled", "tape", "interpreter"}) {
            Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "x=1", "--max-iterations", "10", "--engine", engine);
            assertEquals(3, r.code(), r::toString);
            assertTrue(r.err().startsWith("error: the loop at for.grad:3 exceeded the iteration limit of 10"),
                    engine + ": " + r);
        }
    }

    @Test
    void compareAcceptsTheIterationLimitItsErrorSuggests() {
        String f = Cli.write(dir, "loop.grad",
                "fn f(x: real) -> real {\n  y = x;\n  while (y < 1000) { y = y * 2; }\n  return y;\n}\n");
        Cli.Result r = Cli.run("compare", f, "--fn", "f", "--arg", "x=1", "--max-iterations", "5");
        assertEquals(3, r.code(), r::toString);
        assertTrue(r.err().contains("raise it with --max-iterations"), r::toString);
        Cli.Result bad = Cli.run("compare", f, "--fn", "f", "--arg", "x=1", "--max-kept-values", "-1");
        assertEquals(2, bad.code(), bad::toString);
    }

    @Test
    void verboseNamesTheLoopThatPassedTheKeptValuesBudgetAndWhy() {
        String f = Cli.write(dir, "kept.grad", "fn f(x: real[3]) -> real {\n  y = x;\n"
                + "  while (sum(y) < 100) { y = y * 1.5 + sin(y); }\n  return sum(y);\n}\n");
        Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "x=[1,2,3]", "--grad", "--max-kept-values", "5",
                "--engine", "interpreter", "--verbose");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.err().matches("(?s).*---- checkpointed loops and loops kept within the kept-values budget, as they ran\nloop at kept.grad:3:"
                + " \\d+ trips reversed; their states would have passed the kept-values budget \\(5 values\\), so the loop"
                + " was checkpointed automatically and recomputed \\d+ trips from its snapshots\n.*"), r::toString);
        Cli.Result roomy = Cli.run("run", f, "--fn", "f", "--arg", "x=[1,2,3]", "--grad", "--engine", "interpreter",
                "--verbose", "--max-kept-values", "1000");
        assertTrue(roomy.err().matches("(?s).*loop at kept.grad:3: \\d+ trips reversed, every state kept: they fitted"
                + " in the kept-values budget \\(1000 values\\)\n.*"), roomy::toString);
    }

    @Test
    void compareExplainsDetachAndHowToSeeCutEntries() {
        Cli.Result r = Cli.run("compare", Cli.seed("detach.grad"), "--fn", "detached", "--arg", "x=2");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("note: finite differences differ from the AD engines because 'detached' uses"
                + " detach(...)"), r::toString);
        String f = Cli.write(dir, "v.grad", "fn f(x: real[4]) -> real[4] { return x * 1.000001; }\n");
        Cli.Result v = Cli.run("compare", f, "--fn", "f", "--arg", "x=[1.5,2.5,3.5,4.5]");
        assertEquals(0, v.code(), v::toString);
        assertTrue(v.out().contains("...") && v.out().contains("--json prints them whole"), v::toString);
        assertFalse(v.out().contains("detach"), v::toString);
    }

    @Test
    void theJavaApiSaysWhenAFunctionDoesNotExist() {
        CompiledModule m = Gradc.compile("module demo.Model;\n@grad\nfn f(x: real) -> real { return x * x; }\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.grad("nosuch", 1.0));
        assertEquals("function 'nosuch' does not exist in demo.Model; it defines 'f'", e.getMessage());
        IllegalArgumentException close = assertThrows(IllegalArgumentException.class, () -> m.value("g", 1.0));
        assertEquals("function 'g' does not exist in demo.Model; did you mean 'f'?", close.getMessage());
        IllegalArgumentException jvp = assertThrows(IllegalArgumentException.class, () -> m.jvp("f", 1.0, 1.0));
        assertEquals("function 'f' has no @jvp method; annotate it with @jvp", jvp.getMessage());
    }
}
