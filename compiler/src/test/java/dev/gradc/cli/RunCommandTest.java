package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

    @TempDir
    Path dir;

    private static void assertJson(String expected, Cli.Result r) {
        assertEquals(0, r.code(), r::toString);
        assertEquals(expected + "\n", r.out(), r::toString);
        assertEquals("", r.err());
    }

    private static void assertError(int code, String message, Cli.Result r) {
        assertEquals(code, r.code(), r::toString);
        assertEquals("", r.out(), r::toString);
        assertEquals("error: " + message + "\n", r.err());
    }

    // ---- the seed examples through the command line

    @Test
    void controlFlowValue() {
        assertJson("{\"value\": 1024.0}",
                Cli.run("run", Cli.seed("control_flow.grad"), "--fn", "f", "--arg", "a=0.5", "--json"));
    }

    @Test
    void controlFlowGradientFlowsThroughTheTakenBranch() {
        assertJson("{\"value\": -102400.0, \"gradient\": {\"a\": 102400.0}}",
                Cli.run("run", Cli.seed("control_flow.grad"), "--fn", "f", "--arg", "a=-1", "--grad", "--json"));
    }

    @Test
    void polynomialGradientAtTwoIsFifteen() {
        assertJson("{\"value\": 7.0, \"gradient\": {\"x\": 15.0}}",
                Cli.run("run", Cli.seed("polynomial.grad"), "--fn", "f", "--arg", "x=2", "--grad", "--json"));
    }

    /** An output no input reaches at run time (a loop of no trip): the tape's derivatives are zero, not an internal error. */
    @Test
    void theTapeGivesZeroDerivativesWhenNoInputReachesTheOutput() {
        String file = Cli.write(dir, "none.grad", "fn f(t: real, n: int) -> real {\n  y = 1;\n  for s in 0..n {\n"
                + "    y = y * t;\n  }\n  return y;\n}\n");
        for (String derivative : new String[] {"--grad", "--jvp"}) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", file, "--fn", "f", "--arg",
                    "t=2", "--arg", "n=0", "--engine", "tape", "--json", derivative));
            if (derivative.equals("--jvp")) {
                args.add("t=1");
            }
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.out().contains(derivative.equals("--grad") ? "{\"t\": 0.0}" : "\"jvp\": 0.0"), r::toString);
        }
    }

    @Test
    void polynomialTangentAtTwoIsFifteen() {
        assertJson("{\"value\": 7.0, \"jvp\": 15.0}",
                Cli.run("run", Cli.seed("polynomial.grad"), "--fn", "f", "--arg", "x=2", "--jvp", "x=1", "--json"));
    }

    @Test
    void polynomialHessianAtTwoIsSixteen() {
        assertJson("{\"value\": 7.0, \"gradient\": {\"x\": 15.0}, \"hessian\": [[16.0]]}",
                Cli.run("run", Cli.seed("polynomial.grad"), "--fn", "f", "--arg", "x=2", "--hessian", "--json"));
        assertJson("{\"value\": 7.0, \"gradient\": {\"x\": 15.0}, \"hessian\": [[16.0]]}",
                Cli.run("run", Cli.seed("polynomial.grad"), "--fn", "f", "--arg", "x=2", "--hessian", "--json",
                        "--engine", "interpreter"));
    }

    @Test
    void detachStopsTheGradient() {
        assertJson("{\"value\": 8.0, \"gradient\": {\"x\": 4.0}}",
                Cli.run("run", Cli.seed("detach.grad"), "--fn", "detached", "--arg", "x=2", "--grad", "--json"));
        assertJson("{\"value\": 8.0, \"gradient\": {\"x\": 12.0}}",
                Cli.run("run", Cli.seed("detach.grad"), "--fn", "attached", "--arg", "x=2", "--grad", "--json"));
    }

    @Test
    void vectorSquareVjpAndJacobian() {
        String f = Cli.seed("vector_square.grad");
        assertJson("{\"value\": [1.0, 4.0, 9.0], \"gradient\": {\"x\": [2.0, 4.0, 6.0]}}",
                Cli.run("run", f, "--fn", "square", "--arg", "x=[1,2,3]", "--vjp", "[1,1,1]", "--json"));
        assertJson("{\"value\": [1.0, 4.0, 9.0], \"jacobian\": {\"x\": [[2.0, 0.0, 0.0], [0.0, 4.0, 0.0], [0.0, 0.0, 6.0]]}}",
                Cli.run("run", f, "--fn", "square", "--arg", "x=[1,2,3]", "--jacobian", "--json"));
    }

    @Test
    void logSinGradientMatchesTheFormula() {
        Cli.Result r = Cli.run("run", Cli.seed("log_sin.grad"), "--fn", "f", "--arg", "x=1.3", "--grad", "--json");
        double x = 1.3;
        double value = Math.log(x * x) * Math.sin(x) + 1 / x;
        double slope = 2 / x * Math.sin(x) + Math.log(x * x) * Math.cos(x) - 1 / (x * x);
        String expected = "{\"value\": " + value + ", \"gradient\": {\"x\": " + slope + "}}";
        assertEquals(0, r.code(), r::toString);
        assertJsonNumbersClose(expected, r.out().strip());
    }

    @Test
    void chainRuleGradientIsSymmetricInPairs() {
        Cli.Result r = Cli.run("run", Cli.seed("chain_rule.grad"), "--fn", "f", "--arg", "w=0.1", "--arg", "x=0.2",
                "--arg", "y=0.3", "--arg", "z=0.4", "--grad", "--json");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().matches("\\{\"value\": [0-9.E-]+, \"gradient\": \\{\"w\": [0-9.E-]+, \"x\": [0-9.E-]+, "
                + "\"y\": [0-9.E-]+, \"z\": [0-9.E-]+}}\n"), r::toString);
    }

    @Test
    void jvpTakesSeveralTangentsAndLeavesTheFileAlone() {
        String f = Cli.write(dir, "two.grad", "fn f(x: real, y: real[2]) -> real { return x * sum(y); }");
        assertJson("{\"value\": 6.0, \"jvp\": 5.0}",
                Cli.run("run", "--jvp", "x=1", "y=[1,0]", f, "--fn", "f", "--arg", "x=2", "--arg", "y=[1,2]", "--json"));
    }

    @Test
    void unnamedTangentsAreZero() {
        String f = Cli.write(dir, "two.grad", "fn f(x: real, y: real[2]) -> real { return x * sum(y); }");
        assertJson("{\"value\": 6.0, \"jvp\": 4.0}",
                Cli.run("run", f, "--fn", "f", "--arg", "x=2", "--arg", "y=[1,2]", "--jvp", "y=[1,1]", "--json"));
    }

    // ---- values: shapes, sizes, output forms

    @Test
    void matrixArgumentBindsItsSizeAndPrintsNestedArrays() {
        String f = Cli.write(dir, "m.grad", "fn f<B>(x: real[B,2], w: real[2]) -> real[B,2] { return x * w; }");
        assertJson("{\"value\": [[1.0, 4.0], [3.0, 8.0], [5.0, 12.0]]}",
                Cli.run("run", f, "--fn", "f", "--arg", "x=[[1,2],[3,4],[5,6]]", "--arg", "w=[1, 2]", "--json"));
    }

    @Test
    void gradientOfAMatrixParameterHasItsShape() {
        String f = Cli.write(dir, "g.grad", "fn f(x: real[2,3]) -> real { return sum(x * x); }");
        assertJson("{\"value\": 91.0, \"gradient\": {\"x\": [[2.0, 4.0, 6.0], [8.0, 10.0, 12.0]]}}",
                Cli.run("run", f, "--fn", "f", "--arg", "x=[[1,2,3],[4,5,6]]", "--grad", "--json"));
    }

    @Test
    void readableFormWithoutJson() {
        Cli.Result r = Cli.run("run", Cli.seed("polynomial.grad"), "--fn", "f", "--arg", "x=2", "--grad");
        assertEquals(0, r.code(), r::toString);
        assertEquals("value: 7.0\ngradient:\n  x: 15.0\n", r.out());
    }

    @Test
    void intAndBoolParametersTakeIntAndBoolValues() {
        String f = Cli.write(dir, "ib.grad", "fn f(x: real, n: int, b: bool) -> real { return cond(b, x * n, x); }");
        assertJson("{\"value\": 7.5, \"gradient\": {\"x\": 3.0}}",
                Cli.run("run", f, "--fn", "f", "--arg", "x=2.5", "--arg", "n=3", "--arg", "b=true", "--grad", "--json"));
    }

    @Test
    void sizeNameMayBeGivenDirectly() {
        String f = Cli.write(dir, "n.grad", "fn f<N>(x: real) -> real { return sum(ones(N)) * x; }");
        assertJson("{\"value\": 8.0}", Cli.run("run", f, "--fn", "f", "--arg", "x=2", "--arg", "N=4", "--json"));
    }

    // ---- errors in the input: exit 1, one line naming the argument

    @Test
    void missingArgument() {
        assertError(1, "missing argument 'x' (real[3]); pass --arg x=VALUE",
                Cli.run("run", Cli.seed("vector_square.grad"), "--fn", "square"));
    }

    @Test
    void unknownArgumentName() {
        assertError(1, "unknown argument 'y': 'square' has no parameter or size of that name; did you mean 'x'?",
                Cli.run("run", Cli.seed("vector_square.grad"), "--fn", "square", "--arg", "x=[1,2,3]", "--arg", "y=1"));
    }

    @Test
    void wrongShape() {
        assertError(1, "argument 'x' must be real[3], got an array of shape [2]",
                Cli.run("run", Cli.seed("vector_square.grad"), "--fn", "square", "--arg", "x=[1,2]"));
    }

    @Test
    void malformedValue() {
        assertError(1, "argument 'x': malformed value '[1,2,': missing ']'",
                Cli.run("run", Cli.seed("vector_square.grad"), "--fn", "square", "--arg", "x=[1,2,"));
    }

    @Test
    void sizeMismatchBetweenArgumentsNamesBoth() {
        String f = Cli.write(dir, "s.grad", "fn f<N>(a: real[N], b: real[N]) -> real { return dot(a, b); }");
        assertError(1, "argument 'b': size 'N' is 3 here but 2 from argument 'a'",
                Cli.run("run", f, "--fn", "f", "--arg", "a=[1,2]", "--arg", "b=[1,2,3]"));
    }

    @Test
    void nonIntegerForAnIntParameter() {
        String f = Cli.write(dir, "i.grad", "fn f(x: real, n: int) -> real { return x * n; }");
        assertError(1, "argument 'n' must be an int, got the number 2.5",
                Cli.run("run", f, "--fn", "f", "--arg", "x=1", "--arg", "n=2.5"));
    }

    @Test
    void gradOfNonScalarOutputSaysToPassVjp() {
        assertError(1, "the output of 'square' is real[3], not a scalar; pass --vjp SEED for a vector-Jacobian product",
                Cli.run("run", Cli.seed("vector_square.grad"), "--fn", "square", "--arg", "x=[1,2,3]", "--grad"));
    }

    @Test
    void gradWithVjpIsAVectorJacobianProduct() {
        assertJson("{\"value\": [1.0, 4.0, 9.0], \"gradient\": {\"x\": [2.0, 0.0, 0.0]}}",
                Cli.run("run", Cli.seed("vector_square.grad"), "--fn", "square", "--arg", "x=[1,2,3]", "--grad",
                        "--vjp", "[1,0,0]", "--json"));
    }

    @Test
    void seedOfTheWrongShape() {
        assertError(1, "--vjp seed must be real[3], got an array of shape [2]",
                Cli.run("run", Cli.seed("vector_square.grad"), "--fn", "square", "--arg", "x=[1,2,3]", "--vjp", "[1,1]"));
    }

    @Test
    void tangentOfANonParameter() {
        assertError(1, "--jvp names 'y', which is not a real parameter of 'f'",
                Cli.run("run", Cli.seed("polynomial.grad"), "--fn", "f", "--arg", "x=2", "--jvp", "y=1"));
    }

    @Test
    void unknownFunction() {
        String f = Cli.seed("vector_square.grad");
        assertError(1, "no function 'sqare' in " + f + "; did you mean 'square'?",
                Cli.run("run", f, "--fn", "sqare", "--arg", "x=[1,2,3]"));
    }

    @Test
    void programWithErrorsPrintsDiagnosticsAndExitsOne() {
        String f = Cli.write(dir, "bad.grad", "fn f(x: real) -> real { return y; }\n");
        Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "x=1");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().startsWith(f + ":1:32: error: undefined name 'y'; did you mean 'x'?\n"), r::toString);
    }

    // ---- usage errors: exit 2

    @Test
    void keptStateBeyondTheBudgetIsCheckpointedWithTheSameResultInEveryStackEngine() {
        String f = Cli.write(dir, "long.grad", "fn f(x: real[2]) -> real {\n  i = 0;\n  while (i < 5000) { x = sin(x); i = i + 1; }\n  return sum(x);\n}\n");
        for (String engine : new String[] {"compiled", "interpreter"}) {
            Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "x=[0.5, 0.5]", "--grad", "--max-kept-values", "1000",
                    "--engine", engine);
            assertEquals(0, r.code(), engine + ": " + r);
            Cli.Result ok = Cli.run("run", f, "--fn", "f", "--arg", "x=[0.5, 0.5]", "--grad", "--engine", engine);
            assertEquals(0, ok.code(), engine + ": " + ok);
            assertEquals(ok.out(), r.out(), engine);
        }
    }

    @Test
    void tapeEngineGivesThePolynomialsFifteen() {
        Cli.Result r = Cli.run("run", Cli.seed("polynomial.grad"), "--fn", "f", "--arg", "x=2", "--grad", "--json",
                "--engine", "tape");
        assertEquals(0, r.code(), r::toString);
        assertJson("{\"value\": 7.0, \"gradient\": {\"x\": 15.0}}", r);
    }

    @Test
    void tapeEngineAgreesWithTheInterpreter() {
        String f = Cli.write(dir, "t.grad", "fn f<B>(x: real[B,2], w: real[2]) -> real[B] { return sum(tanh(x * w), 1); }");
        String[][] modes = {{"--vjp", "[1, 2, 3]"}, {"--jvp", "w=[1, 0.5]"}, {"--jacobian"}};
        for (String[] mode : modes) {
            java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("run", f, "--fn", "f",
                    "--arg", "x=[[1,2],[3,4],[5,6]]", "--arg", "w=[0.1, -0.2]", "--json"));
            args.addAll(java.util.List.of(mode));
            Cli.Result interpreted = Cli.run(args.toArray(String[]::new));
            args.addAll(java.util.List.of("--engine", "tape"));
            Cli.Result taped = Cli.run(args.toArray(String[]::new));
            assertEquals(0, taped.code(), taped::toString);
            assertJsonNumbersClose(interpreted.out().strip(), taped.out().strip());
        }
    }

    @Test
    void tapeEngineGivesTheHessianReverseOverForward() {
        Cli.Result r = Cli.run("run", Cli.seed("polynomial.grad"), "--fn", "f", "--arg", "x=2", "--hessian",
                "--engine", "tape");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().endsWith("hessian: [[16.0]]\n"), r::toString); // f = x³ + 2x² - 5x + 1: f'' = 6x + 4
    }

    @Test
    void compiledEngineAgreesWithTheInterpreter() {
        String f = Cli.write(dir, "m.grad", "fn f<B>(x: real[B,2], w: real[2]) -> real { return sum(tanh(x * w)); }");
        for (String mode : new String[] {"--grad", "--jacobian", "--hessian"}) {
            Cli.Result interpreted = Cli.run("run", f, "--fn", "f", "--arg", "x=[[1,2],[3,4],[5,6]]", "--arg",
                    "w=[0.1, -0.2]", mode, "--json");
            Cli.Result compiled = Cli.run("run", f, "--fn", "f", "--arg", "x=[[1,2],[3,4],[5,6]]", "--arg",
                    "w=[0.1, -0.2]", mode, "--json", "--engine", "compiled");
            assertEquals(0, compiled.code(), compiled::toString);
            assertJsonNumbersClose(interpreted.out().strip(), compiled.out().strip());
        }
    }

    @Test
    void unknownEngine() {
        assertError(2, "unknown engine 'jit'; expected compiled, tape, interpreter",
                Cli.run("run", Cli.seed("polynomial.grad"), "--fn", "f", "--arg", "x=2", "--engine", "jit"));
    }

    @Test
    void twoDerivativeModesConflict() {
        assertError(2, "--grad and --jvp cannot be used together",
                Cli.run("run", Cli.seed("polynomial.grad"), "--fn", "f", "--arg", "x=2", "--grad", "--jvp", "x=1"));
    }

    @Test
    void argumentWithoutEquals() {
        assertError(2, "--arg expects NAME=VALUE, got '2'",
                Cli.run("run", Cli.seed("polynomial.grad"), "--fn", "f", "--arg", "2"));
    }

    @Test
    void unknownOptionIsAUsageError() {
        Cli.Result r = Cli.run("run", Cli.seed("polynomial.grad"), "--fn", "f", "--gradient");
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().startsWith("error: Unknown option: '--gradient'"), r::toString);
    }

    @Test
    void missingFile() {
        assertError(2, "file not found: " + dir.resolve("none.grad"),
                Cli.run("run", dir.resolve("none.grad").toString(), "--fn", "f"));
    }

    @Test
    void zeroMaxIterations() {
        assertError(2, "--max-iterations must be at least 1, got 0",
                Cli.run("run", Cli.seed("polynomial.grad"), "--fn", "f", "--arg", "x=2", "--max-iterations", "0"));
    }

    // ---- run-time failures: exit 3

    @Test
    void iterationLimitNamesTheLoopAndExitsThree() {
        assertError(3, "the loop at control_flow.grad:7 exceeded the iteration limit of 50 "
                        + "(raise it with --max-iterations or setMaxIterations)",
                Cli.run("run", Cli.seed("control_flow.grad"), "--fn", "f", "--arg", "a=0", "--max-iterations", "50"));
    }

    @Test
    void noStackTraceWithoutVerbose() {
        Cli.Result r = Cli.run("run", Cli.seed("control_flow.grad"), "--fn", "f", "--arg", "a=0", "--max-iterations", "5");
        assertFalse(r.err().contains("\tat "), r::toString);
    }

    @Test
    void verbosePrintsTheIrAndTheStackTrace() {
        Cli.Result r = Cli.run("run", Cli.seed("control_flow.grad"), "--fn", "f", "--arg", "a=0", "--max-iterations", "5",
                "--verbose");
        assertEquals(3, r.code(), r::toString);
        assertTrue(r.err().contains("---- graph of 'f'\n%0 = param[0]() : real  ; a\n"), r::toString);
        assertTrue(r.err().contains("\tat dev.gradc."), r::toString);
    }

    @Test
    void otherCommandsAreRegistered() {
        Cli.Result r = Cli.run("--help");
        assertEquals(0, r.code(), r::toString);
        for (String c : new String[] {"check", "compile", "run", "compare", "graph"}) {
            assertTrue(r.out().contains("  " + c + " "), r::toString);
        }
    }

    @Test
    void subcommandsHaveHelp() {
        Cli.Result r = Cli.run("run", "--help");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().startsWith("Usage: gradc run"), r::toString);
    }

    @Test
    void noCommandPrintsUsageAndExitsTwo() {
        Cli.Result r = Cli.run();
        assertEquals(2, r.code(), r::toString);
        assertTrue(r.err().startsWith("Usage: gradc"), r::toString);
    }

    /** Compares two one-line JSON texts, numbers to 1e-12 relative. */
    private static void assertJsonNumbersClose(String expected, String actual) {
        String[] e = expected.split("(?<=[:,\\[]) ");
        String[] a = actual.split("(?<=[:,\\[]) ");
        assertEquals(e.length, a.length, actual);
        for (int i = 0; i < e.length; i++) {
            String en = e[i].replaceAll("[^0-9.E-]", "");
            String an = a[i].replaceAll("[^0-9.E-]", "");
            if (!en.isEmpty() && en.matches("-?[0-9].*")) {
                double x = Double.parseDouble(en);
                assertEquals(x, Double.parseDouble(an), 1e-12 * Math.abs(x), actual);
            } else {
                assertEquals(e[i], a[i], actual);
            }
        }
    }
}
