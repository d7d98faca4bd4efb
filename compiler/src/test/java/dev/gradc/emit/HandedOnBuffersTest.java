package dev.gradc.emit;

import static dev.gradc.testing.Inputs.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Allocation;
import dev.gradc.testing.Interpreted;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The next value of a carried array takes one of two buffers in turns also when it is handed on in place before
 * it becomes that value: an array that a write changes, or that a loop carries and may give back only as that
 * same result, which is the carried value's next one (RK4's reversed step sums the stage adjoints into the next
 * ȳ and the first stage's adjoint loop adds into that sum; the sum was a new array every reversed step). A loop
 * that may hand the array on as another result ({@code swapped}: after an odd number of turns the sum is the
 * other carried value, still read by the next trip) keeps it an array of its own: its forward mode, which hands
 * the tangents round as well, is wrong otherwise. Counted in bytes per trip, not timed; values and gradients are
 * the interpreter's, and forward-mode tangents the gradient's.
 */
class HandedOnBuffersTest {

    private static final String SOURCE = """
            module loops.HandedOn;
            @grad(x)
            fn smoothed<N>(x: real[N], steps: int) -> real {
              y = x;
              for s in 0..steps {
                t = y * 0.5 + x;
                for i in 1..N {
                  t[i] = t[i] + t[i-1] * 0.25;
                }
                t[0] = x[0] * 0.5;
                y = t;
              }
              return sum(y * y);
            }
            @grad(x)
            fn swapped<N>(x: real[N], steps: int, turns: int) -> real {
              y = x;
              z = x * 2.0;
              for s in 0..steps {
                a = y * 0.5 + z;
                b = sin(y) + z;
                for r in 0..turns {
                  a[r] = a[r] + 1.0;
                  t = a;
                  a = b;
                  b = t;
                }
                y = a;
                z = b;
              }
              return sum(y * z);
            }
            """;

    private static final ModuleIr MODULE = Programs.compile(SOURCE);
    private static final CompiledModule COMPILED = CompiledModule.load(MODULE);
    /** The same functions with their forward mode (Jacobian-vector products), whose loops hand arrays on too. */
    private static final CompiledModule FORWARD = CompiledModule.load(CompiledModule.requesting(
            CompiledModule.requesting(MODULE, "smoothed", new Request(Request.Kind.JVP, List.of("x"))),
            "swapped", new Request(Request.Kind.JVP, List.of("x"))));
    private static final int N = 64;

    @Test
    void aSumHandedOnInPlaceIsTwoBuffers() {
        double[] x = uniform(N, 1);
        long value = Allocation.perTrip(() -> COMPILED.value("smoothed", N, x, 100),
                () -> COMPILED.value("smoothed", N, x, 200), 100);
        System.out.println("smoothed value: " + value + " bytes per trip");
        // the sum t, a new array every trip, 528 bytes at N = 64; two buffers taken in turns: 0
        assertTrue(value < 100, value + " bytes per trip");
    }

    @Test
    void valuesAndGradientsAreTheInterpreters() {
        int n = 9;
        double[] x = uniform(n, 5);
        for (String fn : List.of("smoothed", "swapped")) {
            for (int steps : new int[] {0, 1, 2, 7}) {
                for (int turns : new int[] {0, 1, 2, 3, 4}) {
                    NDArray xs = new NDArray(x.clone(), new int[] {n});
                    Object[] args = fn.equals("smoothed") ? new Object[] {n, x, steps}
                            : new Object[] {n, x, steps, turns};
                    Object[] inputs = fn.equals("smoothed") ? new Object[] {xs, steps} : new Object[] {xs, steps, turns};
                    Interpreted.assertValueAndXGradient(MODULE, COMPILED, fn, Map.of("N", n), args, inputs);
                    assertForwardModeAgrees(fn, n, x, args);
                }
            }
        }
    }

    /** The forward mode's tangent along v equals the reverse gradient's (the interpreter's) dot product with v. */
    private static void assertForwardModeAgrees(String fn, int n, double[] x, Object[] args) {
        double[] v = uniform(n, 11);
        double[] bar = (double[]) COMPILED.grad(fn, args).parts().get("x");
        double want = 0;
        for (int i = 0; i < n; i++) {
            want += bar[i] * v[i];
        }
        Object[] withTangent = java.util.Arrays.copyOf(args, args.length + 1);
        withTangent[args.length] = v;
        double got = ((Number) FORWARD.jvp(fn, withTangent).parts().get("tangent")).doubleValue();
        assertEquals(want, got, 1e-10 * (1 + Math.abs(want)), fn + " forward mode, steps and turns "
                + java.util.Arrays.toString(java.util.Arrays.copyOfRange(args, 2, args.length)));
    }
}
