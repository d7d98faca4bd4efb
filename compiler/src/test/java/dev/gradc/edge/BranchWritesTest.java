package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Cond;
import dev.gradc.ops.Push;
import dev.gradc.ops.While;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import dev.gradc.testing.Recomputed;
import java.util.ArrayDeque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writes inside an {@code if} in a loop keep, per trip, the entries they overwrite, not the array: the gradient
 * pushes no whole array, its loop fits a kept-values budget of a few values per trip at M and 2M (whole arrays
 * would need M per trip, and the loop would recompute trips from snapshots), and the value writes in place (its
 * allocation does not grow with M per trip). Every engine's gradient, the tangent and the Hessian-vector product
 * against central differences.
 */
class BranchWritesTest {

    private static final String[] PROGRAMS = {
        // a write in one branch of the entry it reads first
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 1..6 { if (z[i - 1] > 0.1) { z[i] = z[i] * z[i - 1] * a + x[i]; } }
          return sum(z * z);
        }
        """,
        // each branch writes its own entry, one with +=
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 1..6 { if (x[i] * a > 0) { z[i] = z[i - 1] * z[i] * a; } else { z[i - 1] += x[i] * z[i]; } }
          return sum(z * z);
        }
        """,
        // a slice written in a branch
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 0..5 { if (sum(z[i:i+2]) > 0) { z[i:i+2] = z[i:i+2] * z[i + 1] * a; } }
          return sum(z * x);
        }
        """,
        // a write before the if, and two in it
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 1..6 { z[i - 1] = z[i - 1] * a; if (z[i] < 0.5) { z[i] = z[i] * z[i - 1]; z[i - 1] = sin(z[i]); } }
          return sum(z * z);
        }
        """,
        // an index computed in the trip, read through an int array
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x * a;
          for k in 0..4 { j = idx[k]; if (z[j] > 0) { z[j] = z[j] * z[j] * a + x[k]; } }
          return sum(z * z);
        }
        """,
    };

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void theGradientKeepsTheEntriesWrittenNotTheArray(int which) {
        Graph grad = Derivatives.gradient(Programs.compile(PROGRAMS[which]).function("f"), List.of("x", "a"));
        // the journal keeps the predicate of each trip's if: which branch's entries to write back (the whole
        // array appears only in the snapshots of the part checkpointed past the budget, set up but not run
        // within it: aLoopOfMBranchWritesFitsABudgetOfAFewValuesPerTrip)
        assertTrue(pushes(grad) > 0, "the loop keeps the predicate in its journal:\n" + PROGRAMS[which]);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void everyEnginesGradientAndTheTangentMatchCentralDifferences(int which) {
        LoopProgramChecks.gradientsAndTangentMatchCentralDifferences(PROGRAMS[which]);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void hessianVectorProductsMatchCentralDifferencesOfTheGradient(int which) {
        LoopProgramChecks.hessianVectorProductMatchesDifferencesOfTheGradient(PROGRAMS[which]);
    }

    /** The pushes of a bool anywhere in g, its regions' graphs included. */
    private static int pushes(Graph g) {
        int count = 0;
        ArrayDeque<Graph> work = new ArrayDeque<>(List.of(g));
        while (!work.isEmpty()) {
            Graph h = work.pop();
            for (Node n : h.nodes()) {
                count += n.op() instanceof Push && h.type(n.input(1)) instanceof Type.Bool ? 1 : 0;
                if (n.op() instanceof While w) {
                    work.push(w.body());
                    work.push(w.condition());
                } else if (n.op() instanceof Cond c) {
                    work.push(c.then());
                    work.push(c.otherwise());
                }
            }
        }
        return count;
    }

    private static final String SIZED = """
            @grad(x, a)
            fn f<M>(x: real[M], a: real) -> real {
              z = x;
              for i in 1..M { if (z[i - 1] > 0.5) { z[i] = z[i] * z[i - 1] * a + x[i]; } else { z[i - 1] += a; } }
              return sum(z);
            }
            """;

    private static final CompiledModule COMPILED = CompiledModule.load(Programs.compile(SIZED));

    private static double[] inputs(int m) {
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = 0.5 + 0.4 * Math.sin(i);
        }
        return x;
    }

    @Test
    void aLoopOfMBranchWritesFitsABudgetOfAFewValuesPerTrip() {
        for (int m : new int[] {2_000, 4_000}) {
            double[] x = inputs(m);
            double[] all = (double[]) COMPILED.grad("f", m, x, 0.9).parts().get("x");
            // per trip: the predicate, the entries each branch overwrote and their indices (5 values); keeping
            // the array would take M per trip, past this budget, and the loop would recompute trips
            COMPILED.setMaxKeptValues(12L * m);
            try {
                Recomputed.none(() -> assertArrayEquals(all, (double[]) COMPILED.grad("f", m, x, 0.9).parts().get("x")),
                        "at M = " + m);
            } finally {
                COMPILED.setMaxKeptValues(100_000_000L);
            }
        }
    }

    @Test
    void theValueWritesInPlaceInsideTheIf() {
        long once = allocated(20_000);
        long twice = allocated(40_000);
        // the loop's own copy of x and little else: a copy of z per trip would be M doubles per trip (3.2 GB)
        assertTrue(once < 12L * 20_000, once + " bytes at M = 20,000");
        assertTrue(twice < 2.5 * once, twice + " bytes at 2M against " + once);
    }

    @Test
    void theGradientAllocatesLinearly() {
        long once = allocated(20_000, true);
        long twice = allocated(40_000, true);
        // a few arrays of M doubles (the adjoints, the loop's copy, the journal's stacks, the buffers of the part
        // checkpointed past half the budget, set up but not run); one array per trip would be 3.2 GB here
        assertTrue(once < 200L * 20_000, once + " bytes at M = 20,000");
        assertTrue(twice < 2.6 * once, twice + " bytes at 2M against " + once);
    }

    @Test
    void theInterpreterWritesInPlaceInsideTheIfAndItsGradientAgrees() {
        dev.gradc.lower.FunctionIr f = Programs.compile(SIZED).function("f");
        Graph grad = Derivatives.gradient(f, List.of("x", "a"));
        long once = interpreted(f.graph(), 4_000);
        long twice = interpreted(f.graph(), 8_000);
        // the interpreter's own boxes and arrays per node run, a constant per trip (7.3 / 14.6 MB); a copy of z
        // per trip was 133 / 522 MB
        assertTrue(twice < 2.6 * once, twice + " bytes at 2M against " + once);
        Object[] args = {new dev.gradc.ops.NDArray(inputs(50), new int[] {50}), dev.gradc.ops.NDArray.scalar(0.9)};
        Object[] out = new dev.gradc.engine.Interpreter(new dev.gradc.ops.EvalContext(java.util.Map.of("M", 50), 0),
                1_000_000).run(grad, args);
        double[] compiled = (double[]) COMPILED.grad("f", 50, inputs(50), 0.9).parts().get("x");
        assertArrayEquals(compiled, ((dev.gradc.ops.NDArray) out[1]).data(), 1e-12);
    }

    @Test
    void theInterpretersGradientWritesInPlaceAsTheCompiledOneDoes() {
        Graph grad = Derivatives.gradient(Programs.compile(SIZED).function("f"), List.of("x", "a"));
        long once = interpreted(grad, 4_000);
        long twice = interpreted(grad, 8_000);
        // the interpreter's own boxes per node run, a constant per trip; a copy of z per trip (a write nobody
        // reads, run again for the reads of a branch; a loop copying an array it could take over) was 157 / 568 MB
        assertTrue(twice < 2.5 * once, twice + " bytes at 2M against " + once);
        Object[] args = {new dev.gradc.ops.NDArray(inputs(4_000), new int[] {4_000}), dev.gradc.ops.NDArray.scalar(0.9)};
        Object[] out = new dev.gradc.engine.Interpreter(new dev.gradc.ops.EvalContext(java.util.Map.of("M", 4_000), 0),
                1_000_000).run(grad, args);
        var compiled = COMPILED.grad("f", 4_000, inputs(4_000), 0.9).parts();
        assertArrayEquals((double[]) compiled.get("x"), ((dev.gradc.ops.NDArray) out[1]).data(), 1e-12);
        assertEquals((double) compiled.get("a"), ((dev.gradc.ops.NDArray) out[2]).item(), 1e-9);
    }

    /** The bytes this thread allocates interpreting g at M (after one run). */
    private static long interpreted(Graph g, int m) {
        Object[] args = {new dev.gradc.ops.NDArray(inputs(m), new int[] {m}), dev.gradc.ops.NDArray.scalar(0.9)};
        Runnable run = () -> new dev.gradc.engine.Interpreter(new dev.gradc.ops.EvalContext(java.util.Map.of("M", m),
                100_000_000L), 1_000_000).run(g, args);
        return Allocation.warm(run);
    }

    private static long allocated(int m) {
        return allocated(m, false);
    }

    /** The bytes this thread allocates running the value or the gradient at M (after one run to load classes). */
    private static long allocated(int m, boolean grad) {
        double[] x = inputs(m);
        return Allocation.warm(grad ? () -> COMPILED.grad("f", m, x, 0.9) : () -> COMPILED.value("f", m, x, 0.9));
    }
}
