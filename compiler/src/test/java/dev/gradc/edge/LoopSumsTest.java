package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.Proj;
import dev.gradc.ops.ReduceSum;
import dev.gradc.ops.While;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sum of an array that a loop writes element by element is taken inside that loop (passes.LoopSums): no
 * pass over the array after the loop, in the value and in the gradient. Only where the loop writes every entry
 * past its start exactly once, at its counter: a loop that stops short, writes at another index, writes twice
 * a trip or in a branch keeps its sum after it. The value is the sum after the loop bit for bit (the same
 * additions in the same order), for sizes where the loop runs no trip as well; every engine's gradient and the
 * tangent match central differences.
 */
class LoopSumsTest {

    /** Programs whose sum is taken in the loop. */
    private static final String[] FUSED = {
        // the recurrence: entry 0 before the first write
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 1..6 { z[i] = z[i-1] * a + x[i]; }
          return sum(z);
        }
        """,
        // every entry written, the sum read twice, the array read after the loop as well
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x * a;
          for i in 0..6 { z[i] = sin(z[i]) * x[i]; }
          return sum(z) * sum(z) + z[idx[0]] * a;
        }
        """,
        // two entries before the first write, and a loop inside the loop
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 2..6 {
            s = 0;
            for k in 0..i { s = s + z[k] * a; }
            z[i] = z[i-1] * z[i-2] * a + s;
          }
          return sum(z);
        }
        """,
    };

    /** Programs whose sum stays after the loop: not every entry written once at the counter. */
    private static final String[] KEPT = {
        // stops short of the last entry
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 1..5 { z[i] = z[i-1] * a + x[i]; }
          return sum(z);
        }
        """,
        // writes behind the counter
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 1..6 { z[i-1] = z[i] * a + x[i]; }
          return sum(z);
        }
        """,
        // writes the entry twice a trip
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 1..6 { z[i] = z[i-1] * a + x[i]; z[i] = z[i] * z[i]; }
          return sum(z);
        }
        """,
        // writes in a branch
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 1..6 { if (x[i] > 0) { z[i] = z[i-1] * a + x[i]; } }
          return sum(z);
        }
        """,
        // writes another entry as well
        """
        fn f(x: real[6], a: real, idx: int[4]) -> real {
          z = x;
          for i in 1..6 { z[i] = z[i-1] * a + x[i]; z[0] = z[0] * a; }
          return sum(z);
        }
        """,
    };

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void theSumIsTakenInTheLoopInTheValue(int which) {
        FunctionIr f = Programs.compile(FUSED[which]).function("f");
        assertFalse(sumsALoopsArray(Derivatives.value(f)), "a sum after the loop in\n" + Derivatives.value(f));
    }

    /**
     * In the gradient, of the loop that keeps nothing (the recurrence); a loop split into a journal and a
     * checkpointing schedule is not counted any more ({@code i < 6 && trips < journalTrips}) and keeps its sum.
     */
    @org.junit.jupiter.api.Test
    void theSumIsTakenInTheForwardLoopOfTheGradient() {
        Graph grad = Derivatives.gradient(Programs.compile(FUSED[0]).function("f"), List.of("x", "a"));
        assertFalse(sumsALoopsArray(grad), "a sum after the loop in\n" + grad);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void theSumStaysAfterALoopThatDoesNotWriteEveryEntryOnceAtItsCounter(int which) {
        FunctionIr f = Programs.compile(KEPT[which]).function("f");
        assertTrue(sumsALoopsArray(Derivatives.value(f)), "the sum after the loop in\n" + Derivatives.value(f));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void everyEnginesGradientAndTheTangentMatchCentralDifferences(int which) {
        LoopProgramChecks.gradientsAndTangentMatchCentralDifferences(FUSED[which]);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4})
    void everyEnginesGradientMatchesCentralDifferencesWhereTheSumStays(int which) {
        LoopProgramChecks.gradientsAndTangentMatchCentralDifferences(KEPT[which]);
    }

    private static final String SIZED = """
            @grad(x, a)
            fn f<M>(x: real[M], a: real) -> real {
              z = x;
              for i in 1..M { z[i] = z[i-1] * a + x[i]; }
              return sum(z);
            }
            @grad(x, a)
            fn g<M>(x: real[M], a: real) -> real {
              z = x;
              for i in 2..M { z[i] = z[i-1] * a - z[i-2] + x[i]; }
              return sum(z);
            }
            """;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 7, 1000})
    void theValueIsTheSumAfterTheLoopBitForBit(int m) {
        CompiledModule compiled = CompiledModule.load(Programs.compile(SIZED));
        double[] x = new double[m];
        for (int i = 0; i < m; i++) {
            x[i] = (i % 3 == 0 ? -0.0 : 0.5) + 0.4 * Math.sin(i);
        }
        double a = 0.9;
        for (String fn : new String[] {"f", "g"}) {
            double[] z = x.clone();
            for (int i = fn.equals("f") ? 1 : 2; i < m; i++) {
                z[i] = fn.equals("f") ? z[i - 1] * a + x[i] : z[i - 1] * a - z[i - 2] + x[i];
            }
            double want = 0.0;
            for (double e : z) {
                want += e;
            }
            assertEquals(Double.doubleToRawLongBits(want), Double.doubleToRawLongBits((double) compiled.value(fn, m, x, a)),
                    fn + " at M = " + m);
            assertEquals(Double.doubleToRawLongBits(want),
                    Double.doubleToRawLongBits((double) compiled.grad(fn, m, x, a).value()), fn + "Grad at M = " + m);
        }
        String java = compiled.emitted().source();
        String value = java.substring(java.indexOf("public static double f(int M"));
        value = value.substring(0, value.indexOf("\n    }\n"));
        assertTrue(value.contains("zSum = zSum + ") && !value.contains("+= z"), "the sum taken in the loop:\n" + value);
    }

    /** Whether a top-level sum of g reads an array a loop gives back. */
    private static boolean sumsALoopsArray(Graph g) {
        for (Node n : g.nodes()) {
            if (n.op() instanceof ReduceSum && g.node(n.input(0)).op() instanceof Proj
                    && g.node(g.node(n.input(0)).input(0)).op() instanceof While) {
                return true;
            }
        }
        return false;
    }
}
