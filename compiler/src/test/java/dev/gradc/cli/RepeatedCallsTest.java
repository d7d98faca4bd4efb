package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.CliMessages;
import dev.gradc.diag.Messages;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Programs whose calls expand exponentially, and programs that legitimately call functions many times, in every
 * engine. The compiled and interpreter engines inline calls and share equal ones, so the doubling calls
 * {@code f_k(x) = f_{k-1}(x) + f_{k-1}(x + 1)} run in a graph of about k² / 2 nodes; the tape runs every call
 * (2^k of them) and stops past its call limit at the call, named, with the flag that raises it. Values are
 * checked against closed forms, not only against each other.
 */
class RepeatedCallsTest {

    @TempDir
    Path dir;

    /** f_0 = sin, f_k(x) = f_{k-1}(x) + f_{k-1}(x + 1): f_k(x) = Σ_i C(k, i) sin(x + i). f_k is on line k + 1. */
    static String doubling(int levels) {
        StringBuilder s = new StringBuilder("fn f0(x: real) -> real { return sin(x); }\n");
        for (int k = 1; k <= levels; k++) {
            s.append("fn f").append(k).append("(x: real) -> real { return f").append(k - 1).append("(x) + f")
                    .append(k - 1).append("(x + 1); }\n");
        }
        return s.toString();
    }

    /** The value and derivative of f_k at x from the closed form Σ_i C(k, i) sin(x + i). */
    static double[] doublingTruth(int levels, double x) {
        double value = 0;
        double slope = 0;
        double binomial = 1;
        for (int i = 0; i <= levels; i++) {
            value += binomial * Math.sin(x + i);
            slope += binomial * Math.cos(x + i);
            binomial = binomial * (levels - i) / (i + 1);
        }
        return new double[] {value, slope};
    }

    private static void closeTo(double[] want, double[] got, String what) {
        closeTo(want, got, 1e-12, what);
    }

    private static void closeTo(double[] want, double[] got, double tolerance, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], tolerance * Math.max(1, Math.abs(want[i])), what + " [" + i + "]");
        }
    }

    @Test
    void tenLevelsGiveTheClosedFormInEveryEngine() {
        String file = Cli.write(dir, "doubling.grad", doubling(10));
        double[] got = EngineRuns.agree(List.of(file, "--fn", "f10", "--arg", "x=0.5", "--grad"), 1e-13);
        closeTo(doublingTruth(10, 0.5), got, "f10 and its derivative at 0.5");
    }

    /**
     * At 25 levels the compiled and interpreter engines run the 2^25 calls as a few hundred shared nodes; the
     * tape, limited to 4,096 calls, stops at the call past the limit, said as every run-time error is: the
     * position of the call (its line and column in the file), the callee and the flag.
     */
    @Test
    void twentyFiveLevelsRunInlinedAndStopOnTheTapeAtTheCallPastItsLimit() {
        String text = doubling(25);
        String file = Cli.write(dir, "doubling.grad", text);
        for (String engine : List.of("compiled", "interpreter")) {
            Cli.Result r = Cli.run("run", file, "--fn", "f25", "--arg", "x=0.5", "--grad", "--json", "--engine", engine);
            assertEquals(0, r.code(), r::toString);
            closeTo(doublingTruth(25, 0.5), EngineRuns.numbers(r.out()), engine);
        }
        Cli.Result tape = Cli.run("run", file, "--fn", "f25", "--arg", "x=0.5", "--grad", "--engine", "tape",
                "--max-calls", "4096");
        assertEquals(CommandError.RUN_TIME, tape.code(), tape::toString);
        Matcher m = Pattern.compile("error: doubling\\.grad:(\\d+):(\\d+): (this call of '(f\\d+)' .*)\n")
                .matcher(tape.err());
        assertTrue(m.matches(), tape::toString);
        assertEquals(Messages.callLimit(m.group(4), 4096), m.group(3));
        String line = text.lines().toList().get(Integer.parseInt(m.group(1)) - 1);
        assertTrue(line.substring(Integer.parseInt(m.group(2)) - 1).startsWith(m.group(4) + "(x"),
                () -> "not at a call of " + m.group(4) + ": " + line + "\n" + tape);
        assertTrue(m.group(3).contains("--max-calls"), tape::toString);

        Cli.Result zero = Cli.run("run", file, "--fn", "f25", "--arg", "x=0.5", "--engine", "tape", "--max-calls", "0");
        assertEquals(CommandError.USAGE, zero.code(), zero::toString);
        assertTrue(zero.err().contains(CliMessages.maxCalls(0)), zero::toString);
    }

    /** The limit counts every call of a run, and no more: 2^11 - 2 calls run within 2,046 and stop at 2,045. */
    @Test
    void theLimitIsExactlyTheNumberOfCalls() {
        String file = Cli.write(dir, "doubling.grad", doubling(10));
        Cli.Result within = Cli.run("run", file, "--fn", "f10", "--arg", "x=0.5", "--grad", "--json", "--engine", "tape",
                "--max-calls", "2046");
        assertEquals(0, within.code(), within::toString);
        closeTo(doublingTruth(10, 0.5), EngineRuns.numbers(within.out()), "tape within the limit");
        Cli.Result past = Cli.run("run", file, "--fn", "f10", "--arg", "x=0.5", "--engine", "tape", "--max-calls", "2045");
        assertEquals(CommandError.RUN_TIME, past.code(), past::toString);
        assertTrue(past.err().contains(Messages.callLimit("f0", 2045)), past::toString);
    }

    /**
     * What legitimately calls many times runs alike in every engine under the default limit: a chain of 200 single
     * calls (f_k(x) = f_{k-1}(x) + cos(x), so f_200 = sin x + 200 cos x) and 5,000 calls from a loop.
     */
    @Test
    void chainsAndLoopsOfCallsRunInEveryEngine() {
        StringBuilder chain = new StringBuilder("fn f0(x: real) -> real { return sin(x); }\n");
        for (int k = 1; k <= 200; k++) {
            chain.append("fn f").append(k).append("(x: real) -> real { return f").append(k - 1).append("(x) + cos(x); }\n");
        }
        String file = Cli.write(dir, "chain.grad", chain.toString());
        double x = 0.5;
        closeTo(new double[] {Math.sin(x) + 200 * Math.cos(x), Math.cos(x) - 200 * Math.sin(x)},
                EngineRuns.agree(List.of(file, "--fn", "f200", "--arg", "x=0.5", "--grad"), 1e-13), "chain");

        String loop = """
                fn g(x: real) -> real { return 0.5 * sin(x); }
                fn h(x: real, n: int) -> real {
                  s = 0.0;
                  i = 0;
                  while (i < n) {
                    s = s + g(x + i);
                    i = i + 1;
                  }
                  return s;
                }
                """;
        String loopFile = Cli.write(dir, "loop.grad", loop);
        double value = 0;
        double slope = 0;
        for (int i = 0; i < 5_000; i++) {
            value += 0.5 * Math.sin(x + i);
            slope += 0.5 * Math.cos(x + i);
        }
        closeTo(new double[] {value, slope},
                EngineRuns.agree(List.of(loopFile, "--fn", "h", "--arg", "x=0.5", "--arg", "n=5000", "--grad"), 1e-12),
                1e-10, "5,000 calls from a loop");
    }
}
