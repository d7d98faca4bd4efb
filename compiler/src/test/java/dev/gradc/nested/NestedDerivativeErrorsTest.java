package dev.gradc.nested;

import static dev.gradc.diag.BadInput.assertErrors;

import org.junit.jupiter.api.Test;

/** Each way a derivative inside a program can be wrong: one positioned diagnostic, worded once. */
class NestedDerivativeErrorsTest {

    private static final String G = "fn g(x: real, v: real[3], n: int) -> real { return x * sum(v) + n; }\n";

    @Test
    void unknownKind() {
        assertErrors(G + "fn f(x: real) -> real { return grd(g, x)(x, [1, 2, 3], 1); }",
                "2:32: 'grd(f, x)(...)' is not a derivative; expected grad, jvp, vjp, hvp, jacobian or hessian");
    }

    @Test
    void unknownFunctionWithSuggestion() {
        assertErrors(G + "fn f(x: real) -> real { return grad(h, x)(x, [1, 2, 3], 1); }",
                "2:37: grad of unknown function 'h'; a derivative names a function defined earlier; did you mean 'g'?");
    }

    @Test
    void laterFunction() {
        assertErrors("fn f(x: real) -> real { return grad(g, x)(x); }\nfn g(x: real) -> real { return x; }",
                "1:37: function 'g' is defined later in the file; a function may call only functions before it");
    }

    @Test
    void itself() {
        assertErrors("fn f(x: real) -> real { return grad(f, x)(x); }",
                "1:37: function 'f' calls itself; recursion is not supported");
    }

    @Test
    void notARealParameter() {
        assertErrors(G + "fn f(x: real) -> real { return grad(g, n)(x, [1, 2, 3], 1); }",
                "2:40: 'n' is not a real parameter of 'g'; its real parameters are 'x', 'v'");
    }

    @Test
    void argumentCount() {
        assertErrors(G + "fn f(x: real) -> real { return jvp(g, x)(x, [1, 2, 3], 1); }",
                "2:32: jvp(g, ...) takes the 3 arguments of 'g' and the tangent dx: 4 in all, got 3");
    }

    @Test
    void argumentType() {
        assertErrors(G + "fn f(x: real) -> real { return grad(g, x)(x, [1, 2], 1); }",
                "2:46: argument 'v' of 'g' must be real[3], got real[2]");
    }

    @Test
    void gradOfVectorOutput() {
        assertErrors("fn g(x: real) -> real[2] { return [x, x]; }\nfn f(x: real) -> real { return sum(grad(g, x)(x)); }",
                "2:41: grad needs a scalar output, but 'g' returns real[2]; use vjp(f, x)(..., seed)");
    }

    @Test
    void hvpOfVectorOutput() {
        assertErrors("fn g(x: real) -> real[2] { return [x, x]; }\nfn f(x: real) -> real { return hvp(g, x)(x, 1); }",
                "2:36: hvp needs a scalar output, but 'g' returns real[2]");
    }

    @Test
    void tangentOfTheWrongShape() {
        assertErrors(G + "fn f(x: real) -> real { return jvp(g, v)(x, [1, 2, 3], 1, [1, 2]); }",
                "2:59: the tangent dx of jvp must be real[3], got real[2]");
    }

    @Test
    void seedOfTheWrongShape() {
        assertErrors("fn g(x: real) -> real[2] { return [x, x]; }\n"
                        + "fn f(x: real) -> real { return vjp(g, x)(x, 1); }",
                "2:45: the seed of vjp must be real[2], got real");
    }

    @Test
    void directionOfTheWrongShape() {
        assertErrors(G + "fn f(x: real) -> real { return sum(hvp(g, v)(x, [1, 2, 3], 1, 2)); }",
                "2:63: the direction v of hvp must be real[3], got real");
    }

    @Test
    void hessianNeedsAFixedSize() {
        assertErrors("fn g<N>(v: real[N]) -> real { return sum(v * v); }\n"
                        + "fn f<N>(v: real[N]) -> real { return sum(hessian(g, v)(v)); }",
                "2:53: hessian builds its matrix one column per entry of 'v', so 'v' must be a scalar or a vector of"
                        + " fixed size, not real[N]; use hvp for products instead");
    }

    @Test
    void jacobianOfAMatrixOutput() {
        assertErrors("fn g(x: real) -> real[2,2] { return [[x, x], [x, x]]; }\n"
                        + "fn f(x: real) -> real { return sum(jacobian(g, x)(x)); }",
                "2:45: jacobian of 'g' needs a scalar or vector output, not real[2,2]");
    }

    @Test
    void reverseOverAnInlinedInnerDerivativeThroughACheckpointedLoopIsRefusedWhereAsked() {
        // a derivative of a loop is a boundary whose rules go through it (CheckpointedInnerDerivativesTest), unless
        // the callee calls a function whose rules the boundary's forward-mode rules cannot go through
        assertErrors("""
                fn clip(x: real) -> real { return x; }
                @vjp_rule(clip, x)
                fn clip_vjp(x: real, y: real, ybar: real) -> real { return max(min(ybar, 1), -1); }
                fn r(w: real[2]) -> real {
                  h = w;
                  @checkpoint(4)
                  while (sum(h) < 10) { h = h + w + 0.1 * sin(h); }
                  return clip(sum(h * h));
                }
                @grad
                fn f(w: real[2]) -> real { return sum(grad(r, w)(w)); }""",
                "10:1: reverse mode cannot go back through a checkpointed loop inside an inner derivative of a"
                        + " function that calls one with a @vjp_rule but no @jvp_rule (the rules that would go around"
                        + " it are forward mode): that loop recomputes trips from snapshots of the stacks it keeps,"
                        + " which an outer adjoint loop cannot rerun; remove @checkpoint from the inner function's"
                        + " loop, or give that function a @jvp_rule");
    }

    @Test
    void theFirstParenthesesNameAFunctionAndAParameter() {
        assertErrors(G + "fn f(x: real) -> real { return grad(g, 2 * x)(x, [1, 2, 3], 1); }",
                "2:36: 'grad(...)(...)' applies a derivative: the first parentheses name a function and one of its"
                        + " parameters, as in grad(f, x)(args...)");
    }
}
