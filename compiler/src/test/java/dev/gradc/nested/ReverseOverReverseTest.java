package dev.gradc.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.engine.CompiledModule;
import dev.gradc.engine.TapeEngine;
import dev.gradc.lower.ModuleIr;
import dev.gradc.lower.Request;
import dev.gradc.ops.NDArray;
import dev.gradc.passes.Derivatives;
import dev.gradc.runtime.tape.Tensor;
import dev.gradc.testing.Programs;
import dev.gradc.testing.ScalarProgram;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The gradient pass going back through the adjoint loops of inner derivatives: loops over vectors, whose
 * adjoints keep stacks of states (a push's adjoint pops the adjoint stack, a pop's pushes onto it). Against the
 * Hessian (forward over reverse), closed forms, and nested central differences, in the interpreter, the compiled
 * class and the tape.
 */
class ReverseOverReverseTest {

    /**
     * A while loop over a vector with a data-dependent trip count, a branch in the loop, an element update and
     * a slice update, so the inner gradient's adjoint loop keeps a stack of states and a journal of entries.
     */
    private static final String LOOPS = """
            fn f(x: real[3]) -> real {
              h = x;
              while (sum(h * h) < 30) {
                if (h[0] > h[1]) { h = h * 1.2 + sin(h); } else { h = h + 0.4 * cos(h); }
                h[2] = h[2] * h[0] + 0.3;
                h[0:2] = h[1:3] * 0.5 + h[0:2];
              }
              return sum(h * h * h) + h[1] * h[2];
            }
            fn g0(x: real[3]) -> real { return grad(f, x)(x)[0]; }
            fn g1(x: real[3]) -> real { return grad(f, x)(x)[1]; }
            fn g2(x: real[3]) -> real { return grad(f, x)(x)[2]; }
            fn hf(x: real[3]) -> real[3,3] { return hessian(f, x)(x); }
            fn gc(x: real[3]) -> real { return sum(grad(f, x)(x) * [1, -0.5, 0.25]); }
            fn third(x: real[3]) -> real { return grad(gc, x)(x)[0]; }
            fn hc(x: real[3]) -> real { return hvp(f, x)(x, [1, -0.5, 0.25])[0]; }
            """;

    private static final ModuleIr LOOPS_MODULE = Programs.compile(LOOPS);

    private static final double[][] POINTS = {{0.5, 0.7, -0.3}, {0.9, -0.4, 0.6}, {-0.2, 0.3, 1.1}};

    private static NDArray vec(double... v) {
        return new NDArray(v, new int[] {v.length});
    }

    private static double[] value(ModuleIr m, String fn, double[] x) {
        return ((NDArray) Programs.run(m.function(fn).graph(), vec(x))[0]).data();
    }

    private static double[] interpreterGradient(ModuleIr m, String fn, double[] x) {
        dev.gradc.ir.Graph g = GRADIENTS.computeIfAbsent(System.identityHashCode(m) + " " + fn,
                k -> Derivatives.gradient(m.function(fn), List.of("x")));
        return ((NDArray) Programs.run(g, vec(x))[1]).data();
    }

    private static double[] tapeGradient(ModuleIr m, String source, String fn, double[] x) {
        TapeEngine tape = TAPES.computeIfAbsent(source, k -> {
            dev.gradc.diag.SourceFile file = new dev.gradc.diag.SourceFile("ror.grad", source);
            return new TapeEngine(dev.gradc.syntax.Parser.parse(file, new dev.gradc.diag.Diagnostics()), file.name(),
                    1_000_000, m);
        });
        Tensor in = Tensor.of(x.clone(), x.length).requiresGrad();
        ((Tensor) tape.call(fn, Map.of(), List.of(in))).backward();
        return in.grad().data();
    }

    /** Gradient graphs and tape engines, built once per function and program. */
    private static final Map<String, dev.gradc.ir.Graph> GRADIENTS = new java.util.concurrent.ConcurrentHashMap<>();
    private static final Map<String, TapeEngine> TAPES = new java.util.concurrent.ConcurrentHashMap<>();

