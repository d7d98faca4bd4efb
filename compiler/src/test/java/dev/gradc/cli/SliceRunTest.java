package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Slices on both axes of a matrix with affine lengths, in every engine; out-of-range starts at run time. */
class SliceRunTest {

    @TempDir
    Path dir;

    /** c = A[1:3, 1:N] (rows 1-2, columns 1..N-1), r = A[0, 1:3], k = A[0:2, 1]. */
    private static final String PROGRAM = """
            fn f<N>(A: real[3, N]) -> real {
              c = A[1:3, 1:N];
              r = A[0, 1:3];
              k = A[0:2, 1];
              return sum(c * c) + sum(r) * sum(k);
            }
            """;

    @ParameterizedTest
    @ValueSource(strings = {"compiled", "tape", "interpreter"})
    void matrixSlicesHaveTheAnalyticGradient(String engine) {
        String f = Cli.write(dir, "slices.grad", PROGRAM);
        Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "A=[[1,2,3,4],[5,6,7,8],[9,10,11,12]]", "--grad",
                "--json", "--engine", engine);
        // Σc² = 36+49+64+100+121+144 = 514; sum(r) = 5, sum(k) = 2+6 = 8: value 554.
        // ∂A = 2c on c's entries; + sum(k) on r's entries A[0,1], A[0,2]; + sum(r) on k's entries A[0,1], A[1,1].
        assertEquals("{\"value\": 554.0, \"gradient\": {\"A\": [[0.0, 13.0, 8.0, 0.0], [0.0, 17.0, 14.0, 16.0],"
                + " [0.0, 20.0, 22.0, 24.0]]}}", r.out().strip(), r.toString());
    }

    /** B = A with rows 0..1 of column block 1..2 replaced: B[:, 1:3] = 2·A[:, 1:3] + 1 on every row, then B[0:2] *= c. */
    private static final String UPDATES = """
            fn g(A: real[3, 4], c: real) -> real {
              B = A;
              B[:, 1:3] = A[:, 1:3] * 2 + 1;
              B[0:2] *= c;
              B[2:] -= 1;
              return sum(B * B);
            }
            """;

    @ParameterizedTest
    @ValueSource(strings = {"compiled", "tape", "interpreter"})
    void sliceUpdatesAgreeInEveryEngineWithTheAnalyticGradient(String engine) {
        String f = Cli.write(dir, "updates.grad", UPDATES);
        Cli.Result r = Cli.run("run", f, "--fn", "g", "--arg", "A=[[1,2,3,4],[5,6,7,8],[9,10,11,12]]", "--arg",
                "c=2", "--grad", "--json", "--engine", engine);
        // B = [[2,10,14,8],[10,26,30,16],[8,20,22,11]]: Σ B² = 364+1932+1069 = 3365.
        // ∂A: 2B·c on rows 0-1 (·2 more on columns 1-2), 2B on row 2 (·2 on columns 1-2).
        // ∂c = Σ over rows 0-1 of 2B·(B/c) = Σ B²/c·2 = (364 + 1932)·2/2 = 2296.
        assertEquals("{\"value\": 3365.0, \"gradient\": {\"A\": [[8.0, 80.0, 112.0, 32.0], [40.0, 208.0, 240.0, 64.0],"
                + " [16.0, 80.0, 88.0, 22.0]], \"c\": 2296.0}}", r.out().strip(), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tape", "interpreter"})
    void aWindowPastTheEndNamesTheLineAndTheBounds(String engine) {
        String f = Cli.write(dir, "window.grad", "fn f(x: real[4], i: int) -> real {\n  w = x[i:i+3];\n"
                + "  return sum(w);\n}");
        Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "x=[1,2,3,4]", "--arg", "i=2", "--engine", engine);
        assertEquals(3, r.code(), r.toString());
        assertTrue(r.err().contains("window.grad:2") && r.err().contains("slice 2:5 is out of bounds"), r.toString());
    }
}
