package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run-time error of the user's program reads the same in every engine: {@code error: FILE:LINE:COLUMN: what},
 * the file by its base name (the program is given here by its full path), for out-of-range indices and slices
 * (read, written, in a column, a block, a gather; a slice of the second axis names that axis), in values and in
 * gradients, a matrix that is not positive definite, an extern method that throws or returns an array of the
 * wrong size.
 */
class RuntimeErrorPositionsTest {

    @TempDir
    static Path dir;
    static String classes;
    static String program;

    static final String TEXT = """
            extern fn fail(x: real) -> real = "ext.Funcs.fail";
            extern fn short(x: real[3]) -> real[3] = "ext.Funcs.two";
            fn index(x: real[4], k: int) -> real {
              s = 0;
              for i in 0..3 {
                s = s + x[i + k] * x[i];
              }
              return s;
            }
            fn write(x: real[4], k: int) -> real {
              y = x * 2;
              y[k] = x[0];
              return sum(y * y);
            }
            fn slice(x: real[4], k: int) -> real {
              y = x[k:k + 2];
              return sum(y * y);
            }
            fn sliceUpdate(x: real[4], k: int) -> real {
              y = x * 1;
              y[k:k + 2] += x[0:2];
              return sum(y * y);
            }
            fn column(m: real[2, 3], k: int) -> real {
              return sum(m[:, k] * m[:, 0]);
            }
            fn block(m: real[2, 3], k: int) -> real {
              n = m * 1;
              n[0:2, k:k + 2] = m[0:2, 0:2] * 2;
              return sum(n * n);
            }
            fn partColumn(m: real[3, 3], k: int) -> real {
              n = m * 1;
              n[k:k + 2, 1] -= m[0, 0:2];
              return sum(n * n);
            }
            fn gather(x: real[4], idx: int[2]) -> real {
              return sum(x[idx] * x[idx]);
            }
            fn chol(a: real[2, 2]) -> real {
              l = cholesky(a);
              return sum(l * l);
            }
            fn ext(x: real) -> real {
              y = x * 2;
              return fail(y);
            }
            fn wrong(x: real[3]) -> real {
              return sum(short(x));
            }
            fn rowPart(m: real[2, 3], k: int) -> real {
              return sum(m[1, k:k + 2]);
            }
            fn subBlock(m: real[2, 3], k: int) -> real {
              y = m[0:2, k:k + 2];
              return sum(y * y);
            }
            fn columns(m: real[2, 3], k: int) -> real {
              n = m * 1;
              n[:, k:k + 2] = m[:, 0:2] * 2;
              return sum(n * n);
            }
            """;

