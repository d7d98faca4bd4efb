package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;

/**
 * A Java expression as JavaPoet code and the precedence of its outermost operator, so that operands are
 * parenthesised exactly where Java needs it (floating point is not associative: {@code a - (b + c)} keeps
 * its parentheses). Classes inside are {@code $T} references, so JavaPoet writes the imports.
 */
record Expr(CodeBlock block, int prec) {

    static final int CONDITIONAL = 0;
    static final int OR = 1;
    static final int AND = 2;
    static final int RELATIONAL = 3;
    static final int ADDITIVE = 4;
    static final int MULTIPLICATIVE = 5;
    static final int UNARY = 6;
    static final int ATOM = 7;

    /** An expression of plain text: a name, a literal, an index computed from names (no class in it). */
    Expr(String text, int prec) {
        this(CodeBlock.of("$L", text), prec);
    }

    static Expr atom(String text) {
        return new Expr(text, ATOM);
    }

    static Expr atom(CodeBlock code) {
        return new Expr(code, ATOM);
    }

    /** The code, in parentheses when its operator binds less tightly than {@code minPrec}. */
    CodeBlock in(int minPrec) {
        return prec >= minPrec ? block : CodeBlock.of("($L)", block);
    }

    /** Package prefixes of qualified class names, as JavaPoet writes a {@code $T} without imports. */
    private static final java.util.regex.Pattern PACKAGE = java.util.regex.Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.)+(?=[A-Z])");

    /**
     * The expression as it reads in the generated class (classes by their simple names): for names, sizes and
     * index arithmetic, which the emitter combines as text, and for the length of an inlined expression.
     */
    String text() {
        return PACKAGE.matcher(block.toString()).replaceAll("");
    }

    /** The same as {@link #text()}: for names, sizes and indices. */
    String code() {
        return text();
    }

    /** {@link #text()}, in parentheses when its operator binds less tightly than {@code minPrec}: for index text. */
    String textAt(int minPrec) {
        return prec >= minPrec ? text() : "(" + text() + ")";
    }

    /** True for a plain name (a variable), which may be assigned to or reused. */
    boolean isName() {
        String code = text();
        if (code.isEmpty() || !Character.isJavaIdentifierStart(code.charAt(0))) {
            return false;
        }
        for (int i = 1; i < code.length(); i++) {
            if (!Character.isJavaIdentifierPart(code.charAt(i))) {
                return false;
            }
        }
        return !code.equals("true") && !code.equals("false");
    }

    @Override
    public String toString() {
        return text();
    }
}
