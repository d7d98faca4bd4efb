package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The derivative size limits ({@code -Dgradc.maxDerivativeNodes}, {@code -Dgradc.maxDerivativeCode}) as the
 * user meets them on the command line: {@code run --grad} and {@code compile} of a program past a limit exit
 * with 1 (nothing written) and print the positioned message — file, line and column of a loop of the program,
 * its source line and a caret under it, and the limit — not an out-of-memory failure or a stack trace; below
 * the limits the same program runs.
 */
class DerivativeLimitsCliTest {

    @TempDir
    Path dir;

    /** {@code depth} nested counted whiles, each scaling w: the while of level k is on line 4 + 2k. */
    private static String nestedWhiles(int depth) {
        StringBuilder s = new StringBuilder("@grad\nfn f(x: real, v: real[3]) -> real {\n  w = v;\n");
        for (int k = 0; k < depth; k++) {
            s.append("  i").append(k).append(" = 0; while (i").append(k).append(" < 2) {\n    w = sin(w) * x;\n");
        }
        for (int k = depth - 1; k >= 0; k--) {
            s.append("  i").append(k).append(" = i").append(k).append(" + 1; }\n");
        }
        return s.append("  return sum(w);\n}\n").toString();
    }

    /** Runs the command line with {@code property} set to {@code limit} (cleared after). */
    private static Cli.Result withLimit(String property, String limit, String... args) {
        String saved = System.getProperty(property);
        System.setProperty(property, limit);
        try {
            return Cli.run(args);
        } finally {
            if (saved == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, saved);
            }
        }
    }

    /** The first line of stderr is {@code file:line:col: error: message}; the next are the source line and a caret. */
    private static void positioned(Cli.Result r, String file, List<String> lines, String message) {
        assertEquals(1, r.code(), r::toString);
        String[] err = r.err().split("\n");
        String head = err[0];
        assertTrue(head.startsWith(file + ":"), r::toString);
        String[] at = head.substring(file.length() + 1).split(":", 3);
        int line = Integer.parseInt(at[0]);
        int column = Integer.parseInt(at[1]);
        assertEquals(" error: " + message, at[2], r::toString);
        String source = lines.get(line - 1);
        assertTrue(source.substring(column - 1).startsWith("while ("), () -> "not at a loop: " + source + "\n" + r);
        assertEquals(source, err[1], r::toString);
        assertEquals(" ".repeat(column - 1) + "^", err[2], r::toString);
        assertTrue(!r.err().contains("Exception") && !r.err().contains("internal"), r::toString);
    }

    @Test
    void runAndCompilePastTheNodeLimitSayWhereAndWhich() throws Exception {
        String text = nestedWhiles(40);
        String file = Cli.write(dir, "deep.grad", text);
        List<String> lines = text.lines().toList();
        String message = dev.gradc.diag.DerivativeMessages.derivativeTooLarge("", 1_000);
        Cli.Result run = withLimit("gradc.maxDerivativeNodes", "1000", "run", file, "--fn=f", "--arg=x=0.5",
                "--arg=v=[1,2,3]", "--grad");
        positioned(run, file, lines, message);
        Cli.Result interp = withLimit("gradc.maxDerivativeNodes", "1000", "run", file, "--fn=f", "--arg=x=0.5",
                "--arg=v=[1,2,3]", "--grad", "--engine=interpreter");
        positioned(interp, file, lines, message);
        Path out = dir.resolve("out");
        Cli.Result compile = withLimit("gradc.maxDerivativeNodes", "1000", "compile", "-d", out.toString(), file);
        positioned(compile, file, lines, message);
        assertTrue(!Files.exists(out) || Files.list(out).findAny().isEmpty(), "nothing written");
    }

    @Test
    void runAndCompilePastTheCodeLimitNameTheOutermostLoop() throws Exception {
        String text = nestedWhiles(40);
        String file = Cli.write(dir, "deep.grad", text);
        List<String> lines = text.lines().toList();
        String message = dev.gradc.diag.DerivativeMessages.derivativeCodeTooLarge("", 20_000);
        Cli.Result run = withLimit("gradc.maxDerivativeCode", "20000", "run", file, "--fn=f", "--arg=x=0.5",
                "--arg=v=[1,2,3]", "--grad");
        positioned(run, file, lines, message);
        assertTrue(run.err().startsWith(file + ":4:"), () -> "the outermost while, line 4: " + run);
        Cli.Result compile = withLimit("gradc.maxDerivativeCode", "20000", "compile", "-d",
                dir.resolve("out").toString(), file);
        positioned(compile, file, lines, message);
    }

    /**
     * The interpreter runs each loop's graph where it is, shared, writing nothing out: past the limit on the
     * written-out code (which the compiled engine reports, above) it still runs, and gives the chain rule's
     * numbers; so does the tape. Forty nested whiles of one trip each update w forty times.
     */
    @Test
    void theInterpreterRunsPastTheCodeLimit() {
        String file = Cli.write(dir, "deep.grad", nestedWhiles(40).replace(" < 2)", " < 1)"));
        double[] expected = chainRule(40);
        for (String engine : List.of("interpreter", "tape")) {
            Cli.Result r = withLimit("gradc.maxDerivativeCode", "20000", "run", file, "--fn=f", "--arg=x=0.5",
                    "--arg=v=[1,2,3]", "--grad", "--json", "--engine=" + engine);
            assertEquals(0, r.code(), r::toString);
            double[] printed = numbers(r.out());
            assertEquals(expected.length, printed.length, r::toString);
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], printed[k], 1e-12 * Math.max(1e-300, Math.abs(expected[k])), r::toString);
            }
        }
    }

    /**
     * A hundred nested whiles, past the 89 or so at which the written-out code reached the default limit when
     * every loop the adjoint reruns was written out again at each use: written once each (as methods), they
     * run in the compiled engine, the default, with the interpreter's, the tape's and the chain rule's numbers.
     */
    @Test
    void everyEngineRunsAHundredNestedWhilesWithinTheDefaultLimits() throws InterruptedException {
        String file = Cli.write(dir, "deep.grad", nestedWhiles(100).replace(" < 2)", " < 1)"));
        double[] expected = chainRule(100);
        for (String engine : List.of("compiled", "interpreter", "tape")) {
            Cli.Result r = onLargeStack(() -> Cli.run("run", file, "--fn=f", "--arg=x=0.5", "--arg=v=[1,2,3]",
                    "--grad", "--json", "--engine=" + engine));
            assertEquals(0, r.code(), r::toString);
            double[] printed = numbers(r.out());
            assertEquals(expected.length, printed.length, r::toString);
            for (int k = 0; k < expected.length; k++) {
                assertEquals(expected[k], printed[k], 1e-12 * Math.max(1e-300, Math.abs(expected[k])), engine + ": " + r);
            }
        }
    }

    /** Runs the command line on a thread with the stack its own main thread has (lowering recurses on nesting). */
    private static Cli.Result onLargeStack(java.util.function.Supplier<Cli.Result> run) throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<Cli.Result> out = new java.util.concurrent.atomic.AtomicReference<>();
        Thread t = new Thread(null, () -> out.set(run.get()), "gradc", 1L << 30);
        t.start();
        t.join();
        return out.get();
    }

    /** f's value, d/dx and d/dv after {@code updates} times w = sin(w) * x from w = v = [1, 2, 3], x = 0.5. */
    private static double[] chainRule(int updates) {
        double x = 0.5;
        double value = 0;
        double dx = 0;
        double[] dv = new double[3];
        for (int i = 0; i < 3; i++) {
            double w = i + 1;
            double wx = 0;
            double wv = 1;
            for (int t = 0; t < updates; t++) {
                wx = Math.cos(w) * wx * x + Math.sin(w);
                wv = Math.cos(w) * wv * x;
                w = Math.sin(w) * x;
            }
            value += w;
            dx += wx;
            dv[i] = wv;
        }
        return new double[] {value, dx, dv[0], dv[1], dv[2]};
    }

    private static double[] numbers(String out) {
        return java.util.regex.Pattern.compile("-?\\d[\\d.]*(E-?\\d+)?").matcher(out).results()
                .mapToDouble(m -> Double.parseDouble(m.group())).toArray();
    }

    /** f_k(x) = f_{k-1}(x) + f_{k-1}(x + 1), f_k on line k + 1: each function written with its callees inlined. */
    private static String doublingCalls(int k) {
        StringBuilder s = new StringBuilder("fn f0(x: real) -> real { return sin(x); }\n");
        for (int i = 1; i <= k; i++) {
            s.append("fn f").append(i).append("(x: real) -> real { return f").append(i - 1).append("(x) + f")
                    .append(i - 1).append("(x + 1); }\n");
        }
        return s.toString();
    }

    /**
     * {@code compile} of a module whose code would be past its limit ({@code -Dgradc.maxModuleCode}) exits with 1,
     * writes nothing, and says at which function the code passed the limit (its line, source line and caret),
     * how large it would be and what to do; within the default limit the same module compiles. {@code run} writes
     * only the function it runs, so it runs past the limit.
     */
    @Test
    void compilePastTheModuleCodeLimitSaysAtWhichFunction() throws Exception {
        String text = doublingCalls(12);
        String file = Cli.write(dir, "calls.grad", text);
        Path out = dir.resolve("out");
        Cli.Result r = withLimit("gradc.maxModuleCode", "2000", "compile", "-d", out.toString(), file);
        assertEquals(1, r.code(), r::toString);
        String[] err = r.err().split("\n");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(file)
                + ":(\\d+):1: error: the generated code of the module's functions up to 'f(\\d+)' would be (\\d+)"
                + " operations written out, more than the limit of 2000 \\('f\\d+' alone: (\\d+);.*"
                + "request fewer derivatives, split the module.*-Dgradc.maxModuleCode=N.*").matcher(err[0]);
        assertTrue(m.matches(), r::toString);
        int line = Integer.parseInt(m.group(1));
        assertEquals(Integer.parseInt(m.group(2)) + 1, line, r::toString);
        long total = Long.parseLong(m.group(3));
        long own = Long.parseLong(m.group(4));
        assertTrue(total > 2000 && total - own <= 2000, r::toString);
        assertEquals(text.lines().toList().get(line - 1), err[1], r::toString);
        assertEquals("^", err[2], r::toString);
        assertTrue(!Files.exists(out) || Files.list(out).findAny().isEmpty(), "nothing written");
        Cli.Result within = Cli.run("compile", "-d", out.toString(), file);
        assertEquals(0, within.code(), within::toString);
        assertTrue(Files.exists(out.resolve("Calls.java")), within::toString);
        Cli.Result run = withLimit("gradc.maxModuleCode", "2000", "run", file, "--fn=f12", "--arg=x=0.5", "--grad");
        assertEquals(0, run.code(), run::toString);
    }

    @Test
    void belowTheLimitsTheSameProgramRuns() {
        String file = Cli.write(dir, "small.grad", nestedWhiles(3));
        Cli.Result r = Cli.run("run", file, "--fn=f", "--arg=x=0.5", "--arg=v=[1,2,3]", "--grad", "--json");
        assertEquals(0, r.code(), r::toString);
        // w = sin(w) * x runs 2 + 4 + 8 = 14 times (each level's trips): value, d/dx and d/dv by the chain rule
        double[] printed = numbers(r.out());
        double[] expected = chainRule(14);
        assertEquals(expected.length, printed.length, r::toString);
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], printed[k], 1e-12 * Math.max(1, Math.abs(expected[k])), r::toString);
        }
    }
}
