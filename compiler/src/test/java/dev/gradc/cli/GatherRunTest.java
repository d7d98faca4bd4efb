package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Int array arguments on the command line, gathers by them, in every engine; bad int arrays refused. */
class GatherRunTest {

    @TempDir
    Path dir;

    /** Rows of P picked by idx (row 1 twice), weighted: Σ_k w_k · Σ_j P[idx_k, j]². */
    private static final String PROGRAM = """
            fn f<K>(P: real[3, 2], idx: int[K], w: real[K]) -> real {
              rows = P[idx];
              return sum(sum(rows * rows, 1) * w);
            }
            """;

    @ParameterizedTest
    @ValueSource(strings = {"compiled", "tape", "interpreter"})
    void intArrayArgumentsGatherRowsWithTheAnalyticGradient(String engine) {
        String f = Cli.write(dir, "gather.grad", PROGRAM);
        Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "P=[[1,2],[3,4],[5,6]]", "--arg", "idx=[1,0,1]",
                "--arg", "w=[1,2,3]", "--grad", "--json", "--engine", engine);
        // rows 1, 0, 1: 25·1 + 5·2 + 25·3 = 110; ∂P[1] = 2·P[1]·(1+3) = [24, 32], ∂P[0] = 2·P[0]·2 = [4, 8];
        // ∂w = the rows' squared norms [25, 5, 25]
        assertEquals("{\"value\": 110.0, \"gradient\": {\"P\": [[4.0, 8.0], [24.0, 32.0], [0.0, 0.0]],"
                + " \"w\": [25.0, 5.0, 25.0]}}",
                r.out().strip(), r.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"compiled", "tape", "interpreter"})
    void anIntArrayResultIsPrintedAsInts(String engine) {
        String f = Cli.write(dir, "ints.grad", "fn f<K>(n: int[2, K], k: int) -> int[2, K] {\n"
                + "  return n * 2 + k + range(K);\n}\n");
        Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "n=[[1,2,0],[3,4,0]]", "--arg", "k=4", "--json",
                "--engine", engine);
        assertEquals("{\"value\": [[6, 9, 6], [10, 13, 6]]}", r.out().strip(), r.toString());
    }

    @Test
    void anIntArrayArgumentWithAFractionIsRefusedNamingTheEntry() {
        String f = Cli.write(dir, "gather.grad", PROGRAM);
        Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "P=[[1,2],[3,4],[5,6]]", "--arg", "idx=[1,0.5]",
                "--arg", "w=[1,2]");
        assertEquals(1, r.code(), r.toString());
        assertTrue(r.err().contains("idx") && r.err().contains("entry 1 is 0.5"), r.toString());
    }

    @Test
    void anOutOfRangeIndexStopsTheRunWithItsPosition() {
        String f = Cli.write(dir, "gather.grad", PROGRAM);
        Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "P=[[1,2],[3,4],[5,6]]", "--arg", "idx=[1,3]",
                "--arg", "w=[1,2]");
        assertTrue(r.code() != 0 && r.err().contains("gather.grad:2:") && r.err().contains("index 3 (entry 1"),
                r.toString());
    }
}