    @BeforeAll
    static void compileTheJavaClass() throws Exception {
        Path src = Cli.writePath(dir, "Funcs.java", """
                package ext;
                public final class Funcs {
                    public static double fail(double x) { throw new ArithmeticException("no " + x); }
                    public static double[] two(double[] x) { return new double[] {x[0], x[1]}; }
                }
                """);
        Path out = dir.resolve("classes");
        java.nio.file.Files.createDirectories(out);
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(),
                src.toString()));
        classes = out.toString();
        program = Cli.write(dir, "errors.grad", TEXT);
    }

    /** Every engine's stderr for {@code run FN ARGS}, asserted equal with exit 3, and that one message. */
    private static String sameInEveryEngine(String fn, String... args) {
        List<String> all = new ArrayList<>(List.of(program, "--fn", fn, "--classpath", classes));
        all.addAll(List.of(args));
        Map<String, Cli.Result> by = EngineRuns.run(all);
        Cli.Result compiled = by.get("compiled");
        for (Map.Entry<String, Cli.Result> e : by.entrySet()) {
            assertEquals(3, e.getValue().code(), e.getKey() + " " + all + ": " + e.getValue());
            assertEquals(compiled.err(), e.getValue().err(), e.getKey() + " against compiled, " + all);
        }
        return compiled.err();
    }

    private static void positioned(String expected, String fn, String... args) {
        for (String mode : List.of("", "--grad")) {
            List<String> a = new ArrayList<>(List.of(args));
            if (!mode.isEmpty()) {
                a.add(mode);
            }
            String err = sameInEveryEngine(fn, a.toArray(new String[0]));
            assertEquals("error: " + expected + "\n", err, fn + " " + mode);
        }
    }

    @Test
    void outOfRangeIndicesAndSlicesArePositionedAlikeInEveryEngine() {
        positioned("errors.grad:6:5: index 4 is out of bounds for dimension 0 of length 4", "index",
                "--arg", "x=[1,2,3,4]", "--arg", "k=2");
        positioned("errors.grad:12:3: index 4 is out of bounds for dimension 0 of length 4", "write",
                "--arg", "x=[1,2,3,4]", "--arg", "k=4");
        positioned("errors.grad:16:3: slice 3:5 is out of bounds for dimension 0 of length 4", "slice",
                "--arg", "x=[1,2,3,4]", "--arg", "k=3");
        positioned("errors.grad:21:3: slice -1:1 is out of bounds for dimension 0 of length 4", "sliceUpdate",
                "--arg", "x=[1,2,3,4]", "--arg", "k=-1");
        positioned("errors.grad:25:3: index 3 is out of bounds for dimension 1 of length 3", "column",
                "--arg", "m=[[1,2,3],[4,5,6]]", "--arg", "k=3");
        positioned("errors.grad:38:3: index 5 (entry 1 of the index array) is out of bounds for dimension 0 of"
                + " length 4", "gather", "--arg", "x=[1,2,3,4]", "--arg", "idx=[0,5]");
    }

    @Test
    void blockAndPartColumnUpdatesOutOfRangeArePositionedAlike() {
        String block = sameInEveryEngine("block", "--arg", "m=[[1,2,3],[4,5,6]]", "--arg", "k=2");
        assertTrue(block.startsWith("error: errors.grad:29:3: slice 2:4 is out of bounds for dimension 1 of length 3"),
                block);
        String part = sameInEveryEngine("partColumn", "--arg", "m=[[1,2,3],[4,5,6],[7,8,9]]", "--arg", "k=2");
        assertTrue(part.startsWith("error: errors.grad:34:3: slice 2:4 is out of bounds for dimension 0"), part);
    }

    @Test
    void aSliceOfTheSecondAxisNamesThatAxisInEveryEngine() {
        String m = "m=[[1,2,3],[4,5,6]]";
        positioned("errors.grad:52:3: slice 2:4 is out of bounds for dimension 1 of length 3", "rowPart",
                "--arg", m, "--arg", "k=2");
        positioned("errors.grad:55:3: slice 2:4 is out of bounds for dimension 1 of length 3", "subBlock",
                "--arg", m, "--arg", "k=2");
        positioned("errors.grad:60:3: slice -1:1 is out of bounds for dimension 1 of length 3", "columns",
                "--arg", m, "--arg", "k=-1");
    }

    @Test
    void aMatrixThatIsNotPositiveDefiniteIsPositionedAlike() {
        positioned("errors.grad:41:3: cholesky: the matrix is not positive definite: pivot 1 (row 1, counting from 0)"
                + " is -3.0 after elimination, not > 0", "chol", "--arg", "a=[[1,2],[2,1]]");
    }

    @Test
    void externFailuresArePositionedAlike() {
        // an extern without rules has no derivative: its failures are checked on the value
        assertEquals("error: errors.grad:46:10: the Java method ext.Funcs.fail threw java.lang.ArithmeticException:"
                + " no 2.0\n", sameInEveryEngine("ext", "--arg", "x=1"));
        String wrong = sameInEveryEngine("wrong", "--arg", "x=[1,2,3]");
        assertEquals("error: errors.grad:49:14: the Java method ext.Funcs.two returned an array of length 2, expected"
                + " length 3\n", wrong);
    }
}
