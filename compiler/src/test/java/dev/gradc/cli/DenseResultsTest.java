package dev.gradc.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dense Jacobians and Hessians too large for the heap fail at once, with their sizes, not with an OutOfMemoryError. */
class DenseResultsTest {

    @TempDir
    Path dir;

    private static String ones(int n) {
        String[] a = new String[n];
        Arrays.fill(a, "1");
        return "[" + String.join(",", a) + "]";
    }

    @Test
    void aHessianLargerThanTheHeapIsRefusedUpFront() {
        long heap = Runtime.getRuntime().maxMemory();
        int n = (int) Math.min(1_000_000, Math.sqrt(heap / 8.0) + 1000);
        String f = Cli.write(dir, "h.grad", "fn f<N>(x: real[N]) -> real { return sum(x * x); }\n");
        long start = System.nanoTime();
        Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "x=" + ones(n), "--hessian");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().startsWith("error: out of memory: the Hessian would have " + n + " x " + n + " entries ("),
                r::toString);
        assertTrue(r.err().contains("try a larger heap, e.g. JAVA_TOOL_OPTIONS=-Xmx16g"), r::toString);
        assertTrue(System.nanoTime() - start < 60e9, "refused before computing anything");
    }

    @Test
    void aJacobianLargerThanTheHeapIsRefusedUpFront() {
        long heap = Runtime.getRuntime().maxMemory();
        int n = (int) Math.min(1_000_000, Math.sqrt(heap / 8.0) + 1000);
        String f = Cli.write(dir, "j.grad", "fn f<N>(x: real[N]) -> real[N] { return 2 * x; }\n");
        Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "x=" + ones(n), "--jacobian", "--engine", "tape");
        assertEquals(1, r.code(), r::toString);
        assertTrue(r.err().startsWith("error: out of memory: the Jacobian would have " + n + " x " + n + " entries"),
                r::toString);
    }

    @Test
    void aSmallHessianIsStillComputed() {
        String f = Cli.write(dir, "h.grad", "fn f<N>(x: real[N]) -> real { return sum(x * x * x); }\n");
        Cli.Result r = Cli.run("run", f, "--fn", "f", "--arg", "x=[1,2]", "--hessian", "--json");
        assertEquals(0, r.code(), r::toString);
        assertTrue(r.out().contains("\"hessian\": [[6.0, 0.0], [0.0, 12.0]]"), r::toString);
    }
}
