package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {

    @TempDir
    Path dir;

    @Test
    void goodFilesPrintNothingAndExitZero() {
        Cli.Result r = Cli.run("check", Cli.seed("control_flow.grad"), Cli.seed("polynomial.grad"),
                Cli.seed("vector_square.grad"), Cli.seed("chain_rule.grad"), Cli.seed("detach.grad"),
                Cli.seed("log_sin.grad"));
        assertEquals(0, r.code(), r::toString);
        assertEquals("", r.out() + r.err());
    }

    @Test
    void printsEveryErrorJavacStyleAndExitsOne() {
        String f = Cli.write(dir, "two.grad", "fn f(x: real) -> real {\n  a = xx;\n  b = qq;\n  return a + b;\n}\n");
        Cli.Result r = Cli.run("check", f);
        assertEquals(1, r.code(), r::toString);
        assertEquals("", r.out());
        assertEquals(f + ":2:7: error: undefined name 'xx'; did you mean 'x'?\n"
                + "  a = xx;\n"
                + "      ^\n"
                + f + ":3:7: error: undefined name 'qq'\n"
                + "  b = qq;\n"
                + "      ^\n"
                + "2 errors\n", r.err());
    }

    @Test
    void missingFileIsOneLineAndUsageExit() {
        Cli.Result r = Cli.run("check", dir.resolve("nope.grad").toString());
        assertEquals(2, r.code(), r::toString);
        assertEquals("error: file not found: " + dir.resolve("nope.grad") + "\n", r.err());
    }

    @Test
    void directoryIsNotAFile() {
        Cli.Result r = Cli.run("check", dir.toString());
        assertEquals(2, r.code(), r::toString);
        assertEquals("error: not a file: " + dir + "\n", r.err());
    }

    @Test
    void checksEveryFileEvenAfterABadOne() {
        String bad = Cli.write(dir, "bad.grad", "fn f(x: real) -> real { return y; }");
        String worse = Cli.write(dir, "worse.grad", "fn g(x: real) -> real { return sine(x); }");
        Cli.Result r = Cli.run("check", bad, worse);
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().contains(bad + ":1:32: error: undefined name 'y'"), r::toString);
        assertTrue(r.err().contains(worse + ":1:32: error: unknown function 'sine'; did you mean 'sin'?"), r::toString);
    }

    @Test
    void emptyFileIsReported() {
        String f = Cli.write(dir, "empty.grad", "");
        Cli.Result r = Cli.run("check", f);
        assertEquals(1, r.code(), r::toString);
        assertEquals(f + ":1:1: error: the file defines no function\n1 error\n", r.err());
    }

    @Test
    void tenThousandDeepExpressionNeverOverflowsTheStack() {
        int depth = 10_000;
        String f = Cli.write(dir, "deep.grad",
                "fn f(x: real) -> real { return " + "(".repeat(depth) + "-x" + ")".repeat(depth) + "; }");
        Cli.Result r = Cli.run("check", f);
        assertFalse(r.err().contains("StackOverflowError"), r::toString);
        assertTrue(r.code() == 0 || r.err().contains("nested too deeply"), r::toString);
    }

    @Test
    void noFileIsAUsageError() {
        Cli.Result r = Cli.run("check");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().startsWith("error: Missing required parameter"), r::toString);
    }
}