    /** Compiled classes by module and function: javac runs once for each. */
    private static final Map<String, CompiledModule> COMPILED = new java.util.concurrent.ConcurrentHashMap<>();

    private static double[] compiledGradient(ModuleIr m, String fn, double[] x) {
        CompiledModule c = COMPILED.computeIfAbsent(System.identityHashCode(m) + " " + fn,
                k -> CompiledModule.load(CompiledModule.requesting(m, fn, new Request(Request.Kind.GRAD, List.of("x")))));
        return (double[]) c.grad(fn, new Object[] {x.clone()}).parts().get("x");
    }

    /** Central differences of a vector function of x along each axis, Richardson-extrapolated from h and h/2. */
    private static double[][] central(Function<double[], double[]> f, double[] x, double h) {
        double[][] out = new double[x.length][];
        for (int k = 0; k < x.length; k++) {
            double[][] d = new double[2][];
            for (int s = 0; s < 2; s++) {
                double e = h / (1 << s);
                double[] up = x.clone();
                double[] down = x.clone();
                up[k] += e;
                down[k] -= e;
                double[] a = f.apply(up);
                double[] b = f.apply(down);
                d[s] = new double[a.length];
                for (int i = 0; i < a.length; i++) {
                    d[s][i] = (a[i] - b[i]) / (2 * e);
                }
            }
            out[k] = new double[d[0].length];
            for (int i = 0; i < out[k].length; i++) {
                out[k][i] = (4 * d[1][i] - d[0][i]) / 3;
            }
        }
        return out;
    }

