package dev.gradc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.SourceFile;
import dev.gradc.engine.CompiledModule;
import dev.gradc.fuzz.Runs;
import dev.gradc.lower.FunctionIr;
import dev.gradc.lower.ModuleIr;
import dev.gradc.ops.NDArray;
import dev.gradc.testing.Programs;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Ifs nested in ifs whose branches read the inner if's results keep those results on one stack per type
 * ({@link KeptStacks}), a real, a vector and an int here: the gradient through every depth taken (the innermost
 * branch, a middle one, the outermost else) agrees in the interpreter, the tape and the generated class, and
 * with central differences of the value.
 */
class NestedIfStacksTest {

    /** Ifs nested d deep; each then-branch goes on computing with the inner if's y, w and n. */
    static String program(int d) {
        StringBuilder s = new StringBuilder("fn f(x: real, v: real[2]) -> real {\ny = x;\nw = v;\nn = 0;\n");
        for (int k = 0; k < d; k++) {
            s.append("if (y > ").append(0.3 * k).append(") {\ny = y * 1.01 + x;\nw = w * y;\nn = n + 1;\n");
        }
        for (int k = 0; k < d; k++) {
            s.append("y = sin(y) * x + 0.01 * n;\nw = tanh(w) * y;\n} else {\ny = y - 1;\nw = w - y;\n}\n");
        }
        return s.append("return y + sum(w);\n}\n").toString();
    }

    private static Object[] args(double x, double[] v) {
        return new Object[] {NDArray.scalar(x), new NDArray(v.clone(), new int[] {2})};
    }

    private static double value(FunctionIr f, double x, double[] v) {
        return Runs.interpreter(f, Map.of(), args(x, v), 1_000).value().item();
    }

    /** ∂f/∂x, ∂f/∂v0, ∂f/∂v1 by central differences, Richardson-extrapolated. */
    private static double[] differences(FunctionIr f, double x, double[] v) {
        double[] out = new double[3];
        for (int k = 0; k < 3; k++) {
            double[] d = new double[2];
            for (int s = 0; s < 2; s++) {
                double h = 1e-4 / (1 << s);
                double[] up = {x, v[0], v[1]};
                double[] down = up.clone();
                up[k] += h;
                down[k] -= h;
                d[s] = (value(f, up[0], new double[] {up[1], up[2]})
                        - value(f, down[0], new double[] {down[1], down[2]})) / (2 * h);
            }
            out[k] = (4 * d[1] - d[0]) / 3;
        }
        return out;
    }

    private static double[] flat(double dx, double[] dv) {
        return new double[] {dx, dv[0], dv[1]};
    }

    @Test
    void gradientsThroughThirtyNestedIfsAgreeInEveryEngineAtEveryDepthTaken() {
        String text = program(30);
        ModuleIr m = Programs.compile(text);
        FunctionIr f = m.function("f");
        CompiledModule c = CompiledModule.load(CompiledModule.requesting(m, "f",
                new dev.gradc.lower.Request(dev.gradc.lower.Request.Kind.GRAD, f.realParams())));
        // 0.5 runs every level down to the innermost branch, 0.2 leaves at the third level, -0.3 at the first
        double[][] points = {{0.5, 0.3, -0.2}, {0.2, -0.4, 0.1}, {-0.3, 0.7, 0.25}};
        for (double[] p : points) {
            double[] v = {p[1], p[2]};
            Runs.Result in = Runs.interpreter(f, Map.of(), args(p[0], v), 1_000);
            double[] want = flat(in.derivatives().get("x").item(), in.derivatives().get("v").data());
            double[] diff = differences(f, p[0], v);
            Runs.Result tape = Runs.tape(new SourceFile("nested.grad", text), m, f, Map.of(), args(p[0], v), 1_000);
            CompiledModule.Result g = c.grad("f", p[0], v.clone());
            double[] compiled = flat((Double) g.parts().get("x"), (double[]) g.parts().get("v"));
            double[] taped = flat(tape.derivatives().get("x").item(), tape.derivatives().get("v").data());
            for (int k = 0; k < 3; k++) {
                String at = "x = " + p[0] + ", entry " + k;
                assertEquals(diff[k], want[k], 1e-6 * Math.max(1, Math.abs(diff[k])), "differences " + at);
                assertEquals(want[k], compiled[k], 1e-11 * Math.max(1, Math.abs(want[k])), "compiled " + at);
                assertEquals(want[k], taped[k], 1e-11 * Math.max(1, Math.abs(want[k])), "tape " + at);
            }
            assertEquals(in.value().item(), (Double) g.value(), 1e-12, "value at x = " + p[0]);
        }
    }

    @Test
    void theKeptValuesGoOnStacksInsteadOfPassingThroughEveryLevel() {
        ModuleIr m = Programs.compile(program(30));
        String java = CompiledModule.load(CompiledModule.requesting(m, "f", new dev.gradc.lower.Request(
                dev.gradc.lower.Request.Kind.GRAD, m.function("f").realParams()))).emitted().source();
        assertTrue(java.contains("DoubleStack") && java.contains("IntStack"), "reals and ints on their stacks");
    }

    /** The interpreter's gradient (∂x, ∂v0, ∂v1). */
    private static double[] gradient(FunctionIr f, double[] p) {
        Runs.Result in = Runs.interpreter(f, Map.of(), args(p[0], new double[] {p[1], p[2]}), 1_000);
        return flat(in.derivatives().get("x").item(), in.derivatives().get("v").data());
    }

    @Test
    void theHessianThroughTheStacksIsTheDifferencesOfTheGradient() {
        ModuleIr m = Programs.compile(program(8));
        FunctionIr f = m.function("f");
        CompiledModule c = CompiledModule.load(CompiledModule.requesting(m, "f",
                new dev.gradc.lower.Request(dev.gradc.lower.Request.Kind.HESSIAN, f.realParams())));
        for (double[] p : new double[][] {{0.5, 0.3, -0.2}, {0.2, -0.4, 0.1}}) {
            double[][] h = (double[][]) c.hessian("f", p[0], new double[] {p[1], p[2]}).parts().get("hessian");
            for (int k = 0; k < 3; k++) {
                double[] up = p.clone();
                double[] down = p.clone();
                up[k] += 1e-5;
                down[k] -= 1e-5;
                double[] gu = gradient(f, up);
                double[] gd = gradient(f, down);
                for (int i = 0; i < 3; i++) {
                    double d = (gu[i] - gd[i]) / 2e-5;
                    assertEquals(d, h[i][k], 1e-5 * Math.max(1, Math.abs(d)), "H[" + i + "][" + k + "] at x = " + p[0]);
                }
            }
        }
    }
}
