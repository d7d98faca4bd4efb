package dev.gradc.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.Interpreter;
import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.ValueStack;
import dev.gradc.passes.Derivatives;
import dev.gradc.runtime.KeptValues;
import dev.gradc.testing.Programs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every gradient (or vector-Jacobian product) of the fuzz corpus's first {@value #CASES} cases that returns leaves
 * the stacks of its thread as it found them, compiled as well as interpreted: run by {@link EnginesAgreeFuzzTest} in a
 * JVM of its own whose generated code's stacks count what they hold ({@code -Dgradc.keptValues=true}, read once when
 * the runtime loads; {@link KeptValues#held}), where the agreement of the engines is checked as in the test JVM.
 * The interpreter's stacks always count, so {@link EnginesAgreeFuzzTest} checks them on its own 1,000 cases.
 * A gradient stopped by an exception drops its stacks unemptied (KeptCountsAgreeTest's first program at a budget of
 * 50 leaves 102 values counted so, in both engines); that is not checked here.
 */
class StacksEmptiedTest {

    private static final int CASES = 250;

    /** In the child JVM: runs cases [0, CASES) and prints each failure, then the count of them. */
    public static void main(String[] args) {
        if (!KeptValues.COUNTED) {
            throw new IllegalStateException("run with -Dgradc.keptValues=true");
        }
        List<String> failures = EnginesAgreeFuzzTest.run(0, CASES);
        System.out.println(failures.size() + " failures");
        System.exit(0);
    }

    /**
     * A loop in a loop over an array: each outer trip keeps its inner loop's stacks (passes.CheckpointInner), and
     * the count of what it keeps (kept_units) read the inner loop's stack of counter snapshots, which nothing keeps
     * or pops since the adjoint steps the counter back; so the count kept that stack alive, filled with 3 values
     * per outer trip and dropped: 6 values left per call here, in both engines, as in 19 of the first 250 fuzz
     * cases. A count now reads only what something else keeps (passes.DeadNodes).
     */
    @Test
    void aCountOfKeptValuesKeepsNoStackAlive() {
        ModuleIr m = Programs.compile("""
            @grad
            fn f(v: real[3]) -> real {
              for t in 0..2 {
                for i in 0..3 { v = v * 0.5 + tanh(v); }
              }
              return sum(v);
            }
            """);
        FunctionIr f = m.function("f");
        Graph grad = Derivatives.gradient(f, f.realParams());
        long before = ValueStack.heldNow();
        Object[] out = new Interpreter(new EvalContext(Map.of(), Long.MAX_VALUE), 1_000_000).run(grad,
                new Object[] {new NDArray(new double[] {0.4, -0.3, 0.6}, new int[] {3})});
        assertEquals(before, ValueStack.heldNow(), "values left on the interpreter's stacks");
        // d/dv of the 6 steps v -> 0.5 v + tanh(v), entry by entry, by hand
        double[] v = {0.4, -0.3, 0.6};
        double[] dv = {1, 1, 1};
        for (int s = 0; s < 6; s++) {
            for (int i = 0; i < 3; i++) {
                double t = Math.tanh(v[i]);
                dv[i] *= 0.5 + 1 - t * t;
                v[i] = 0.5 * v[i] + t;
            }
        }
        assertArrayEquals(dv, ((NDArray) out[1]).data(), 1e-12);
        String java = dev.gradc.emit.JavaEmitter.emit(m).source();
        assertTrue(java.contains("KeptBudget.units("), "the outer loop keeps its inner loop's stacks: " + java);
    }

    @Test
    void everyCallThatReturnsLeavesItsStacksEmptyInEveryEngine() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dgradc.keptValues=true", "-Xmx1g", "-cp",
                System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                StacksEmptiedTest.class.getName()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        assertTrue(out.strip().endsWith("\n0 failures"), out);
    }
}
