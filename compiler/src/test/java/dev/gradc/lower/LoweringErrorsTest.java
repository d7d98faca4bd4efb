package dev.gradc.lower;

import static dev.gradc.diag.BadInput.assertErrors;

import org.junit.jupiter.api.Test;

/** Name, type and shape errors found while lowering: position and wording of each diagnostic. */
class LoweringErrorsTest {

    @Test
    void reportsUndefinedNameWithSuggestion() {
        assertErrors("fn f(rate: real) -> real { return rat * 2; }",
                "1:35: undefined name 'rat'; did you mean 'rate'?");
    }

    @Test
    void reportsEveryUndefinedNameNotOnlyTheFirst() {
        assertErrors("fn f(x: real) -> real {\n  a = xx;\n  b = qq;\n  return a + b;\n}",
                "2:7: undefined name 'xx'; did you mean 'x'?", "3:7: undefined name 'qq'");
    }

    @Test
    void reportsErrorsOfIndependentFunctions() {
        assertErrors("fn f(x: real) -> real { return y; }\nfn g(x: real) -> real { return sine(x); }",
                "1:32: undefined name 'y'; did you mean 'x'?", "2:32: unknown function 'sine'; did you mean 'sin'?");
    }

    @Test
    void reportsVectorsOfDifferentLengths() {
        assertErrors("fn f(x: real[3], y: real[4]) -> real[3] { return x + y; }",
                "1:52: shapes [3] and [4] do not broadcast in 'add' (a scalar goes with anything; [B,N] with [N])");
    }

    @Test
    void reportsMatmulInnerDimensions() {
        assertErrors("fn f(x: real[2,3], y: real[2,3]) -> real[2,3] { return x @ y; }",
                "1:58: '@' of [2,3] and [2,3]: inner dimensions 3 and 2 differ");
    }

    @Test
    void reportsBuiltinArgumentCount() {
        assertErrors("fn f(x: real) -> real { return sin(x, x); }", "1:32: 'sin' takes 1 argument, got 2");
    }

    @Test
    void reportsUserFunctionArgumentCount() {
        assertErrors("fn g(a: real, b: real) -> real { return a * b; }\nfn f(x: real) -> real { return g(x); }",
                "2:32: 'g' takes 2 arguments, got 1");
    }

    @Test
    void reportsBoolUsedAsNumber() {
        assertErrors("fn f(x: real) -> real { b = x > 1; return b + 1; }", "1:43: '+' expects a number, got bool");
    }

    @Test
    void reportsNumberUsedAsIfCondition() {
        assertErrors("fn f(x: real) -> real {\n  if (x) { y = 1; } else { y = 2; }\n  return y;\n}",
                "2:7: the condition of the if must be a scalar bool, got real");
    }

    @Test
    void reportsIntUsedAsWhileCondition() {
        assertErrors("fn f(x: real) -> real { while (1) { x = x * 2; } return x; }",
                "1:32: the condition of the while loop must be a scalar bool, got int");
    }

    @Test
    void reportsNameAssignedInOneBranchOnly() {
        assertErrors("fn f(x: real) -> real {\n  if (x > 0) { y = 1; }\n  return y;\n}",
                "3:10: 'y' is assigned in only one branch of the if at line 2; assign it in both branches or before the if");
    }

    @Test
    void reportsNameAssignedOnlyInsideALoop() {
        assertErrors("fn f(x: real) -> real {\n  while (x < 10) { z = x; x = x + 1; }\n  return z;\n}",
                "3:10: 'z' is assigned only inside the loop at line 2 and may be undefined after it; assign it before the loop");
    }

    @Test
    void reportsUnknownFunctionWithSuggestion() {
        assertErrors("fn f(x: real) -> real { return sine(x); }", "1:32: unknown function 'sine'; did you mean 'sin'?");
    }

    @Test
    void reportsUnknownType() {
        assertErrors("fn f(x: complex) -> real { return 1; }",
                "1:9: unknown type 'complex'; expected 'real', 'int' or 'bool'");
    }

    @Test
    void reportsUnknownSizeName() {
        assertErrors("fn f(x: real[N]) -> real { return sum(x); }",
                "1:14: unknown size name 'N'; declare it as fn f<N>(...)");
    }

    @Test
    void reportsZeroDimension() {
        assertErrors("fn f(x: real[0]) -> real { return 1; }",
                "1:14: dimension '0' must be a positive integer or a size name");
    }

    @Test
    void reportsWrongReturnType() {
        assertErrors("fn f(x: real[3]) -> real { return x * 2; }",
                "1:21: function 'f' is declared to return real but returns real[3]");
    }

    @Test
    void reportsRealIndex() {
        assertErrors("fn f(x: real[3]) -> real { return x[1.5]; }",
                "1:37: an index must be an int, got real (a real is never rounded to an int)");
    }

    @Test
    void reportsRealForLoopBound() {
        assertErrors("fn f(x: real) -> real { for i in 0..2.5 { x = x + 1; } return x; }",
                "1:37: the end of a for loop must be an int, got real (a real is never rounded to an int)");
    }

    @Test
    void reportsUnknownAnnotation() {
        assertErrors("@gradient\nfn f(x: real) -> real { return x; }",
                "1:1: unknown annotation '@gradient'; expected @grad, @vjp, @jvp, @jacobian, @hessian or @hvp");
    }

    @Test
    void reportsAnnotationNamingANonParameter() {
        assertErrors("@grad(z)\nfn f(x: real) -> real { return x; }",
                "1:1: @grad names 'z', which is not a real parameter of the function");
    }

    @Test
    void reportsGradOfNonScalarOutput() {
        assertErrors("@grad\nfn f(x: real[3]) -> real[3] { return x; }",
                "1:1: @grad needs a scalar output, but 'f' returns real[3]; use @vjp with a seed");
    }

    @Test
    void reportsAxisOutOfRange() {
        assertErrors("fn f(x: real[3]) -> real { return sum(x, 1); }",
                "1:35: axis 1 is out of range for a value of shape [3]");
    }

    @Test
    void aBadConditionDoesNotCascadeIntoUndefinedNames() {
        assertErrors("fn f(x: real) -> real {\n  if (x) { y = 1; } else { y = 2; }\n  return y * 2;\n}",
                "2:7: the condition of the if must be a scalar bool, got real");
    }

    @Test
    void reportsSizeNameBoundTwiceByACall() {
        assertErrors("fn g<N>(a: real[N], b: real[N]) -> real { return dot(a, b); }\n"
                        + "fn f(x: real[2], y: real[3]) -> real { return g(x, y); }",
                "2:52: size 'N' is bound to both 2 and 3");
    }
}
