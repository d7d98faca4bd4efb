package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import dev.gradc.testing.Recomputed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Writes inside an inner loop keep, per outer trip, the entries they overwrite, not the array: the outer loop's
 * gradient fits a kept-values budget of a few values per trip at M and 2M (the whole array would need M per
 * outer trip, and the loop would recompute trips from snapshots), and the value writes in place in the inner
 * loop (no copy of the array per outer trip), and so does the gradient: its allocation grows linearly in M for
 * each shape of program here. Every engine's gradient, the tangent and the Hessian-vector product against
 * central differences.
 */
class InnerLoopWritesTest {

    private static final String[] PROGRAMS = {
        // an inner loop writing a few entries ahead of the outer counter
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 0..4 { for k in 0..3 { z[i + k] = z[i + k] * a + x[i] * z[k]; } }
          return sum(z * z);
        }
        """,
        // an inner while whose trips depend on the outer counter, writing in an if
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 1..6 { j = 0; while (j < i) { if (z[j] > 0) { z[j] = z[j] * a + x[i]; } j = j + 1; } }
          return sum(z * z);
        }
        """,
        // += through a gathered index, and a write after the inner loop
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x * a;
          for i in 0..4 { for k in 0..2 { z[idx[i]] += x[k] * z[i + k]; } z[i] = sin(z[i + 1]); }
          return sum(z * z);
        }
        """,
        // two levels of inner loops
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 0..3 { for k in 0..2 { for l in 0..2 { z[i + k + l] = z[i + k + l] * z[k] * a + x[l]; } } }
          return sum(z * z);
        }
        """,
    };

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void everyEnginesGradientAndTheTangentMatchCentralDifferences(int which) {
        LoopProgramChecks.gradientsAndTangentMatchCentralDifferences(PROGRAMS[which]);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void hessianVectorProductsMatchCentralDifferencesOfTheGradient(int which) {
        LoopProgramChecks.hessianVectorProductMatchesDifferencesOfTheGradient(PROGRAMS[which]);
    }

    private static final String SIZED = """
            @grad(x, a)
            fn f<M>(x: real[M], a: real) -> real {
              z = x;
              for i in 0..M-2 { for k in 0..3 { z[i + k] = z[i + k] * z[i] * a + x[k]; } }
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
    void aLoopOfMInnerLoopsOfThreeWritesFitsABudgetOfAFewValuesPerTrip() {
        for (int m : new int[] {2_000, 4_000}) {
            double[] x = inputs(m);
            double[] all = (double[]) COMPILED.grad("f", m, x, 0.9).parts().get("x");
            // per outer trip: the inner trip count, and per inner trip the entry overwritten and its index (7
            // values, 8 as the budget counts them), journaled within half the budget; keeping the array would
            // take M per outer trip, past this budget, and the loop would recompute trips
            COMPILED.setMaxKeptValues(24L * m);
            try {
                Recomputed.none(() -> assertArrayEquals(all, (double[]) COMPILED.grad("f", m, x, 0.9).parts().get("x")),
                        "at M = " + m);
            } finally {
                COMPILED.setMaxKeptValues(100_000_000L);
            }
        }
    }

    @Test
    void theValueWritesInPlaceInsideTheInnerLoop() {
        long once = allocated(20_000);
        long twice = allocated(40_000);
        // the loop's own copy of x and little else: a copy of z per trip would be M doubles per trip (3.2 GB)
        assertTrue(once < 12L * 20_000, once + " bytes at M = 20,000");
        assertTrue(twice < 2.5 * once, twice + " bytes at 2M against " + once);
    }

    /** The four shapes of {@link #PROGRAMS} at size M, their writes a few entries ahead of the outer counter. */
    private static final String[] SIZED_SHAPES = {
        SIZED,
        """
        @grad(x, a)
        fn f<M>(x: real[M], a: real) -> real {
          z = x;
          for i in 3..M { j = i - 3; while (j < i) { if (z[j] > 0) { z[j] = z[j] * a + x[i]; } j = j + 1; } }
          return sum(z);
        }
        """,
        """
        @grad(x, a)
        fn f<M>(x: real[M], a: real, idx: int[M]) -> real {
          z = x * a;
          for i in 0..M-2 { for k in 0..2 { z[idx[i]] += x[k] * z[i + k]; } z[i] = sin(z[i + 1]); }
          return sum(z);
        }
        """,
        """
        @grad(x, a)
        fn f<M>(x: real[M], a: real) -> real {
          z = x;
          for i in 0..M-3 { for k in 0..2 { for l in 0..2 { z[i + k + l] = z[i + k + l] * z[k] * a + x[l]; } } }
          return sum(z);
        }
        """,
    };

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void theGradientCopiesNoArrayPerOuterTrip(int which) {
        CompiledModule module = CompiledModule.load(Programs.compile(SIZED_SHAPES[which]));
        // the journal budgets an inner while at M trips per outer trip: a budget that journals every outer trip
        module.setMaxKeptValues(1_000_000_000L);
        long once = gradientAllocated(module, which, 5_000);
        long twice = gradientAllocated(module, which, 10_000);
        // per outer trip, the journal of the entries written and the inner loops' own stacks, frames and buffers
        // (objects of a few words, and the stacks' first growth: 90 to 260 doubles' worth), never the array: one
        // copy of z per outer trip alone would be M doubles per element (0.2 GB at M = 5,000)
        assertTrue(twice < 2.5 * once, twice + " bytes at 2M against " + once);
        assertTrue(once < 400L * 8 * 5_000, once + " bytes at M = 5,000");
    }

    @Test
    void theAdjointReusesTheStacksOfItsInnerLoopsFromTripToTrip() {
        CompiledModule module = CompiledModule.load(Programs.compile(SIZED));
        module.setMaxKeptValues(1_000_000_000L);
        long once = gradientAllocated(module, 0, 5_000);
        long twice = gradientAllocated(module, 0, 10_000);
        // per outer trip, the adjoint reruns the inner loop with a journal of its own and a checkpointing stack
        // of its states: five stacks, empty again at the end of the trip. Made afresh per trip they came to 87
        // doubles' worth (3.47 MB at M = 5,000); made once and emptied per trip, 29 (1.15 MB): the sweep's slots,
        // frames and the journal's entries remain
        assertTrue(once < 40L * 8 * 5_000, once + " bytes at M = 5,000");
        assertTrue(twice < 2.5 * once, twice + " bytes at 2M against " + once);
    }

    @Test
    void theInterpretersGradientAllocatesLinearlyAndAgreesWithTheCompiledOne() {
        dev.gradc.ir.Graph grad = dev.gradc.passes.Derivatives.gradient(Programs.compile(SIZED).function("f"),
                java.util.List.of("x", "a"));
        long once = interpreted(grad, 2_000);
        long twice = interpreted(grad, 4_000);
        // the interpreter's boxes per node run, a constant per trip (49 / 96 MB); an inner loop copying z on
        // entry per outer trip, because a loop that keeps states (and runs no trip) pushed it, was 83 / 229 MB
        assertTrue(twice < 2.5 * once, twice + " bytes at 2M against " + once);
        assertTrue(once < 70_000_000L, once + " bytes at M = 2,000");
        for (int m : new int[] {6, 9}) { // z grows doubly exponentially with M: small sizes keep it finite
            Object[] out = interpret(grad, m);
            var compiled = COMPILED.grad("f", m, inputs(m), 0.9).parts();
            double[] want = (double[]) compiled.get("x");
            double[] got = ((dev.gradc.ops.NDArray) out[1]).data();
            for (int i = 0; i < m; i++) {
                assertEquals(want[i], got[i], 1e-12 * Math.abs(want[i]), "d/dx[" + i + "] at M = " + m);
            }
            double da = (double) compiled.get("a");
            assertEquals(da, ((dev.gradc.ops.NDArray) out[2]).item(), 1e-12 * Math.abs(da), "d/da at M = " + m);
        }
    }

    private static Object[] interpret(dev.gradc.ir.Graph g, int m) {
        Object[] args = {new dev.gradc.ops.NDArray(inputs(m), new int[] {m}), dev.gradc.ops.NDArray.scalar(0.9)};
        return new dev.gradc.engine.Interpreter(new dev.gradc.ops.EvalContext(java.util.Map.of("M", m)), 100_000_000)
                .run(g, args);
    }

    /** The bytes this thread allocates interpreting gradient g at M (after one run). */
    private static long interpreted(dev.gradc.ir.Graph g, int m) {
        return dev.gradc.testing.Allocation.warm(() -> interpret(g, m));
    }

    /** The bytes this thread allocates running the gradient at M (after one run to load classes). */
    private static long gradientAllocated(CompiledModule module, int which, int m) {
        Object[] args = sizedArguments(which, m);
        return dev.gradc.testing.Allocation.warm(() -> module.grad("f", args));
    }

    /** The size M, then the arguments of {@code SIZED_SHAPES[which]}: x, a, and the gathered indices if it has them. */
    private static Object[] sizedArguments(int which, int m) {
        if (which != 2) {
            return new Object[] {m, inputs(m), 0.9};
        }
        int[] idx = new int[m];
        for (int i = 0; i < m; i++) {
            idx[i] = (7 * i + 3) % m;
        }
        return new Object[] {m, inputs(m), 0.9, idx};
    }

    /** The bytes this thread allocates running the value at M (after one run to load classes). */
    private static long allocated(int m) {
        double[] x = inputs(m);
        return Allocation.warm(() -> COMPILED.value("f", m, x, 0.9));
    }
}
