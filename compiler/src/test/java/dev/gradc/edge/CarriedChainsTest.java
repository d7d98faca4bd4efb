package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.ops.While;
import dev.gradc.ir.GraphBuilder;
import dev.gradc.ir.Op;
import dev.gradc.ops.Param;
import dev.gradc.passes.CarriedChains;
import dev.gradc.passes.Derivatives;
import dev.gradc.passes.GradientPass;
import dev.gradc.testing.Programs;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An adjoint loop whose trip adds into the entry of an accumulator that the next trip reads (the recurrence's
 * {@code zBar[i-1] += a * zBar[i]}) carries that add in a scalar (passes.CarriedChains) only where the entry is
 * touched by nothing else: another read of the array in the trip, a step of 2 between the entry read and the one
 * added into, and an add at an entry no later trip reads keep the chain through the array, and so does a loop
 * that is not counted (an adjoint loop always is: it counts the forward trips down, an early-exit while's too). Every engine's gradient matches central differences either way, and the compiled and
 * interpreted gradients are the untransformed arithmetic bit for bit, from no trip to many.
 */
class CarriedChainsTest {

    /** Programs whose adjoint loop carries the chain in a scalar. */
    private static final String[] CARRIED = {
        // the recurrence in place
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 1..6 { z[i] = z[i-1] * a + x[i]; }
          return sum(z);
        }
        """,
        // nonlinear, into a fresh array, the result read at one entry too
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          y = x * 0.5;
          for i in 1..6 { y[i] = sin(y[i-1]) * a + x[i] * x[i]; }
          return sum(y) + y[idx[0]] * a;
        }
        """,
        // written one ahead of the entry read: z[i+1] from z[i]
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 0..5 { z[i+1] = z[i] * a + x[i]; }
          return sum(z * z);
        }
        """,
        // an early-exit while: its adjoint loop counts its trips down, so it is counted
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          i = 1;
          while (2 * i < 12) { z[i] = z[i-1] * a + x[i]; i = i + 1; }
          return sum(z);
        }
        """,
    };

    /** Programs whose adjoint keeps the chain through the array: carrying it would not be exact. */
    private static final String[] KEPT = {
        // another read of the array in the trip (the old z[i])
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 1..6 { z[i] = z[i-1] * a + z[i] * x[i]; }
          return sum(z);
        }
        """,
        // a step of 2 between the entry read and the one written
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 2..6 { z[i] = z[i-2] * a + x[i]; }
          return sum(z);
        }
        """,
        // reads z[i+1]: the adjoint adds at i+1, which no later (reversed) trip reads
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 0..5 { z[i] = z[i+1] * a + x[i]; }
          return sum(z);
        }
        """,
    };

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void theChainIsCarriedInAScalar(int which) {
        Graph grad = Derivatives.gradient(Programs.compile(CARRIED[which]).function("f"), List.of("x", "a"));
        assertEquals(1, carried(grad), "one carried chain in\n" + grad);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void theChainStaysInTheArrayWhereCarryingIsNotExact(int which) {
        Graph grad = Derivatives.gradient(Programs.compile(KEPT[which]).function("f"), List.of("x", "a"));
        assertEquals(0, carried(grad), "no carried chain in\n" + grad);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3})
    void everyEnginesGradientMatchesCentralDifferencesCarried(int which) {
        LoopProgramChecks.gradientsAndTangentMatchCentralDifferences(CARRIED[which]);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void everyEnginesGradientMatchesCentralDifferencesKept(int which) {
        LoopProgramChecks.gradientsAndTangentMatchCentralDifferences(KEPT[which]);
    }

    /** The same adjoint loop, its trip count not known before it starts, keeps its chain in the array. */
    @Test
    void anUncountedLoopKeepsTheChain() {
        Graph grad = GradientPass.gradient(Programs.compile(CARRIED[0]).function("f"), List.of("x", "a"), false);
        assertNotSame(grad, CarriedChains.apply(grad), "the counted adjoint loop is rewritten");
        Graph uncounted = uncounted(grad);
        assertSame(uncounted, CarriedChains.apply(uncounted), "the uncounted one is not");
    }

    /** g with its loops' trip count facts dropped. */
    private static Graph uncounted(Graph g) {
        GraphBuilder b = new GraphBuilder();
        for (Node n : g.nodes()) {
            if (n.op() instanceof Param) {
                b.addParam(n.op(), n.type(), n.span(), n.label());
            } else {
                Op op = n.op() instanceof While w ? new While(w.condition(), w.body(), w.carried(), w.where(),
                        w.checkpoint(), null) : n.op();
                b.add(op, n.type(), n.inputs(), n.span(), n.label());
            }
        }
        return b.build(g.results());
    }

    private static final String SIZED = """
            @grad(x, a)
            fn f<M>(x: real[M], a: real) -> real {
              z = x;
              for i in 1..M { z[i] = z[i-1] * a + x[i]; }
              return sum(z);
            }
            """;

    /**
     * The compiled gradient carries zBar's chain in a scalar and gives the untransformed adjoint loop's numbers bit
     * for bit (each zBar[i] read after the add from the trip before, -0 entries included), as the interpreter
     * does, at sizes from no trip to many.
     */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 7, 1000})
    void theCarriedGradientIsTheChainThroughTheArrayBitForBit(int m) {
        CompiledModule compiled = CompiledModule.load(Programs.compile(SIZED));
        Graph grad = Derivatives.gradient(Programs.compile(SIZED).function("f"), List.of("x", "a"));
        for (double a : new double[] {0.9, -0.0, -1.1}) {
            double[] x = new double[m];
            for (int i = 0; i < m; i++) {
                x[i] = i % 3 == 0 ? -0.0 : 0.5 + 0.4 * Math.sin(i);
            }
            double[] want = throughTheArray(x, a);
            CompiledModule.Result r = compiled.grad("f", m, x, a);
            assertArrayEquals(bits(Arrays.copyOf(want, m)), bits((double[]) r.parts().get("x")), "xBar at M = " + m);
            assertEquals(Double.doubleToRawLongBits(want[m]), Double.doubleToRawLongBits((double) r.parts().get("a")),
                    "aBar at M = " + m);
            Object[] out = new Interpreter(new EvalContext(Map.of("M", m)), 1_000_000)
                    .run(grad, new Object[] {new NDArray(x.clone(), new int[] {m}), NDArray.scalar(a)});
            assertArrayEquals(bits(Arrays.copyOf(want, m)), bits(((NDArray) out[1]).data()),
                    "interpreter's xBar at M = " + m);
            assertEquals(Double.doubleToRawLongBits(want[m]), Double.doubleToRawLongBits(((NDArray) out[2]).item()),
                    "interpreter's aBar at M = " + m);
        }
        String java = compiled.emitted().source();
        String method = java.substring(java.indexOf("fGrad(int M"));
        method = method.substring(0, method.indexOf("\n    }\n"));
        assertTrue(method.contains("zBarCarry = -0.0;"), "a carried scalar:\n" + method);
        assertFalse(method.contains("zBar[Checks.index(i2 - 1"), "no add into zBar in the trip:\n" + method);
    }

    /** The untransformed reversal: zBar from the ones of sum's adjoint, its chain through the array. */
    private static double[] throughTheArray(double[] x, double a) {
        int m = x.length;
        double[] z = x.clone();
        for (int i = 1; i < m; i++) {
            z[i] = z[i - 1] * a + x[i];
        }
        double[] zBar = new double[m];
        Arrays.fill(zBar, 1.0);
        double[] xBar = new double[m];
        double aBar = 0.0;
        for (int i = m - 1; i >= 1; i--) {
            double v = zBar[i];
            zBar[i] = 0.0;
            xBar[i] += v;
            aBar = aBar + v * z[i - 1];
            zBar[i - 1] += v * a;
        }
        double[] out = new double[m + 1];
        for (int j = 0; j < m; j++) {
            out[j] = zBar[j] + xBar[j];
        }
        out[m] = aBar;
        return out;
    }

    private static long[] bits(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToRawLongBits(v[i]);
        }
        return b;
    }

    /** The loops, at any depth, that carry a chain (a parameter named for the array it is carried from). */
    private static int carried(Graph g) {
        int n = 0;
        for (Node node : g.nodes()) {
            if (node.op() instanceof While w) {
                for (int p : w.body().params()) {
                    String label = w.body().node(p).label();
                    n += label != null && label.endsWith("Carry") ? 1 : 0;
                }
                n += carried(w.body());
            }
        }
        return n;
    }
}
