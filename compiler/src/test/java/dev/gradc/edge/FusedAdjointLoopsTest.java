package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.While;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An adjoint loop runs inside the forward loop it reverses (passes.FusedAdjointLoops) only where that gives the
 * same results: the forward loop keeps nothing, every adjoint it carries passes through unchanged from a start
 * known before the loop, and each trip adds into the entry at its counter only. A carried adjoint that changes
 * (a product, the adjoint of an invariant summed over the trips), a seed that depends on the loop's result
 * ({@code log(s)} after it), trips adding into the same entry and an early-exit {@code while} keep two loops.
 * Every engine's gradient matches central differences either way, and the fused compiled gradient is the
 * unfused one's arithmetic bit for bit.
 */
class FusedAdjointLoopsTest {

    /** Programs whose adjoint loop runs inside the forward loop. */
    private static final String[] FUSED = {
        // the squares, the seed scaled by an input after the loop
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          s = 0;
          for j in 0..6 { s = s + x[j] * x[j]; }
          return s * a;
        }
        """,
        // a nonlinear term, from entry 1
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          s = 0;
          for j in 1..6 { s = s + sin(x[j]) * x[j] - x[j] / 3; }
          return s + a * x[idx[0]];
        }
        """,
    };

    /** Programs that keep the adjoint loop after the forward loop: fusing would not be exact. */
    private static final String[] KEPT = {
        // a carried adjoint that changes from trip to trip
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          s = 1;
          for j in 0..6 { s = s * x[j]; }
          return s * a;
        }
        """,
        // the seed depends on the loop's result
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          s = 0;
          for j in 0..6 { s = s + x[j] * x[j]; }
          return log(s) * a;
        }
        """,
        // two trips add into the same entry
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          s = 0;
          for j in 0..5 { s = s + x[j] * x[j + 1]; }
          return s * a;
        }
        """,
        // an early-exit while
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          s = 0;
          j = 0;
          while (s < 1) { s = s + x[j] * x[j]; j = j + 1; }
          return s * a;
        }
        """,
        // the adjoint of an invariant summed over the trips (the sum's order would change)
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          s = 0;
          for j in 0..6 { s = s + x[j] * x[j] * a; }
          return s;
        }
        """,
    };

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void theAdjointLoopRunsInsideTheForwardLoop(int which) {
        Graph grad = Derivatives.gradient(Programs.compile(FUSED[which]).function("f"), List.of("x", "a"));
        assertEquals(1, loops(grad), "one loop in\n" + grad);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void theAdjointLoopStaysWhereFusingIsNotExact(int which) {
        Graph grad = Derivatives.gradient(Programs.compile(KEPT[which]).function("f"), List.of("x", "a"));
        assertTrue(loops(grad) >= 2, "a forward and an adjoint loop in\n" + grad);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void everyEnginesGradientMatchesCentralDifferencesFused(int which) {
        LoopProgramChecks.gradientsAndTangentMatchCentralDifferences(FUSED[which]);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void everyEnginesGradientMatchesCentralDifferencesKept(int which) {
        LoopProgramChecks.gradientsAndTangentMatchCentralDifferences(KEPT[which]);
    }

    private static final String SIZED = """
            @grad(x)
            fn f<M>(x: real[M]) -> real {
              s = 0;
              for j in 0..M { s = s + x[j] * x[j]; }
              return s;
            }
            """;

    /**
     * The compiled gradient is one loop that stores each entry of xBar, and gives the unfused gradient's numbers bit
     * for bit (s summed in order from 0; each xBar[j] = 0 + 1 (x[j] + x[j]), -0 entries included), as the
     * interpreter does, at sizes from no trip to many.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 7, 1000})
    void theFusedGradientIsTheTwoLoopsArithmeticBitForBit(int m) {
        CompiledModule compiled = CompiledModule.load(Programs.compile(SIZED));
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = i % 3 == 0 ? -0.0 : 0.5 + 0.4 * Math.sin(i);
        }
        double s = 0.0;
        double[] xBar = new double[m];
        for (int j = 0; j < m; j++) {
            s = s + x[j] * x[j];
        }
        for (int j = m - 1; j >= 0; j--) {
            xBar[j] += 1.0 * (x[j] + x[j]);
        }
        CompiledModule.Result r = compiled.grad("f", m, x);
        assertEquals(Double.doubleToRawLongBits(s), Double.doubleToRawLongBits((double) r.value()), "value at " + m);
        assertArrayEquals(bits(xBar), bits((double[]) r.parts().get("x")), "xBar at M = " + m);
        Graph grad = Derivatives.gradient(Programs.compile(SIZED).function("f"), List.of("x"));
        Object[] out = new Interpreter(new EvalContext(Map.of("M", m)), 1_000_000)
                .run(grad, new Object[] {new NDArray(x.clone(), new int[] {m})});
        assertArrayEquals(bits(xBar), bits(((NDArray) out[1]).data()), "interpreter's xBar at M = " + m);
        String java = compiled.emitted().source();
        String method = java.substring(java.indexOf("fGrad(int M"));
        method = method.substring(0, method.indexOf("\n    }\n"));
        assertEquals(1, method.split("while \\(", -1).length - 1, "one loop:\n" + method);
        assertTrue(method.contains("xBar[j] = "), "a store (j in range: no check):\n" + method);
        assertFalse(method.contains("+= "), "no add into xBar:\n" + method);
    }

    private static long[] bits(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToRawLongBits(v[i]);
        }
        return b;
    }

    private static int loops(Graph g) {
        int n = 0;
        for (Node node : g.nodes()) {
            n += node.op() instanceof While ? 1 : 0;
        }
        return n;
    }
}
