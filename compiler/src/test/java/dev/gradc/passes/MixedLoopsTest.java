package dev.gradc.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.ir.Graph;
import dev.gradc.lower.FunctionIr;
import dev.gradc.ops.Push;
import dev.gradc.ops.While;
import dev.gradc.testing.Programs;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/**
 * Loops whose differentiated state is scalars depending on at most two inputs are differentiated in forward
 * mode as they run (mixed mode). Checked against the same gradient with an adjoint loop for every loop
 * ({@link GradientPass.Loops#REVERSE}) and against central differences; and checked to keep no state.
 */
class MixedLoopsTest {

    private static int count(Graph g, Class<?> op) {
        return OptimizerTest.count(g, op);
    }

    private static final String SIN_TIMES_X = "fn f(x: real, y: real) -> real {\n"
            + "  i = 0;\n"
            + "  while (i < 7) { y = sin(y) * x; i = i + 1; }\n"
            + "  return y;\n"
            + "}\n";

    /** Gradients of (x, y) at several points: mixed = adjoint loop (to 1e-13) = central differences (to 1e-7). */
    private static void agree(String src, double... at) {
        FunctionIr f = Programs.compile(src).function("f");
        List<String> wrt = f.params().stream().map(FunctionIr.ParamInfo::name).toList();
        Graph mixed = Derivatives.gradient(f, wrt);
        Graph reverse = Derivatives.gradient(f, wrt, GradientPass.Loops.REVERSE);
        double[][] m = Programs.runScalars(mixed, at);
        double[][] r = Programs.runScalars(reverse, at);
        assertEquals(Programs.value(f, at), m[0][0], 0.0, src);
        for (int p = 0; p < wrt.size(); p++) {
            double scale = Math.max(1, Math.abs(r[1 + p][0]));
            assertEquals(r[1 + p][0], m[1 + p][0], 1e-13 * scale, wrt.get(p) + " in\n" + src);
            double h = 1e-6;
            double[] up = at.clone();
            double[] down = at.clone();
            up[p] += h;
            down[p] -= h;
            double central = (Programs.value(f, up) - Programs.value(f, down)) / (2 * h);
            assertEquals(central, m[1 + p][0], 1e-7 * scale, wrt.get(p) + " in\n" + src);
        }
    }

    @Test
    void theSeedLoopKeepsNothingAndRunsOnce() {
        FunctionIr f = Programs.compile(Programs.example("control_flow.grad")).function("f");
        Graph g = Derivatives.gradient(f, List.of("a"));
        assertEquals(0, count(g, Push.class), g.toString());
        assertEquals(1, count(g, While.class), "one loop, no adjoint loop\n" + g);
        for (double a : new double[] {0.3, -4.0, 1e-3, 2000}) {
            // f(a) = k a with k a power of two (times 100 for b < 0): the derivative is exact
            assertEquals(Programs.value(f, a) / a, Programs.runScalars(g, a)[1][0], 0.0);
        }
    }

    @Test
    void twoScalarInputsOfALoopAreTwoTangentDirections() {
        FunctionIr f = Programs.compile(SIN_TIMES_X).function("f");
        Graph g = Derivatives.gradient(f, List.of("x", "y"));
        assertEquals(0, count(g, Push.class), g.toString());
        assertEquals(1, count(g, While.class), g.toString());
        agree(SIN_TIMES_X, 0.9, 0.4);
        agree(SIN_TIMES_X, -1.3, 2.0);
    }

    @Test
    void threeInputsOrTensorStateKeepAnAdjointLoop() {
        String three = "fn f(x: real, y: real, z: real) -> real {\n"
                + "  i = 0;\n"
                + "  while (i < 4) { y = sin(y) * x + z; i = i + 1; }\n"
                + "  return y;\n"
                + "}\n";
        Graph g = Derivatives.gradient(Programs.compile(three).function("f"), List.of("x", "y", "z"),
                GradientPass.Loops.MIXED_KEEP_ALL);
        assertTrue(count(g, Push.class) > 0, g.toString());
        assertEquals(2, count(g, While.class), g.toString());
        agree(three, 0.9, 0.4, -0.2);
        String tensor = "fn f(x: real[3]) -> real { i = 0; while (i < 3) { x = sin(x); i = i + 1; } return sum(x); }";
        Graph t = Derivatives.gradient(Programs.compile(tensor).function("f"), List.of("x"),
                GradientPass.Loops.MIXED_KEEP_ALL);
        assertEquals(2, count(t, While.class), t.toString());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // a cond in the body (one direction, so the body's regions are differentiated once)
        "cond in body|fn f(x: real) -> real { i = 0; while (i < 6) { if (x > 1) { x = x / 2 + 0.1; } else { x = x * x + 0.7; } i = i + 1; } return x; }|0.8",
        // a loop in the body
        "nested loop|fn f(x: real) -> real { i = 0; while (i < 3) { j = 0; while (j < 2) { x = sin(x) + x; j = j + 1; } i = i + 1; } return x; }|0.3",
        // a carried value that varies only through an invariant: its tangent starts at zero
        "accumulator|fn f(x: real) -> real { s = 0; i = 0; while (i < 5) { s = s + x * x * i; i = i + 1; } return s * x; }|1.7",
        // no trips: the derivative of the identity
        "zero trips|fn f(x: real) -> real { while (x > 100) { x = x / 3; } return x * x; }|2.5",
        // a data-dependent trip count and two carried scalars
        "two carried|fn f(x: real) -> real { a = x; b = 1; while (a < 50) { t = a * b + 1; b = a; a = t; } return a + b; }|1.1",
    })
    void mixedLoopsAgreeWithAdjointLoopsAndDifferences(String name, String src, double x) {
        agree(src, x);
    }

    @Test
    void theHessianThroughAMixedLoopIsSymmetric() {
        FunctionIr f = Programs.compile(SIN_TIMES_X).function("f");
        Graph hvp = Derivatives.hvp(f, List.of("x", "y"));
        double[][] ex = Programs.runScalars(hvp, 0.9, 0.4, 1, 0);
        double[][] ey = Programs.runScalars(hvp, 0.9, 0.4, 0, 1);
        // results: value, ∂f/∂x, ∂f/∂y, (H e)_x, (H e)_y
        assertEquals(ex[4][0], ey[3][0], 1e-12 * Math.max(1, Math.abs(ex[4][0])));
        Graph grad = Derivatives.gradient(f, List.of("x", "y"), GradientPass.Loops.REVERSE);
        double h = 1e-5;
        double central = (Programs.runScalars(grad, 0.9 + h, 0.4)[1][0] - Programs.runScalars(grad, 0.9 - h, 0.4)[1][0]) / (2 * h);
        assertEquals(central, ex[3][0], 1e-7 * Math.max(1, Math.abs(central)));
    }
}
