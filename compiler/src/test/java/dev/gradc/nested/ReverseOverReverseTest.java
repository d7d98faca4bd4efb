package dev.gradc.nested;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gradc.lower.ModuleIr;
import dev.gradc.testing.Programs;
import dev.gradc.testing.ScalarProgram;
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

    @Test
    void theGradientOfGradThroughAWhileWithABranchAndUpdatesIsTheHessianInEveryEngine() {
        ModuleIr m = LOOPS_MODULE;
        String[] rows = {"g0", "g1", "g2"};
        for (double[] x : POINTS) {
            double[] h = XEngines.value(m, "hf", x);
            double[][] dg = XEngines.central(p -> gradOf(m, p), x, 1e-4);
            for (int i = 0; i < 3; i++) {
                double[] row = java.util.Arrays.copyOfRange(h, 3 * i, 3 * i + 3);
                XEngines.close(row, XEngines.interpreterGradient(m, rows[i], x), 1e-11, "interpreter, row " + i);
                XEngines.close(row, XEngines.compiledGradient(m, rows[i], x), 1e-11, "compiled, row " + i);
                XEngines.close(row, XEngines.tapeGradient(m, LOOPS, rows[i], x), 1e-11, "tape, row " + i);
                for (int k = 0; k < 3; k++) {
                    assertEquals(dg[k][i], row[k], 1e-6 * Math.max(1, Math.abs(row[k])), "differences, row " + i);
                }
            }
        }
    }

    private static double[] gradOf(ModuleIr m, double[] x) {
        return new double[] {XEngines.value(m, "g0", x)[0], XEngines.value(m, "g1", x)[0], XEngines.value(m, "g2", x)[0]};
    }

    @Test
    void reverseOverReverseOverReverseAgreesWithDifferencesOfTheHessianVectorProduct() {
        ModuleIr m = LOOPS_MODULE;
        for (double[] x : new double[][] {POINTS[0], POINTS[2]}) {
            double[] want = column(XEngines.central(p -> XEngines.value(m, "hc", p), x, 1e-3));
            XEngines.close(want, XEngines.interpreterGradient(m, "third", x), 1e-6, "interpreter");
            XEngines.close(want, XEngines.compiledGradient(m, "third", x), 1e-6, "compiled");
            XEngines.close(XEngines.interpreterGradient(m, "third", x), XEngines.tapeGradient(m, LOOPS, "third", x), 1e-11, "tape");
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
            double[] want = column(XEngines.central(p -> XEngines.value(m, "g", p), x, 1e-4));
            double[] got = XEngines.interpreterGradient(m, "g", x);
            XEngines.close(want, got, 1e-6, "interpreter against differences");
            XEngines.close(got, XEngines.compiledGradient(m, "g", x), 1e-11, "compiled");
            XEngines.close(got, XEngines.tapeGradient(m, INSIDE, "g", x), 1e-11, "tape");
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
            assertEquals(d1[0] * d1[1], XEngines.value(m, "p01", x)[0], 1e-12 * Math.abs(d1[0] * d1[1]));
            XEngines.close(want, XEngines.interpreterGradient(m, "p01", x), 1e-13, "interpreter");
            XEngines.close(want, XEngines.compiledGradient(m, "p01", x), 1e-13, "compiled");
            XEngines.close(want, XEngines.tapeGradient(m, POLY, "p01", x), 1e-13, "tape");
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
