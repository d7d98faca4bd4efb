package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gradc run --size NAME=VALUE} and {@code gradc compare --size NAME=VALUE}: the function is built with the
 * size as a constant, as {@code gradc compile --size} builds it (both commands lowered one function and dropped the
 * sizes, so neither took the option), and gives the numbers of the generic build in every engine; a size name no
 * function declares, an argument whose shape, or an {@code --arg} whose value, disagrees with a built-in size are
 * errors that say so.
 */
class RunSpecialisedTest {

    /** A size in a shape, an affine shape, a slice and a loop's trip count. */
    private static final String SIZED = """
        fn f<N>(x: real[N], w: real[2*N]) -> real {
          s = 0;
          for i in 0..N { s = s + x[i] * w[2*i] + w[2*i+1] * sin(x[i]); }
          return s * s + sum(x[0:N] * x[0:N]);
        }
        """;

    private static final String[] ARGS = {"--fn", "f", "--arg", "x=[0.3, -1.2, 0.7]", "--arg",
        "w=[0.5, 1.5, -0.25, 2.0, 0.125, -1.0]"};

    @TempDir
    Path dir;

    private static Cli.Result run(String command, String file, String... more) {
        List<String> args = new ArrayList<>(List.of(command, file));
        args.addAll(List.of(ARGS));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(new String[0]));
    }

    @Test
    void aBuiltInSizeGivesTheNumbersOfTheGenericBuildInEveryEngine() {
        String f = Cli.write(dir, "sized.grad", SIZED);
        for (String engine : List.of("compiled", "interpreter", "tape")) {
            for (String mode : List.of("--grad", "--hessian")) {
                Cli.Result generic = run("run", f, mode, "--json", "--engine", engine);
                Cli.Result sized = run("run", f, mode, "--json", "--engine", engine, "--size", "N=3");
                assertEquals(0, generic.code(), generic::toString);
                assertEquals(0, sized.code(), sized::toString);
                assertEquals(generic.out(), sized.out(), engine + " " + mode);
            }
        }
        Cli.Result jvp = run("run", f, "--jvp", "x=[1, 0, 0.5]", "--size", "N=3");
        assertEquals(0, jvp.code(), jvp::toString);
        assertEquals(run("run", f, "--jvp", "x=[1, 0, 0.5]").out(), jvp.out());
    }

    @Test
    void theSizeIsBuiltIntoTheGraph() {
        String f = Cli.write(dir, "sized.grad", SIZED);
        Cli.Result generic = run("run", f, "--verbose");
        Cli.Result sized = run("run", f, "--verbose", "--size", "N=3");
        assertEquals(0, sized.code(), sized::toString);
        assertEquals(generic.out(), sized.out());
        // the generic graph reads N (size[N]) and types x as real[N]; the built one has 3 in their place
        assertTrue(generic.err().contains("= size[N]() : int"), generic::toString);
        assertTrue(generic.err().contains("param[0]() : real[N]  ; x"), generic::toString);
        assertNotEquals(generic.err(), sized.err());
        assertTrue(!sized.err().contains("size[N]"), sized::toString);
        assertTrue(sized.err().contains("param[0]() : real[3]  ; x"), sized::toString);
        assertTrue(sized.err().contains("param[1]() : real[6]  ; w"), sized::toString);
    }

    @Test
    void compareTakesTheSizeToo() {
        String f = Cli.write(dir, "sized.grad", SIZED);
        Cli.Result generic = run("compare", f, "--json");
        Cli.Result sized = run("compare", f, "--json", "--size", "N=3");
        assertEquals(0, generic.code(), generic::toString);
        assertEquals(0, sized.code(), sized::toString);
        assertEquals(value(generic.out()), value(sized.out()));
        Cli.Result hessian = run("compare", f, "--hessian", "--size", "N=3");
        assertEquals(0, hessian.code(), hessian::toString);
    }

    /** The compiled row's value in compare's JSON. */
    private static String value(String json) {
        int at = json.indexOf("\"value\"");
        assertTrue(at >= 0, json);
        return json.substring(at, json.indexOf(',', at));
    }

    @Test
    void aSizeNoFunctionDeclaresIsAnError() {
        String f = Cli.write(dir, "sized.grad", SIZED);
        for (String command : List.of("run", "compare")) {
            Cli.Result r = run(command, f, "--size", "K=4");
            assertEquals(1, r.code(), r::toString);
            assertTrue(r.err().contains("sized.grad: error: --size K: no function of this file has a size named 'K';"
                    + " its sizes are 'N'"), r::toString);
        }
        Cli.Result malformed = run("run", f, "--size", "N=0");
        assertEquals(2, malformed.code(), malformed::toString);
        assertTrue(malformed.err().contains("--size N=0: a size is bound to a positive int, got '0'"),
                malformed::toString);
    }

    @Test
    void anArgumentThatDisagreesWithABuiltInSizeIsAnError() {
        String f = Cli.write(dir, "sized.grad", SIZED);
        for (String command : List.of("run", "compare")) {
            Cli.Result r = run(command, f, "--size", "N=4");
            assertEquals(1, r.code(), r::toString);
            assertEquals("error: argument 'x' must be real[4], got an array of shape [3] (built with --size N=4)\n",
                    r.err(), r::toString);
        }
        Cli.Result arg = run("run", f, "--size", "N=3", "--arg", "N=4");
        assertEquals(1, arg.code(), arg::toString);
        assertEquals("error: --arg N: size 'N' is 4 here but 3 from --size N\n", arg.err(), arg::toString);
        Cli.Result same = run("run", f, "--size", "N=3", "--arg", "N=3");
        assertEquals(0, same.code(), same::toString);
    }

    @Test
    void theHelpOfRunAndCompareListsTheOption() {
        for (String command : List.of("run", "compare", "compile")) {
            Cli.Result r = Cli.run(command, "--help");
            assertEquals(0, r.code(), r::toString);
            assertTrue(r.out().contains("--size=NAME=VALUE"), r::toString);
        }
    }
}
