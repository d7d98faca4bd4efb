package dev.gradc.emit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.engine.CompiledModule;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Rows of a weight matrix per layer, as an LSTM reads them: the slices are offsets into the weights' arrays, read
 * in place by the products and the elementwise ops ({@link Views}), and the adjoint of each product, an outer
 * product, is added into the weights' adjoint at the slice's offset by the write's own loop, with no array of
 * its own. The generated Java, compiled by javac, gives the interpreter's value and gradient; a slice that is
 * written after it is read (the state's rows) is still copied.
 */
class SliceViewsTest {

    private static final String SOURCE = """
            module views.Layers;
            @grad(W, b)
            fn f(W: real[12, 3], b: real[12], x: real[3], n: int) -> real {
              s = 0;
              h = x;
              for t in 0..n {
                for l in 0..3 {
                  r = 4 * l;
                  g = W[r:r+3, :] @ h + b[r:r+3] + W[r+3] * 0.5;
                  h = tanh(g);
                }
                s = s + sum(h * h);
              }
              state = zeros(2, 3);
              state[0] = x;
              for i in 0..2 {
                u = state[0];
                state[0] = u * 0.5;
                state[1] = u + state[1];
              }
              return s + sum(state);
            }
            """;

    @Test
    void slicesOfWeightsAreReadInPlaceAndTheirAdjointsAddedInPlace() {
        ModuleIr module = Programs.compile(SOURCE);
        String java = JavaEmitter.emit(module).source();
        assertFalse(java.contains("copyOfRange(W,"), "a row slice of W is an offset into W, never a copy");
        assertFalse(java.contains("copyOfRange(b,"), "a slice of b is an offset into b, never a copy");
        assertTrue(java.contains("System.arraycopy(state, "), "a row of state read before state is written is copied");
        assertFalse(java.contains("copyOfRange(state"),
                "the old row a row write replaces (state[0] = x) is not copied when nothing reads it");
        assertTrue(java.matches("(?s).*WBar\\w*\\[\\w+ \\+ o\\w* \\+ \\w+\\] \\+= .*"),
                "the outer product ḡ ⊗ h is added into W's adjoint at the slice's offset, entry by entry");
        Random r = new Random(7);
        double[] w = new double[36];
        double[] bias = new double[12];
        double[] x = {0.3, -0.2, 0.5};
        for (int i = 0; i < w.length; i++) {
            w[i] = r.nextDouble() - 0.5;
        }
        for (int i = 0; i < bias.length; i++) {
            bias[i] = r.nextDouble() * 0.2 - 0.1;
        }
        FunctionIr f = module.function("f");
        Object[] interpreted = Programs.run(Derivatives.gradient(f, List.of("W", "b")), new NDArray(w, new int[] {12, 3}),
                new NDArray(bias, new int[] {12}), new NDArray(x, new int[] {3}), 5);
        CompiledModule compiled = CompiledModule.load(module);
        CompiledModule.Result grad = compiled.grad("f", w, bias, x, 5);
        assertEquals(((NDArray) interpreted[0]).data()[0], ((Number) grad.value()).doubleValue(), 1e-12);
        assertClose(((NDArray) interpreted[1]).data(), (double[]) grad.parts().get("W"), "W");
        assertClose(((NDArray) interpreted[2]).data(), (double[]) grad.parts().get("b"), "b");
        assertEquals(((Number) compiled.value("f", w, bias, x, 5)).doubleValue(),
                ((Number) grad.value()).doubleValue(), 1e-12, "the value method");
    }

    private static void assertClose(double[] want, double[] got, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], 1e-12 * Math.max(1, Math.abs(want[i])), what + "[" + i + "]");
        }
    }
}
