package dev.gradc.emit;

/**
 * A Java expression and the precedence of its outermost operator, so that operands are parenthesised
 * exactly where Java needs it (floating point is not associative: {@code a - (b + c)} keeps its parentheses).
 */
record Expr(String code, int prec) {

    static final int CONDITIONAL = 0;
    static final int OR = 1;
    static final int AND = 2;
    static final int RELATIONAL = 3;
    static final int ADDITIVE = 4;
    static final int MULTIPLICATIVE = 5;
    static final int UNARY = 6;
    static final int ATOM = 7;

    static Expr atom(String code) {
        return new Expr(code, ATOM);
    }

    /** The code, in parentheses when its operator binds less tightly than {@code minPrec}. */
    String at(int minPrec) {
        return prec >= minPrec ? code : "(" + code + ")";
    }

    /** True for a plain name (a variable), which may be assigned to or reused. */
    boolean isName() {
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
        return code;
    }
}
