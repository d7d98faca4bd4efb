package dev.gradc.rules;

import static dev.gradc.diag.BadInput.assertErrors;

import org.junit.jupiter.api.Test;

/** Positioned diagnostics of custom rules and extern functions: where, and what was expected. */
class RuleErrorsTest {

    private static final String F = "fn f(x: real, n: int) -> real { return x * n; }\n";
    private static final String RULE = "fn r(x: real, n: int, y: real, ybar: real) -> real { return ybar; }";

    @Test
    void ruleForAnUnknownFunction() {
        assertErrors(F + "@vjp_rule(g, x)\n" + RULE,
                "2:1: @vjp_rule is for function 'g', which this module does not define; did you mean 'f'?");
    }

    @Test
    void ruleForAnUnknownOrIntParameter() {
        assertErrors(F + "@vjp_rule(f, z)\n" + RULE,
                "2:1: @vjp_rule(f, z): 'z' is not a real parameter of 'f'; did you mean 'x'?");
        assertErrors(F + "@vjp_rule(f, n)\n" + RULE,
                "2:1: @vjp_rule(f, n): 'n' is an int parameter of 'f', which has no derivative; rules are for real "
                        + "parameters");
        assertErrors(F + "@vjp_rule(f)\n" + RULE,
                "2:1: @vjp_rule names a function and one of its real parameters, as in @vjp_rule(f, x)");
    }

    @Test
    void wrongSignatureSaysWhichParameterAndWhatWasExpected() {
        assertErrors(F + "@vjp_rule(f, x)\nfn r(x: real, n: int, y: real) -> real { return y; }",
                "3:4: 'r' is a @vjp_rule and takes 4 parameters, found 3; expected fn r(x: real, n: int, y: real, "
                        + "ybar: real) -> real");
        assertErrors(F + "@vjp_rule(f, x)\nfn r(x: real, n: int, y: real, ybar: real[3]) -> real { return ybar[0]; }",
                "3:32: parameter 4 'ybar' of 'r' should be real (the adjoint of f's output), found real[3]; expected "
                        + "fn r(x: real, n: int, y: real, ybar: real) -> real");
        assertErrors(F + "@jvp_rule(f, x)\nfn r(x: real, n: real, y: real, dx: real) -> real { return dx; }",
                "3:15: parameter 2 'n' of 'r' should be int (f's parameter 'n'), found real; expected "
                        + "fn r(x: real, n: int, y: real, dx: real) -> real");
        assertErrors(F + "@vjp_rule(f, x)\nfn r(x: real, n: int, y: real, ybar: real) -> int { return 1; }",
                "3:47: 'r' should return real (the adjoint of 'x'), found int");
    }

    @Test
    void arrayRuleSignatureUsesTheShapesAsWritten() {
        assertErrors("fn s<N>(v: real[N]) -> real { return sum(v); }\n@vjp_rule(s, v)\n"
                        + "fn sv<N>(v: real[N], y: real, ybar: real) -> real { return ybar; }",
                "3:46: 'sv' should return real[N] (the adjoint of 'v'), found real");
    }

    @Test
    void twoRulesForOneParameter() {
        assertErrors(F + "@vjp_rule(f, x)\n" + RULE + "\n@vjp_rule(f, x)\n" + RULE.replace("fn r", "fn r2"),
                "4:1: a second @vjp_rule(f, x); the first is on line 2 (one rule per parameter)");
    }

    @Test
    void aDerivativeThatNeedsAMissingRuleNamesIt() {
        assertErrors("extern fn e(a: real) -> real = \"java.lang.Math.exp\";\n@grad\n"
                        + "fn g(x: real) -> real { return 2 * e(x); }",
                "3:36: @grad of 'g' needs the derivative of this call of 'e' with respect to 'a', which has no rule; "
                        + "add @vjp_rule(e, a)");
        assertErrors("fn f(x: real) -> real { return x; }\n@vjp_rule(f, x)\n"
                        + "fn fv(x: real, y: real, ybar: real) -> real { return ybar; }\n@jvp\n"
                        + "fn g(x: real) -> real { return f(x); }",
                "5:32: @jvp of 'g' needs the derivative of this call of 'f' with respect to 'x', which has no rule; "
                        + "add @jvp_rule(f, x)");
        assertErrors("extern fn e(a: real) -> real = \"java.lang.Math.exp\";\nfn h(x: real) -> real { return e(x); }\n"
                        + "@grad\nfn g(x: real) -> real { return h(x) + grad(h, x)(x); }",
                "2:32: grad(h, x) at bad.grad:4:39 needs the derivative of this call of 'e' with respect to 'a', which "
                        + "has no rule; add @vjp_rule(e, a)");
    }

    @Test
    void anExternWithoutRulesIsAConstantWhereNoDerivativeNeedsIt() {
        // n is an int; the extern's real argument does not depend on x: no rule is needed, no error
        assertErrors("extern fn e(a: real) -> real = \"java.lang.Math.exp\";\n@grad\n"
                + "fn g(x: real, n: int) -> real { return x * e(1.0 * n); }");
    }

    @Test
    void externMethodMustExistWithThatSignature() {
        assertErrors("extern fn e(a: real, b: int) -> real = \"java.lang.Math.exp\";",
                "1:40: no public static method double exp(double, int) for extern \"java.lang.Math.exp\"; found "
                        + "static double exp(double)");
        assertErrors("extern fn e(a: real) -> real = \"java.lang.Mathh.exp\";",
                "1:32: class 'java.lang.Mathh' of extern \"java.lang.Mathh.exp\" is not on the class path (give it "
                        + "with --classpath, or as a dependency of the project)");
        assertErrors("extern fn e(a: real) -> real = \"exp\";",
                "1:32: extern target \"exp\" should be a fully qualified static method, as in \"java.lang.Math.hypot\"");
        assertErrors("extern fn e(a: bool) -> real = \"java.lang.Math.exp\";",
                "1:16: extern function 'e' takes bool; extern parameters and results are real or int scalars or "
                        + "arrays (double, int, flat double[] and int[])");
        assertErrors("@grad\nextern fn e(a: real) -> real = \"java.lang.Math.exp\";",
                "1:1: extern function 'e' has no body to differentiate; @grad is not allowed here (give it rules "
                        + "with @vjp_rule and @jvp_rule)");
    }

    @Test
    void aRuleMayCallItsFunctionButNotDifferentiateThroughItThere() {
        String rule = "extern fn e(a: real) -> real = \"java.lang.Math.exp\";\n@vjp_rule(e, a)\n"
                + "fn ev(a: real, y: real, ybar: real) -> real { return ybar * e(a); }\n@jvp_rule(e, a)\n"
                + "fn ej(a: real, y: real, da: real) -> real { return da * y; }\n";
        assertErrors(rule + "@grad\nfn g(x: real) -> real { return e(x); }");
        assertErrors(rule + "@hessian\nfn g(x: real) -> real { return e(x); }",
                "3:61: @hessian of 'g' needs the derivative, with respect to 'a', of this call of 'e' inside a rule "
                        + "of 'e', where its rules do not apply; use the rule's parameter y for e's output, or write "
                        + "the rule without calling 'e'");
    }
}
