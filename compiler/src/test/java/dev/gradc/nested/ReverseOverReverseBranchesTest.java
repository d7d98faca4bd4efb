package dev.gradc.nested;

import org.junit.jupiter.api.Test;

/**
 * Reverse over reverse through loops inside an {@code if} of the inner function, at points taking either
 * branch, in the interpreter, the compiled class and the tape: d/dx of each row of {@code grad(f, x)} against f's
 * Hessian and central differences of the inner gradient, third derivatives, the gradient of an inner
 * {@code hessian}, and the gradient of an inner {@code grad} that stays inlined (its callee calls a function with
 * a {@code @vjp_rule} only, so no boundary can be built): there the outer pass goes back through the inner
 * adjoint, whose forward cond hands the loop's stacks on as results and whose adjoint cond takes them as inputs,
 * so the outer gradient differentiates stacks through cond inputs and results.
 */
class ReverseOverReverseBranchesTest {

    /** Rows of grad(f, x), the Hessian, and a third derivative (the gradient of a weighted gradient). */
    private static final String ROWS = """
            fn g0(x: real[3]) -> real { return grad(f, x)(x)[0]; }
            fn g1(x: real[3]) -> real { return grad(f, x)(x)[1]; }
            fn g2(x: real[3]) -> real { return grad(f, x)(x)[2]; }
            fn hf(x: real[3]) -> real[3,3] { return hessian(f, x)(x); }
            """;

    /** A third derivative: the gradient of a weighted gradient, and the Hessian-vector product it equals. */
    private static final String THIRD = """
            fn gc(x: real[3]) -> real { return sum(grad(f, x)(x) * [1, -0.5, 0.25]); }
            fn third(x: real[3]) -> real { return grad(gc, x)(x)[0]; }
            fn hc(x: real[3]) -> real { return hvp(f, x)(x, [1, -0.5, 0.25])[0]; }
            """;

    /** A while with element and slice updates inside an if, the other branch loop-free. */
    static final String WHILE_IN_IF = """
            fn f(x: real[3]) -> real {
              h = x;
              if (x[0] > 0) {
                while (sum(h * h) < 30) {
                  h = h * 1.2 + sin(h);
                  h[2] = h[2] * h[0] + 0.3;
                  h[0:2] = h[1:3] * 0.5 + h[0:2];
                }
              } else {
                h = h * h + x;
              }
              return sum(h * h * h) + h[1] * h[2];
            }
            """;

    /** An if inside a while inside an if, a loop in each branch, updates in the inner if. */
    static final String IF_IN_WHILE_IN_IF = """
            fn f(x: real[3]) -> real {
              h = x;
              r = 0;
              if (sum(x) > 0.5) {
                while (sum(h * h) < 30) {
                  if (h[0] > h[1]) { h = h * 1.2 + sin(h); h[1] = h[1] + h[0] * 0.1; } else { h = h + 0.4 * cos(h); }
                  h[2] = h[2] * h[0] + 0.3;
                }
                r = sum(h * h * h);
              } else {
                i = 0;
                while (i < 4) { h[0:2] = h[1:3] * h[0:2] + 0.3; h = sin(h) + x; i = i + 1; }
                r = sum(exp(h));
              }
              return r + h[1] * h[2];
            }
            """;

    /** A while inside an if inside a while: each outer trip's adjoint reruns the if, stacks and all. */
    static final String WHILE_IN_IF_IN_WHILE = """
            fn f(x: real[3]) -> real {
              h = x;
              for k in 0..3 {
                if (h[0] > h[1]) {
                  j = 0;
                  while (j < 1 || sum(h * h) < 8 && j < 5) { h = h * 0.9 + sin(h) * x; h[1] = h[1] * h[2]; j = j + 1; }
                } else {
                  h = h * h + x;
                }
                h = cos(h) + 0.5 * h;
              }
              return sum(h * h * h) + h[1] * h[2];
            }
            """;

    private static final double[][] POINTS = {{0.5, 0.7, -0.3}, {0.9, -0.4, 0.6}, {-0.2, 0.3, 1.1}, {-0.6, 0.2, 0.1}};

    /**
     * Reverse over reverse over reverse: the gradient of third is that of hc, (H w)[0], by differences, at one
     * point in each branch.
     */
    @Test
    void thirdDerivativesThroughLoopsInsideIfsAgreeWithDifferencesInEveryEngine() {
        XEngines.gradientAgreesEverywhere(WHILE_IN_IF + THIRD, "third", "hc", 1e-3, POINTS[0], POINTS[2]);
    }

    /** Reverse over an inner hessian (hvp boundaries, one per column). */
    private static final String REVERSE_OVER_HVP = """
            fn hr(x: real[3]) -> real { return sum(hessian(f, x)(x) * [[0.3, 1, -2], [1, 0.5, 0.2], [-2, 0.2, 0.7]]); }
            """;

    @Test
    void theGradientOfAHessianThroughLoopsInsideIfsAgreesWithDifferencesInEveryEngine() {
        for (String f : new String[] {WHILE_IN_IF, IF_IN_WHILE_IN_IF}) {
            XEngines.gradientAgreesEverywhere(f + REVERSE_OVER_HVP, "hr", 1e-4, POINTS);
        }
    }

    /**
     * f's value through a function with only a @vjp_rule (the identity's adjoint), so that grad(f, x) is inlined and
     * the outer gradient goes back through its stacks.
     */
    private static final String VJP_ONLY = """
            fn same(y: real) -> real { return y; }
            @vjp_rule(same, y)
            fn same_vjp(y: real, out: real, bar: real) -> real { return bar; }
            fn fs(x: real[3]) -> real { return same(f(x)); }
            fn gw(x: real[3]) -> real { return sum(grad(fs, x)(x) * [1, -0.5, 0.25]); }
            """;

    @Test
    void theGradientOfAnInlinedGradThroughLoopsInsideIfsAgreesWithDifferencesInEveryEngine() {
        for (String f : new String[] {WHILE_IN_IF, IF_IN_WHILE_IN_IF}) {
            XEngines.gradientAgreesEverywhere(f + VJP_ONLY, "gw", 1e-4, POINTS);
        }
    }

    @Test
    void theGradientOfGradThroughAWhileInsideAnIfIsTheHessianInEveryEngine() {
        XEngines.rowsAreTheHessian(WHILE_IN_IF + ROWS, POINTS);
    }

    @Test
    void theGradientOfGradThroughAWhileInAnIfInAWhileIsTheHessianInEveryEngine() {
        XEngines.rowsAreTheHessian(WHILE_IN_IF_IN_WHILE + ROWS, POINTS[0], POINTS[1]);
    }

    @Test
    void theGradientOfGradThroughAnIfInAWhileInAnIfIsTheHessianInEveryEngine() {
        XEngines.rowsAreTheHessian(IF_IN_WHILE_IN_IF + ROWS, POINTS);
    }
}
