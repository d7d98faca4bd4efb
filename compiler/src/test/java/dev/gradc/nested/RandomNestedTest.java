package dev.gradc.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.testing.Programs;
import dev.gradc.testing.RandomPrograms;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Random programs with loops and branches, differentiated twice in every composition, against each other
 * and against nested central differences of the value (where those are stable: not across a kink or a
 * change of trip count).
 */
class RandomNestedTest {

    private static final String PARAMS = "(x: real, y: real, v: real[3], M: real[2,3]) -> real";
    private static final String ARGS = "(x, y, v, M";

    private static String program(long seed) {
        return RandomPrograms.generate(seed).replace("fn f(", "fn inner(")
                + "fn fr" + PARAMS + " { return hvp(inner, x)" + ARGS + ", 1); }\n"          // forward over reverse
                + "fn jx" + PARAMS + " { return jvp(inner, x)" + ARGS + ", 1); }\n"
                + "fn ff" + PARAMS + " { return jvp(jx, x)" + ARGS + ", 1); }\n"             // forward over forward
                + "fn gx" + PARAMS + " { return grad(inner, x)" + ARGS + "); }\n";
    }

    private static Object[] args(double x, double y) {
        return new Object[] {NDArray.scalar(x), NDArray.scalar(y), new NDArray(new double[] {0.3, -0.7, 1.1}, new int[] {3}),
            new NDArray(new double[] {0.2, -0.4, 0.6, 0.9, -1.3, 0.5}, new int[] {2, 3})};
    }

    private static double value(ModuleIr m, String fn, double x, double y) {
        return ((NDArray) Programs.run(m.function(fn).graph(), args(x, y))[0]).item();
    }

    /** ∂fn/∂x by the gradient pass (reverse over whatever fn contains), run by the interpreter. */
    private static double reverse(ModuleIr m, String fn, double x, double y) {
        FunctionIr f = m.function(fn);
        return ((NDArray) Programs.run(Derivatives.gradient(f, List.of("x")), args(x, y))[1]).item();
    }

    private static double second(ModuleIr m, double x, double y, double h) {
        return (value(m, "inner", x + h, y) - 2 * value(m, "inner", x, y) + value(m, "inner", x - h, y)) / (h * h);
    }

    /**
     * Random programs with slices, element reads and updates in loops and branches, differentiated twice in
     * reverse mode with respect to the vector v, so that the inner gradient's loops keep stacks of vectors: the
     * gradient of Σ c·∇ᵥf is H·c, which forward over reverse (hvp) computes independently; the interpreter, the
     * compiled class and the tape agree, and nested central differences of the inner gradient where stable.
     */
    @Test
    void reverseOverReverseWithRespectToAVectorIsTheHessianVectorProduct() {
        int checked = 0;
        int withStacks = 0;
        for (long seed = 1; seed <= 24; seed++) {
            String source = RandomPrograms.generate(seed, false, true).replace("fn f(", "fn inner(")
                    + "fn gv" + PARAMS + " { return sum(grad(inner, v)" + ARGS + ") * [0.5, -1, 2]); }\n"
                    + "fn hv(x: real, y: real, v: real[3], M: real[2,3]) -> real[3] { return hvp(inner, v)" + ARGS
                    + ", [0.5, -1, 2]); }\n";
            ModuleIr m = Programs.compile(source);
            if (dev.gradc.ir.IrPrinter.print(m.function("gv").graph()).contains(" = pop(")) {
                withStacks++; // the inner gradient has an adjoint loop popping a stack
            }
            Object[] a = args(0.37, -0.21);
            double[] hc = ((NDArray) Programs.run(m.function("hv").graph(), a)[0]).data();
            double[] rr = ((NDArray) Programs.run(Derivatives.gradient(m.function("gv"), List.of("v")), a)[1]).data();
            double scale = 1;
            for (double e : hc) {
                scale = Math.max(scale, Math.abs(e));
            }
            String at = "seed " + seed + ":\n" + source;
            org.junit.jupiter.api.Assertions.assertArrayEquals(hc, rr, 1e-9 * scale, "reverse over reverse, " + at);
            org.junit.jupiter.api.Assertions.assertArrayEquals(rr, VectorEngines.tape(source, m, "gv", a), 1e-9 * scale,
                    "tape, " + at);
            if (seed <= 8) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(rr, VectorEngines.compiled(m, "gv", a), 1e-9 * scale,
                        "compiled, " + at);
            }
            double[] d1 = VectorEngines.central(m, "gv", a, 1e-3);
            double[] d2 = VectorEngines.central(m, "gv", a, 5e-4);
            boolean stable = true;
            for (int k = 0; k < 3; k++) {
                stable &= Double.isFinite(d2[k]) && Math.abs(d1[k] - d2[k]) < 1e-4 * Math.max(1, Math.abs(d2[k]));
            }
            if (stable) {
                org.junit.jupiter.api.Assertions.assertArrayEquals(d2, rr, 1e-3 * scale, "differences, " + at);
                checked++;
            }
        }
        assertTrue(checked >= 12, "only " + checked + " programs were smooth enough to check");
        assertTrue(withStacks >= 8, "only " + withStacks + " inner gradients keep stacks");
    }

    @Test
    void everyCompositionAgreesOnRandomPrograms() {
        int checked = 0;
        for (long seed = 1; seed <= 40; seed++) {
            ModuleIr m = Programs.compile(program(seed));
            double x = 0.37;
            double y = -0.21;
            double fr = value(m, "fr", x, y);
            double scale = Math.max(1, Math.abs(fr));
            assertEquals(fr, value(m, "ff", x, y), 1e-9 * scale, "forward over forward, seed " + seed);
            assertEquals(fr, reverse(m, "jx", x, y), 1e-9 * scale, "reverse over forward, seed " + seed);
            assertEquals(fr, reverse(m, "gx", x, y), 1e-9 * scale, "reverse over reverse, seed " + seed);
            double d1 = second(m, x, y, 1e-3);
            double d2 = second(m, x, y, 5e-4);
            if (Double.isFinite(fr) && Math.abs(d1 - d2) < 1e-4 * Math.max(1, Math.abs(d2))) {
                assertEquals(d2, fr, 1e-3 * Math.max(1, Math.abs(d2)), "against differences, seed " + seed);
                checked++;
            }
        }
        assertTrue(checked >= 20, "only " + checked + " programs were smooth enough to check");
    }
}
