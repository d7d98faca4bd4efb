package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Affine dimensions bound at call time from the arguments, in every engine, with their length checks. */
class AffineSizesRunTest {

    @TempDir
    Path dir;

    /** value = sum(x)·sum(g(z, y)) + Σy², g(a, b) = a·sum(b): for the arguments below 15·(3·3) + 9 = 144. */
    private static final String PROGRAM = """
            fn g<N>(a: real[N+1], b: real[N]) -> real[N + 1] { return a * sum(b); }
            fn f<M>(x: real[2*M+1], y: real[M-1], z: real[M]) -> real {
              return sum(x) * sum(g(z, y)) + sum(y * y);
            }
            """;

    @ParameterizedTest
    @ValueSource(strings = {"compiled", "tape", "interpreter"})
    void sizesAreSolvedFromAffineDimensionsAndTheGradientIsAnalytic(String engine) {
        String f = Cli.write(dir, "affine.grad", PROGRAM);
        Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "x=[1,2,3,4,5]", "--arg", "y=[3]", "--arg", "z=[1,2]",
                "--grad", "--json", "--engine", engine);
        // ∂/∂x = sum(z)·sum(y) = 9; ∂/∂y = sum(x)·sum(z) + 2y = 45 + 6; ∂/∂z = sum(x)·sum(y) = 45
        assertEquals("{\"value\": 144.0, \"gradient\": {\"x\": [9.0, 9.0, 9.0, 9.0, 9.0], \"y\": [51.0],"
                + " \"z\": [45.0, 45.0]}}", r.out().strip(), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"compiled", "tape", "interpreter"})
    void aLengthThatNoSizeFitsIsReportedWithTheDimensionAsWritten(String engine) {
        String f = Cli.write(dir, "affine.grad", PROGRAM);
        Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "x=[1,2,3,4]", "--arg", "y=[3]", "--arg", "z=[1,2]",
                "--engine", engine);
        assertEquals(1, r.code(), r.toString());
        assertEquals("error: argument 'x': dimension '2*M+1' is 4 here but 5 with M=2 (from argument 'y')",
                r.err().strip());
    }

    @ParameterizedTest
    @ValueSource(strings = {"compiled", "tape", "interpreter"})
    void aSizeGivenDirectlyIsCheckedAgainstAffineDimensions(String engine) {
        String f = Cli.write(dir, "affine.grad", "fn f<N>(x: real[N-1]) -> real { return sum(x) * N; }");
        Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "N=4", "--arg", "x=[1,2]", "--engine", engine);
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("dimension 'N-1' is 2 here but 3 with N=4 (from --arg N)"), r.toString());
    }
}