    private static void close(double[] want, double[] got, double rel, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], rel * Math.max(1, Math.abs(want[i])), what + "[" + i + "]");
        }
    }

    @Test
    void theGradientOfGradThroughAWhileWithABranchAndUpdatesIsTheHessianInEveryEngine() {
        ModuleIr m = LOOPS_MODULE;
        String[] rows = {"g0", "g1", "g2"};
        for (double[] x : POINTS) {
            double[] h = value(m, "hf", x);
            double[][] dg = central(p -> gradOf(m, p), x, 1e-4);
            for (int i = 0; i < 3; i++) {
                double[] row = java.util.Arrays.copyOfRange(h, 3 * i, 3 * i + 3);
                close(row, interpreterGradient(m, rows[i], x), 1e-11, "interpreter, row " + i);
                close(row, compiledGradient(m, rows[i], x), 1e-11, "compiled, row " + i);
                close(row, tapeGradient(m, LOOPS, rows[i], x), 1e-11, "tape, row " + i);
                for (int k = 0; k < 3; k++) {
                    assertEquals(dg[k][i], row[k], 1e-6 * Math.max(1, Math.abs(row[k])), "differences, row " + i);
                }
            }
        }
    }

    private static double[] gradOf(ModuleIr m, double[] x) {
        return new double[] {value(m, "g0", x)[0], value(m, "g1", x)[0], value(m, "g2", x)[0]};
    }

    @Test
    void reverseOverReverseOverReverseAgreesWithDifferencesOfTheHessianVectorProduct() {
        ModuleIr m = LOOPS_MODULE;
        for (double[] x : new double[][] {POINTS[0], POINTS[2]}) {
            double[] want = column(central(p -> value(m, "hc", p), x, 1e-3));
            close(want, interpreterGradient(m, "third", x), 1e-6, "interpreter");
            close(want, compiledGradient(m, "third", x), 1e-6, "compiled");
            close(interpreterGradient(m, "third", x), tapeGradient(m, LOOPS, "third", x), 1e-11, "tape");
        }
    }

    private static double[] column(double[][] d) {
        double[] out = new double[d.length];
        for (int k = 0; k < d.length; k++) {
            out[k] = d[k][0];
        }
        return out;
    }

    /**
     * Inner gradients with adjoint loops used inside a loop and inside a branch of the outer function: the
     * outer loop (checkpointed within the kept-values budget) and the cond's adjoint rerun them, stacks and all.
     */
    private static final String INSIDE = """
            fn f(x: real[2], a: real) -> real {
              h = x;
              while (sum(h * h) < 20) { h = h * a + cos(h); }
              return sum(h);
            }
            fn g(x: real[2]) -> real {
              y = x;
              i = 0;
              while (i < 3) { y = y - 0.05 * grad(f, x)(y, 1.5); i = i + 1; }
              if (y[0] > 0) { r = sum(grad(f, x)(y, 1.6) * y); } else { r = sum(y * y * grad(f, a)(y, 1.7)); }
              return r;
            }
            """;

    @Test
    void innerAdjointLoopsInsideALoopAndABranchAreDifferentiatedInEveryEngine() {
        ModuleIr m = Programs.compile(INSIDE);
        for (double[] x : new double[][] {{0.5, 0.8}, {-0.7, 0.4}}) {
            double[] want = column(central(p -> value(m, "g", p), x, 1e-4));
            double[] got = interpreterGradient(m, "g", x);
            close(want, got, 1e-6, "interpreter against differences");
            close(got, compiledGradient(m, "g", x), 1e-11, "compiled");
            close(got, tapeGradient(m, INSIDE, "g", x), 1e-11, "tape");
        }
    }

    /**
     * z = 1 + x + x² + x³ + x⁴ (entrywise, by a loop over a vector) and p = z₀·z₁: the third derivatives of p
     * by three nested gradient passes are exact polynomials, in every engine.
     */
    private static final String POLY = """
            fn p(x: real[2]) -> real {
              z = x * 0 + 1;
              for i in 0..4 { z = z * x + 1; }
              return z[0] * z[1];
            }
            fn p1(x: real[2]) -> real { return grad(p, x)(x)[1]; }
            fn p01(x: real[2]) -> real { return grad(p1, x)(x)[0]; }
            """;

    @Test
    void thirdDerivativesOfAPolynomialThroughALoopAreExact() {
        ModuleIr m = Programs.compile(POLY);
        for (double[] x : new double[][] {{0.5, -1.5}, {2, 0.25}, {-1, 3}}) {
            double[] d1 = {dz(x[0]), dz(x[1])};
            double[] d2 = {ddz(x[0]), ddz(x[1])};
            double[] want = {d2[0] * d1[1], d1[0] * d2[1]};
            assertEquals(d1[0] * d1[1], value(m, "p01", x)[0], 1e-12 * Math.abs(d1[0] * d1[1]));
            close(want, interpreterGradient(m, "p01", x), 1e-13, "interpreter");
            close(want, compiledGradient(m, "p01", x), 1e-13, "compiled");
            close(want, tapeGradient(m, POLY, "p01", x), 1e-13, "tape");
        }
    }

    private static double dz(double x) {
        return 1 + 2 * x + 3 * x * x + 4 * x * x * x;
    }

    private static double ddz(double x) {
        return 2 + 6 * x + 12 * x * x;
    }

    /**
     * d/dx (x · Σ ∂g/∂y (x, [x, x])) where g's loop over a vector makes h = y·x³ + x³ + x² + x, so ∂g/∂y = [x³, x³]
     * and the derivative is d/dx (2x⁴) = 8x³; the inner derivative's perturbation of y and the outer one of x
     * are kept apart even though y is built from x.
     */
    @Test
    void noPerturbationConfusionThroughAnInnerAdjointLoop() {
        ScalarProgram n = new ScalarProgram("confusion.grad", """
                fn g(x: real, y: real[2]) -> real {
                  h = y;
                  i = 0;
                  while (i < 3) { h = h * x + x; i = i + 1; }
                  return sum(h);
                }
                fn f(x: real) -> real { return x * sum(grad(g, y)(x, [x, x])); }
                """);
        for (double x : new double[] {-3, 0, 0.5, 2}) {
            double want = 8 * x * x * x;
            assertEquals(2 * x * x * x * x, n.value("f", x), 1e-12);
            assertEquals(want, n.interpreterGradient("f", x)[0], 1e-12, "interpreter");
            assertEquals(want, n.tapeGradient("f", x)[0], 1e-12, "tape");
            assertEquals(want, n.compiledGradient("f", x)[0], 1e-12, "compiled");
        }
    }
}
