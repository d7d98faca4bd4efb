package dev.gradc.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.fuzz.Runs;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.NDArray;
import dev.gradc.runtime.IterationLimitException;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Counted loops — {@code for}, a {@code while} counting down to 0 and one counting down to an input — check the
 * iteration limit once, where they stop, instead of on every trip. Every engine must still run exactly the trips
 * within the limit and fail at the same trip with the same error: the limit itself passes, one trip more throws
 * naming the loop, and a body that would fail only in the trip past the limit reports the limit, while one that
 * fails within it reports its own error. Loops of the gradient (adjoint loops counting trips down) included.
 */
class CountedLimitsTest {

    private static final String TEXT = """
            @grad(x)
            fn f(x: real[4], n: int, m: int) -> real {
              s = 0;
              for i in 0..n {
                p = 0;
                for j in 0..m {
                  p = p * x[i] + x[j];
                }
                s = s + p * p;
              }
              c = n;
              while (c > 0) {
                s = s * 0.5 + x[c - 1];
                c = c - 1;
              }
              d = n + m;
              while (d > m) {
                s = s + sin(x[d - m - 1]) * s;
                d = d - 1;
              }
              return s;
            }
            """;

    private static final SourceFile SOURCE = new SourceFile("counted.grad", TEXT);
    private static final double[] X = {0.7, -1.3, 0.45, 0.4};

    private static CompiledModule compiled(long limit) {
        CompiledModule c = CompiledModule.load(Programs.compile(SOURCE));
        c.setMaxIterations(limit);
        return c;
    }

    private static Object[] args(int n, int m) {
        return new Object[] {new NDArray(X.clone(), new int[] {4}), n, m};
    }

    /** Every engine's value then gradient (interpreter, tape, compiled gradient, compiled value), or its error. */
    private static Object[] outcomes(int n, int m, long limit) {
        FunctionIr f = Programs.compile(SOURCE).function("f");
        CompiledModule c = compiled(limit);
        return new Object[] {
            outcome(() -> flat(Runs.interpreter(f, Map.of(), args(n, m), limit))),
            outcome(() -> flat(Runs.tape(SOURCE, f, Map.of(), args(n, m), limit))),
            outcome(() -> {
                CompiledModule.Result r = c.grad("f", X.clone(), n, m);
                return prepend((Double) r.value(), (double[]) r.parts().get("x"));
            }),
            outcome(() -> prepend((Double) c.value("f", X.clone(), n, m), new double[0])),
        };
    }

    private static double[] flat(Runs.Result r) {
        return prepend(r.value().item(), r.derivatives().get("x").data());
    }

    private static double[] prepend(double v, double[] rest) {
        double[] all = new double[rest.length + 1];
        all[0] = v;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    /** The engine's numbers, or its error as text: the loop of an iteration limit, the place of an index error. */
    private static Object outcome(java.util.function.Supplier<double[]> run) {
        try {
            return run.get();
        } catch (IterationLimitException e) {
            return "limit at " + e.where();
        } catch (RuntimeException e) {
            String message = String.valueOf(e.getMessage());
            return message.contains("out of bounds") ? "index error at " + message.substring(0, message.indexOf(": "))
                    : e.toString();
        }
    }

    /** Every engine fails with {@code expected}, or (null) all run and agree with the compiled gradient. */
    private static void allEngines(int n, int m, long limit, String expected) {
        Object[] out = outcomes(n, m, limit);
        String where = "n = " + n + ", m = " + m + ", limit = " + limit;
        for (int k = 0; k < out.length; k++) {
            if (expected != null) {
                assertEquals(expected, out[k], where + ": engine " + k);
                continue;
            }
            assertTrue(out[k] instanceof double[] && out[2] instanceof double[], where + ": engine " + k + " " + out[k]);
            double[] mine = (double[]) out[2];
            double[] theirs = (double[]) out[k];
            for (int i = 0; i < theirs.length; i++) {
                assertEquals(mine[i], theirs[i], 1e-12 * (1 + Math.abs(mine[i])), where + ": engine " + k + ", " + i);
            }
        }
    }

    @Test
    void loopsOfExactlyTheLimitRunAndOneTripMoreThrowsNamingTheLoop() {
        allEngines(4, 4, 4, null);
        allEngines(4, 4, 3, "limit at counted.grad:6");
        allEngines(4, 2, 3, "limit at counted.grad:4");
        allEngines(3, 2, 3, null);
        allEngines(0, 0, 0, null);
        allEngines(1, 0, 0, "limit at counted.grad:4");
        allEngines(0, 1, 0, null);
    }

    @Test
    void aBodyFailingOnlyPastTheLimitReportsTheLimitAndWithinItItsOwnError() {
        allEngines(1, 5, 4, "limit at counted.grad:6");
        allEngines(1, 5, 5, "index error at counted.grad:7:7");
        allEngines(5, 1, 4, "limit at counted.grad:4");
        allEngines(5, 1, 5, "index error at counted.grad:7:7");
    }

    @Test
    void withinTheLimitTheGradientIsTheOtherEnginesAndTheCentralDifferences() {
        CompiledModule c = compiled(1_000);
        for (int n = 0; n <= 4; n++) {
            for (int m = 0; m <= 3; m++) {
                allEngines(n, m, Math.max(n, m), null);
                double[] mine = (double[]) c.grad("f", X.clone(), n, m).parts().get("x");
                double h = 1e-6;
                for (int i = 0; i < 4; i++) {
                    double[] up = X.clone();
                    double[] down = X.clone();
                    up[i] += h;
                    down[i] -= h;
                    double diff = ((Double) c.value("f", up, n, m) - (Double) c.value("f", down, n, m)) / (2 * h);
                    assertEquals(diff, mine[i], 1e-6 * (1 + Math.abs(diff)), "d/dx" + i + ", n = " + n + ", m = " + m);
                }
            }
        }
    }

    /** The value method's four loops are all counted (the gradient's checkpointed sweeps keep their counters). */
    @Test
    void countedLoopsCarryNoTripCounterForTheLimit() {
        String java = CompiledModule.load(Programs.compile(SOURCE)).emitted().source();
        int start = java.indexOf("public static double f(");
        java = java.substring(start, java.indexOf("\n    }\n", start));
        assertFalse(java.contains("long iterations"), java);
        assertTrue(java.contains("int jEnd = (long) m - j > limit ? (int) (j + limit) : m;"), java);
        assertTrue(java.contains("if (j < m) {"), java);
    }
}
