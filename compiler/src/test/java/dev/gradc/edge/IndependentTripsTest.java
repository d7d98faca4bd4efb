package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.While;
import dev.gradc.passes.Derivatives;
import dev.gradc.passes.GradientPass;
import dev.gradc.runtime.IterationLimitException;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A loop whose trips are independent but for sums runs each trip's adjoint right after the trip (passes
 * IndependentTrips): one loop, no stack, the trips' adjoints per unit of the sum's adjoint scaled once after it.
 * Where a trip reads a sum, or writes an array that varies, the loop keeps its adjoint loop. Either way every
 * engine's value and gradient agree and match central differences, at 0, 1, 2 and more trips, and the gradient is
 * the store-everything reversal's to rounding.
 */
class IndependentTripsTest {

    /** Programs whose loop over i runs its trips' adjoints inside it. */
    private static final String[] FUSED = {
        // least squares: an inner Horner loop per trip, a sum of squares, a linear use after the loop
        """
        @grad(x, y)
        fn f(x: real[16], y: real, n: int) -> real {
          s = 0;
          for i in 0..n {
            p = 0;
            for j in 0..4 { p = p * x[i] + x[11 - j]; }
            r = y - p;
            s = s + r * r;
          }
          return 0.5 * s;
        }
        """,
        // a non-linear use of the sum after the loop, a sum that starts at a varied value and subtracts
        """
        @grad(x, y)
        fn f(x: real[16], y: real, n: int) -> real {
          s = y * y;
          for i in 0..n {
            p = 0;
            for j in 0..3 { p = p * x[i] + x[12 + j] * y; }
            s = s - sin(p) * x[15];
          }
          return s * s + exp(0.5 * s);
        }
        """,
        // an inner loop and a cond in the body, a counter that does not start at 0
        """
        @grad(x, y)
        fn f(x: real[16], y: real, n: int) -> real {
          s = 0;
          for i in 2..n + 2 {
            p = 0;
            for j in 0..3 { p = p * x[i] + x[12 + j]; }
            if (p > 0.5) { q = sin(p) * y; } else { q = p * p - y; }
            s = s + q;
          }
          return exp(s);
        }
        """,
    };

    /** Programs with such a loop inside an outer loop's trip and inside a branch. */
    private static final String[] INSIDE = {
        """
        @grad(x, y)
        fn f(x: real[16], y: real, n: int) -> real {
          total = 0;
          for k in 0..2 {
            s = 0;
            for i in 0..n {
              p = 0;
              for j in 0..3 { p = p * x[i] + x[12 + j + k]; }
              s = s + (y - p) * (y - p);
            }
            total = total * y + sqrt(s + 1);
          }
          return total;
        }
        """,
        """
        @grad(x, y)
        fn f(x: real[16], y: real, n: int) -> real {
          s = 0;
          if (y > 0) {
            for i in 0..n {
              p = 0;
              for j in 0..3 { p = p * x[i] + x[12 + j]; }
              s = s + p * p;
            }
          }
          return s * y;
        }
        """,
    };

