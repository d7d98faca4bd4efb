package dev.gradc.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.Diagnostic;
import dev.gradc.testing.Programs;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Deep nesting, huge literals and huge dimensions: each ends in a module or in positioned diagnostics, within the
 * fuzz oracle's time bound and without a stack overflow.
 */
class HugeInputsTest {

    private static final int DEEP = 10_000;

    private static String fn(String body) {
        return "fn f(x: real) -> real {\n" + body + "\n}\n";
    }

    private static FuzzOracle.Outcome check(String text) {
        return FuzzOracle.check("huge", text, 1);
    }

    private static FuzzOracle.Outcome frontEnd(String text) {
        return FuzzOracle.checkFrontEnd("huge", text);
    }

    private static List<String> errors(String text) {
        return Programs.diagnose(text).sorted().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void tenThousandParenthesesCompileAndRun() {
        String e = "(".repeat(DEEP) + "x" + ")".repeat(DEEP);
        assertEquals(FuzzOracle.Outcome.RAN, check(fn("  return " + e + ";")));
    }

    @Test
    void tenThousandUnaryMinusesCompileAndRun() {
        assertEquals(FuzzOracle.Outcome.RAN, check(fn("  return " + "-".repeat(DEEP) + "x;")));
    }

    @Test
    void tenThousandSpacedUnaryMinusesCompileAndRun() {
        assertEquals(FuzzOracle.Outcome.RAN, check(fn("  return " + "- ".repeat(DEEP) + "x;")));
    }

    @Test
    void tenThousandNestedCallsCompileAndRun() {
        assertEquals(FuzzOracle.Outcome.RAN, check(fn("  return " + "sin(".repeat(DEEP) + "x" + ")".repeat(DEEP) + ";")));
    }

    @Test
    void tenThousandTermSumCompilesAndRuns() {
        assertEquals(FuzzOracle.Outcome.RAN, check(fn("  return x" + " + x".repeat(DEEP) + ";")));
    }

    @Test
    void tenThousandRightAssociativePowersCompile() {
        assertTrue(check(fn("  return x" + " ^ 1".repeat(DEEP) + ";")) != FuzzOracle.Outcome.DIAGNOSED);
    }

    private static String nestedIfs(int n) {
        return fn("  y = x;\n" + "  if (x > 0) {\n".repeat(n) + "  y = y + 1;\n" + "  } else { y = y - 1; }\n".repeat(n)
                + "  return y;");
    }

    private static String nestedWhiles(int n) {
        return fn("  y = x;\n" + "  while (y > 1000) {\n".repeat(n) + "  y = y - 1;\n" + "  }\n".repeat(n) + "  return y;");
    }

    @Test
    void twoThousandNestedIfsCompile() {
        assertEquals(FuzzOracle.Outcome.NOT_RUN, frontEnd(nestedIfs(2_000)));
    }

    @Test
    void twoThousandNestedWhilesCompile() {
        assertEquals(FuzzOracle.Outcome.NOT_RUN, frontEnd(nestedWhiles(2_000)));
    }

    /** Five thousand levels: the long run only (the default build lowers 2,000; LoweringScalingTest checks growth). */
    @Test
    @org.junit.jupiter.api.condition.EnabledIfSystemProperty(named = "gradc.fuzz.long", matches = "true")
    void fiveThousandNestedIfsAndWhilesCompile() {
        assertEquals(FuzzOracle.Outcome.NOT_RUN, frontEnd(nestedIfs(5_000)));
        assertEquals(FuzzOracle.Outcome.NOT_RUN, frontEnd(nestedWhiles(5_000)));
    }

    @Test
    void hundredNestedIfsRunInEveryEngine() {
        assertEquals(FuzzOracle.Outcome.RAN, check(nestedIfs(100)));
    }

    @Test
    void tenNestedWhilesRunInEveryEngine() {
        assertEquals(FuzzOracle.Outcome.RAN, check(nestedWhiles(10)));
    }

    @Test
    void thirtyNestedWhilesRunInEveryEngine() {
        assertEquals(FuzzOracle.Outcome.RAN, check(nestedWhiles(30)));
    }

    @Test
    void tenThousandUnclosedParenthesesAreOneDiagnostic() {
        assertEquals(FuzzOracle.Outcome.DIAGNOSED, check(fn("  return " + "(".repeat(DEEP) + "x;")));
    }

    @Test
    void tenThousandOpenBracesAreDiagnosed() {
        assertEquals(FuzzOracle.Outcome.DIAGNOSED, check(fn("  " + "{".repeat(DEEP))));
    }

    @Test
    void tenThousandNestedArrayLiteralsAreDiagnosedOrRun() {
        frontEnd(fn("  return sum(" + "[".repeat(DEEP) + "x" + "]".repeat(DEEP) + ");"));
    }

    @Test
    void hugeAndTinyLiteralsCompileAndRun() {
        for (String lit : Mutator.HUGE_NUMBERS) {
            assertTrue(check(fn("  return x * " + lit + ";")) != null, lit);
        }
    }

    @Test
    void literalBeyondDoubleIsInfinityOrDiagnosed() {
        FuzzOracle.Outcome o = check(fn("  return x * 1e400;"));
        assertTrue(o == FuzzOracle.Outcome.RAN || o == FuzzOracle.Outcome.DIAGNOSED);
    }

    @Test
    void hugeParameterDimensionCompilesButIsNotBuilt() {
        assertEquals(FuzzOracle.Outcome.NOT_RUN, check("fn f(v: real[2000000000]) -> real { return sum(v); }"));
    }

    @Test
    void dimensionPastTheLargestJavaArrayIsReported() {
        assertEquals(List.of("bad.grad:1:9: error: an array of shape [2147483647] has 2147483647 elements; at most "
                + "2147483639 fit in a Java array"), errors("fn f(v: real[2147483647]) -> real { return sum(v); }"));
    }

    @Test
    void dimensionBeyondIntIsReported() {
        assertEquals(List.of("bad.grad:1:14: error: dimension '2147483648' must be a positive integer or a size name"),
                errors("fn f(v: real[2147483648]) -> real { return sum(v); }"));
    }

    @Test
    void zeroDimensionIsReported() {
        assertEquals(FuzzOracle.Outcome.DIAGNOSED, check("fn f(v: real[0]) -> real { return sum(v); }"));
    }

    @Test
    void negativeDimensionIsASyntaxError() {
        assertEquals(FuzzOracle.Outcome.DIAGNOSED, check("fn f(v: real[-1]) -> real { return sum(v); }"));
    }

    @Test
    void shapeWithMoreElementsThanAJavaArrayIsReported() {
        List<String> e = errors("fn f(v: real[65536, 65536]) -> real { return sum(v); }");
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.get(0).contains("4294967296 elements"), e.toString());
    }

    @Test
    void onesWithMoreElementsThanAJavaArrayIsReported() {
        List<String> e = errors(fn("  return x + sum(ones(2147483647, 3));"));
        assertEquals(1, e.size(), e.toString());
        assertTrue(e.get(0).startsWith("bad.grad:2:18: error: an array of shape [2147483647,3] has 6442450941"),
                e.toString());
    }

    @Test
    void onesTooLargeForMemoryIsACleanRunFailure() {
        // 2^31 - 9 elements fit in a Java array, but not in the test's heap: a RunFailure, not an OutOfMemoryError
        FuzzOracle.Outcome o = check(fn("  return x + sum(ones(2147483639));"));
        assertTrue(o == FuzzOracle.Outcome.RUN_FAILED || o == FuzzOracle.Outcome.RAN, o.toString());
    }

    @Test
    void longLineOfGarbageIsDiagnosed() {
        assertEquals(FuzzOracle.Outcome.DIAGNOSED, check("fn f(x: real) -> real { return x; }\n" + "\u0000#$".repeat(DEEP)));
    }
}
