package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * In a loop body, an array of zeros that no trip keeps is a buffer the loop allocates once and clears on every
 * trip, as other arrays no trip keeps already were: the adjoint of a row write ({@code S[k, :] = v}) clears the
 * row of S's adjoint with a row of zeros per trip (the LSTM's state rows). Counted in bytes per trip (the
 * difference between two trip counts), not timed; the gradient is the interpreter's.
 */
class ZerosBuffersTest {

    private static final String SOURCE = """
            module loops.Zeros;
            @grad(x)
            fn rows<M, N>(x: real[N], S0: real[M, N]) -> real {
              S = S0;
              acc = 0;
              for k in 0..M {
                h = sin(S[k, :] * x);
                S[k, :] = h;
                acc = acc + sum(h * x);
              }
              return acc;
            }
            """;

    private static final ModuleIr MODULE = Programs.compile(SOURCE);
    private static final CompiledModule COMPILED = CompiledModule.load(MODULE);
    private static final int N = 64;

    private static double[] normal(int n, long seed) {
        Random r = new Random(seed);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    @Test
    void theAdjointClearsRowsWithOneBuffer() {
        double[] x = normal(N, 1);
        double[] few = normal(100 * N, 2);
        double[] many = normal(200 * N, 2);
        long perTrip = Allocation.perTrip(() -> COMPILED.grad("rows", 100, N, x, few),
                () -> COMPILED.grad("rows", 200, N, x, many), 100);
        System.out.println("gradient: " + perTrip + " bytes per trip");
        // the row of zeros that clears row k of S's adjoint, new per trip: 3,391 bytes a trip at N = 64; one buffer
        // cleared per trip: 2,863 (the rest is the journal of the rows the loop overwrites)
        assertTrue(perTrip < 3_000, perTrip + " bytes per trip");
    }

    @Test
    void theGradientIsTheInterpreters() {
        int m = 5;
        int n = 7;
        double[] x = normal(n, 3);
        double[] s = normal(m * n, 4);
        Object[] interpreted = new Interpreter(new EvalContext(Map.of("M", m, "N", n), 0), 1_000_000)
                .run(Derivatives.gradient(MODULE.function("rows"), List.of("x")),
                        new Object[] {new NDArray(x.clone(), new int[] {n}), new NDArray(s.clone(), new int[] {m, n})});
        double value = ((NDArray) interpreted[0]).data()[0];
        double[] bar = ((NDArray) interpreted[1]).data();
        CompiledModule.Result grad = COMPILED.grad("rows", m, n, x, s);
        assertEquals(value, ((Number) grad.value()).doubleValue(), 1e-12 * Math.abs(value));
        double[] compiled = (double[]) grad.parts().get("x");
        for (int i = 0; i < n; i++) {
            assertEquals(bar[i], compiled[i], 1e-12 * (1 + Math.abs(bar[i])), "x[" + i + "]");
        }
    }
}