    /** Programs whose loop keeps its adjoint loop: its trips are not independent. */
    private static final String[] KEPT = {
        // the sum read inside the body
        """
        @grad(x, y)
        fn f(x: real[16], y: real, n: int) -> real {
          s = 0;
          for i in 0..n {
            p = 0;
            for j in 0..4 { p = p * x[i] + x[11 - j]; }
            r = y - p + 0.1 * s;
            s = s + r * r;
          }
          return 0.5 * s;
        }
        """,
        // the sum's new value read inside the body
        """
        @grad(x, y)
        fn f(x: real[16], y: real, n: int) -> real {
          s = 0;
          u = 0;
          for i in 0..n {
            p = 0;
            for j in 0..4 { p = p * x[i] + x[11 - j]; }
            s = s + p * p;
            u = u + s * y;
          }
          return u + s;
        }
        """,
        // an array the loop writes, which varies
        """
        @grad(x, y)
        fn f(x: real[16], y: real, n: int) -> real {
          v = x * y;
          s = 0;
          for i in 0..n {
            p = 0;
            for j in 0..4 { p = p * v[i] + x[11 - j]; }
            v[i + 1] = p;
            s = s + p * p;
          }
          return s;
        }
        """,
        // two sums (a body with an inner loop sweeps its adjoint for one sum only)
        """
        @grad(x, y)
        fn f(x: real[16], y: real, n: int) -> real {
          s = 0;
          t = 0;
          for i in 0..n {
            p = 0;
            for j in 0..4 { p = p * x[i] + x[11 - j]; }
            s = s + p * p;
            t = t + sin(p) * y;
          }
          return s * t;
        }
        """,
    };

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void theTripsAdjointsRunInsideTheLoop(int which) {
        assertEquals(1, outerLoops(FUSED[which]), "one loop over i:\n" + FUSED[which]);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void aLoopWhoseTripsDependOnEachOtherKeepsItsAdjointLoop(int which) {
        assertTrue(outerLoops(KEPT[which]) >= 2, "a forward and an adjoint loop over i:\n" + KEPT[which]);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 5})
    void everyEngineMatchesCentralDifferencesFused(int n) {
        for (String text : FUSED) {
            Engines.sameValueAndCentralDifferences(text, Engines.X16, 0.7, n);
            sameAsTheStoreEverythingReversal(text, n);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 5})
    void everyEngineMatchesCentralDifferencesInsideALoopOrABranch(int n) {
        for (String text : INSIDE) {
            Engines.sameValueAndCentralDifferences(text, Engines.X16, 0.7, n);
            sameAsTheStoreEverythingReversal(text, n);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 5})
    void everyEngineMatchesCentralDifferencesKept(int n) {
        for (String text : KEPT) {
            Engines.sameValueAndCentralDifferences(text, Engines.X16, 0.7, n);
        }
    }

    /** The kept-values budget does not change the fused loop: it keeps nothing, at a budget of 0, 1 or more. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1})
    void anyBudgetGivesTheSameGradient(int which) {
        Engines.sameGradientAtBudgets(FUSED[which], Engines.X16, 0.7, 5, 0, 1);
    }

    /** A loop past the iteration limit stops the gradient as it stops the value, naming the same loop. */
    @ParameterizedTest
    @ValueSource(ints = {0, 2})
    void theIterationLimitStopsTheFusedLoop(int which) {
        CompiledModule c = CompiledModule.load(Programs.compile(FUSED[which]));
        c.setMaxIterations(4); // the inner loops' 3 or 4 trips fit, the loop over i's 5 do not
        IterationLimitException value = assertThrows(IterationLimitException.class,
                () -> c.value("f", Engines.X16.clone(), 0.7, 5));
        IterationLimitException grad = assertThrows(IterationLimitException.class,
                () -> c.grad("f", Engines.X16.clone(), 0.7, 5));
        assertEquals(value.where(), grad.where());
        c.grad("f", Engines.X16.clone(), 0.7, 4); // four trips fit
    }

    /** The interpreter's gradient graph against the store-everything reversal's (an adjoint loop), to rounding. */
    private static void sameAsTheStoreEverythingReversal(String text, int n) {
        FunctionIr f = Programs.compile(text).function("f");
        Object[] fused = interpret(Derivatives.gradient(f, List.of("x", "y")), n);
        Object[] kept = interpret(Derivatives.gradient(f, List.of("x", "y"), GradientPass.Loops.REVERSE_KEEP_ALL), n);
        for (int r = 0; r < fused.length; r++) {
            double[] want = ((NDArray) kept[r]).data();
            double[] got = ((NDArray) fused[r]).data();
            for (int q = 0; q < want.length; q++) {
                assertEquals(want[q], got[q], 1e-13 * (1 + Math.abs(want[q])), "result " + r + "[" + q + "], n = " + n);
            }
        }
    }

    private static Object[] interpret(Graph g, int n) {
        return new Interpreter(new EvalContext(Map.of()), 1_000).run(g,
                new Object[] {new NDArray(Engines.X16.clone(), new int[] {16}), NDArray.scalar(0.7), n});
    }

    /** The loops at the top of f's gradient graph. */
    private static int outerLoops(String text) {
        Graph grad = Derivatives.gradient(Programs.compile(text).function("f"), List.of("x", "y"));
        int loops = 0;
        for (Node node : grad.nodes()) {
            loops += node.op() instanceof While ? 1 : 0;
        }
        return loops;
    }
}
