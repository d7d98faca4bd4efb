package dev.gradc.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.Interpreter;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.EvalContext;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import java.util.List;
import java.util.Map;

/** Test helper: compiled results against the interpreter's, the independent engine. */
public final class Interpreted {

    private Interpreted() {
    }

    /**
     * Asserts that the compiled value of {@code fn} and of its gradient, and the gradient's part for {@code x},
     * equal (to 1e-12 relative) what the interpreter gives on fn's gradient with respect to x: {@code args} are
     * the compiled call's arguments (sizes first), {@code inputs} the same arguments as the interpreter takes them
     * (arrays as NDArrays, sizes in {@code sizes}).
     */
    public static void assertValueAndXGradient(ModuleIr module, CompiledModule compiled, String fn,
                                               Map<String, Integer> sizes, Object[] args, Object[] inputs) {
        Object[] interpreted = new Interpreter(new EvalContext(sizes, 0), 1_000_000)
                .run(Derivatives.gradient(module.function(fn), List.of("x")), inputs);
        double value = ((NDArray) interpreted[0]).data()[0];
        double[] bar = ((NDArray) interpreted[1]).data();
        CompiledModule.Result grad = compiled.grad(fn, args);
        assertEquals(value, ((Number) compiled.value(fn, args)).doubleValue(), 1e-12 * Math.abs(value), fn);
        assertEquals(value, ((Number) grad.value()).doubleValue(), 1e-12 * Math.abs(value), fn);
        double[] got = (double[]) grad.parts().get("x");
        for (int i = 0; i < bar.length; i++) {
            assertEquals(bar[i], got[i], 1e-12 * (1 + Math.abs(bar[i])), fn + ": x[" + i + "]");
        }
    }
}
