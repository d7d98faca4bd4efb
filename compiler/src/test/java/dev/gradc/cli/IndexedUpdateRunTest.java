package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Row, column and element updates of a matrix, in every engine, against the analytic gradient. */
class IndexedUpdateRunTest {

    @TempDir
    Path dir;

    /**
     * B = [[A00+v0, A01, 3·A02], [2w0+v1, 2w1, 2w2]] and value Σ B∘A, so ∂A = [[2A00+v0, 2A01, 6A02],
     * [2w0+v1, 2w1, 2w2]], ∂v = [A00, A10], ∂w = 2·A[1, :].
     */
    private static final String PROGRAM = """
            fn g(A: real[2,3], v: real[2], w: real[3]) -> real {
              B = A;
              B[1, :] = w * 2;
              B[:, 0] += v;
              B[0, 2] *= 3;
              return sum(B * A);
            }
            """;

    @ParameterizedTest
    @ValueSource(strings = {"compiled", "tape", "interpreter"})
    void rowColumnAndElementUpdatesHaveTheAnalyticGradient(String engine) {
        String f = Cli.write(dir, "update.grad", PROGRAM);
        Cli.Result r = Cli.run("run", f, "--fn", "g", "--arg", "A=[[1,2,3],[4,5,6]]", "--arg", "v=[1,2]",
                "--arg", "w=[3,4,5]", "--grad", "--json", "--engine", engine);
        assertEquals("{\"value\": 165.0, \"gradient\": {\"A\": [[3.0, 4.0, 18.0], [8.0, 8.0, 10.0]],"
                + " \"v\": [1.0, 4.0], \"w\": [8.0, 10.0, 12.0]}}", r.out().strip(), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"compiled", "interpreter"})
    void forwardModeThroughUpdatesIsTheGradientAlongTheDirection(String engine) {
        String f = Cli.write(dir, "update.grad", PROGRAM);
        Cli.Result r = Cli.run("run", f, "--fn", "g", "--arg", "A=[[1,2,3],[4,5,6]]", "--arg", "v=[1,2]",
                "--arg", "w=[3,4,5]", "--jvp", "v=[1,1]", "w=[0,0,1]", "--json", "--engine", engine);
        // ∂v·[1,1] + ∂w·[0,0,1] = 1 + 4 + 12
        assertEquals("{\"value\": 165.0, \"jvp\": 17.0}", r.out().strip(), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tape", "interpreter"})
    void anIndexPastTheEndAtRunTimeNamesTheLineAndTheIndex(String engine) {
        String f = Cli.write(dir, "bounds.grad", "fn f(x: real[3], k: int) -> real {\n  y = x;\n  y[k] = 1;\n"
                + "  return sum(y);\n}");
        Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "x=[1,2,3]", "--arg", "k=3", "--engine", engine);
        assertEquals(3, r.code(), r.toString());
        assertTrue(r.err().contains("bounds.grad:3") && r.err().contains("index 3 is out of bounds"), r.toString());
    }
}
