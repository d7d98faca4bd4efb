package dev.gradc.syntax;

import static dev.gradc.diag.BadInput.assertErrors;
import static dev.gradc.diag.BadInput.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gradc.diag.BadInput;
import dev.gradc.diag.Messages;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lexical and syntax errors: position (line:col, 1-based) and wording of each diagnostic. */
class ParserErrorsTest {

    @Test
    void reportsMissingSemicolonAtTheEndOfTheLineWhereItIsMissing() {
        assertErrors("fn f(x: real) -> real {\n  y = x * 2\n  return y;\n}",
                "2:12: ';' expected at the end of this line");
        assertErrors("fn f(x: real) -> real {\n  y = x * 2\n\n  // a comment\n  return y;\n}",
                "2:12: ';' expected at the end of this line");
    }

    @Test
    void reportsMissingCloseParenOfACall() {
        assertErrors("fn f(x: real) -> real { return sin(x; }", "1:37: unexpected ';'; expected ')' or ','");
    }

    @Test
    void reportsStrayToken() {
        assertErrors("fn f(x: real) -> real { return x ) ; }", "1:34: unexpected ')'; expected ';'");
    }

    @Test
    void reportsUnclosedAnnotationArguments() {
        assertErrors("@grad(x fn f(x: real) -> real { return x; }", "1:9: unexpected 'fn'; expected ')' or ','");
    }

    @Test
    void reportsFunctionWithoutBody() {
        assertErrors("fn f(x: real) -> real;", "1:22: unexpected ';'; expected '{'");
    }

    @Test
    void reportsMissingArrowBeforeReturnType() {
        assertErrors("fn f(x: real) real { return x; }", "1:15: unexpected 'real'; expected '->'");
    }

    @Test
    void reportsMissingColonInParameter() {
        assertErrors("fn f(x real) -> real { return x; }", "1:8: unexpected 'real'; expected ':'");
    }

    @Test
    void reportsExtraClosingBrace() {
        assertErrors("fn f(x: real) -> real { return x; } }",
                "1:37: unexpected '}'; expected end of file or 'extern' or 'fn' or '@'");
    }

    @Test
    void reportsUnclosedBodyAtEndOfFile() {
        assertErrors("fn f(x: real) -> real {\n  return x;\n",
                "2:12: unexpected end of file; expected '}' or 'while' or 'for' or 'return' or 'if' or a name");
    }

    @Test
    void reportsMissingOperandAsExpectedExpression() {
        assertErrors("fn f(x: real) -> real { return x +; }", "1:35: unexpected ';'; expected an expression");
    }

    @Test
    void reportsMalformedNumberWithTwoPoints() {
        assertErrors("fn f(x: real) -> real {\n  return 1.2.3;\n}", "2:10: malformed number '1.2.3'");
    }

    @Test
    void reportsExponentWithoutDigits() {
        assertErrors("fn f(x: real) -> real { return 1e; }", "1:32: malformed number '1e'");
    }

    @Test
    void reportsExponentSignWithoutDigits() {
        assertErrors("fn f(x: real) -> real { return x * 1e-; }", "1:36: malformed number '1e-'");
    }

    @Test
    void reportsNumberRunningIntoAName() {
        assertErrors("fn f(x: real) -> real { return 2x; }", "1:32: malformed number '2x'");
    }

    @Test
    void reportsNumberTooLargeForADouble() {
        assertErrors("fn f(x: real) -> real { return 1e999; }", "1:32: number '1e999' is too large for a 64-bit real");
    }

    @Test
    void rangeOfAForLoopIsNotAMalformedNumber() {
        assertEquals(List.of(), errors("fn f(x: real) -> real { s = x; for i in 0..3 { s = s + i; } return s; }"));
    }

    @Test
    void reportsUnterminatedComment() {
        assertErrors("fn f(x: real) -> real { return x; }\n/* never\nclosed",
                "2:1: " + Messages.unterminatedComment());
    }

    @Test
    void reportsUnexpectedCharacterAndStillParsesTheRest() {
        assertErrors("fn f(x: real) -> real { return x $ x; }",
                "1:34: unexpected character '$'", "1:36: unexpected 'x'; expected ';'");
    }

    @Test
    void reportsEmptyFile() {
        assertErrors("", "1:1: the file defines no function");
    }

    @Test
    void reportsFileWithOnlyCommentsAsEmpty() {
        assertErrors("// nothing here\n/* nor here */\n", "1:1: the file defines no function");
    }

    @Test
    void reportsSyntaxErrorsOfEveryFunction() {
        assertErrors("fn f(x: real) -> real { y = x return y; }\nfn g(x: real) -> real { return x ) ; }",
                "1:31: unexpected 'return'; expected ';'", "2:34: unexpected ')'; expected ';'");
    }

    @Test
    void reportsMissingFunctionName() {
        List<String> e = errors("fn (x: real) -> real { return x; }");
        assertEquals("1:4: unexpected '('; expected a name", e.get(0));
    }

    @Test
    void tenThousandNestedParenthesesGiveAnAnswerNotAStackOverflow() {
        int depth = 10_000;
        String program = "fn f(x: real) -> real { return " + "(".repeat(depth) + "x + 1" + ")".repeat(depth) + "; }";
        List<String> e = errors(program);
        assertTrue(e.isEmpty() || e.equals(List.of("1:1: " + Messages.nestedTooDeeply())), e::toString);
    }

    @Test
    void tenThousandUnaryMinusesGiveAnAnswerNotAStackOverflow() {
        String program = "fn f(x: real) -> real { return " + "-".repeat(10_000) + "x; }";
        List<String> e = errors(program);
        assertTrue(e.isEmpty() || e.equals(List.of("1:1: " + Messages.nestedTooDeeply())), e::toString);
    }

    @Test
    void tenThousandDeepSumGivesAnAnswer() {
        String program = "fn f(x: real) -> real { return x" + " + x".repeat(10_000) + "; }";
        assertEquals(List.of(), errors(program));
    }

    @Test
    void antlrPrintsNothingEvenForGarbage() {
        // BadInput fails the test if anything reaches System.out or System.err
        assertTrue(BadInput.diagnostics("}}} fn fn ( @@ -> ;; \u0000 \"str\"").hasErrors());
    }
}
