package dev.gradc.diag;

import java.util.Collection;

/** What gradc says about custom derivative rules ({@code @vjp_rule}, {@code @jvp_rule}) and extern functions. */
public final class RuleMessages {

    private RuleMessages() {
    }

    // ---- rules, at the annotation

    public static String ruleArguments(String kind) {
        return "@" + kind + " names a function and one of its real parameters, as in @" + kind + "(f, x)";
    }

    public static String unknownFunction(String kind, String function, Collection<String> known) {
        return "@" + kind + " is for function '" + function + "', which this module does not define"
                + Messages.suggestion(function, known);
    }

    public static String ownRule(String kind, String function) {
        return "@" + kind + " on '" + function + "' names '" + function + "' itself; a rule is a separate function "
                + "that takes " + function + "'s parameters, its output and the " + (kind.startsWith("vjp")
                ? "output's adjoint" : "parameter's tangent");
    }

    public static String notARealParameter(String kind, String function, String name, Collection<String> reals,
                                           String actualType) {
        if (actualType != null) {
            return "@" + kind + "(" + function + ", " + name + "): '" + name + "' is " + actualType + " parameter of '"
                    + function + "', which has no derivative; rules are for real parameters";
        }
        String s = Messages.suggestion(name, reals);
        return "@" + kind + "(" + function + ", " + name + "): '" + name + "' is not a real parameter of '" + function
                + "'" + (s.isEmpty() ? reals.isEmpty() ? " (it has none)" : "; its real parameters are "
                + Messages.quoted(reals) : s);
    }

    public static String duplicateRule(String kind, String function, String name, int line) {
        return "a second @" + kind + "(" + function + ", " + name + "); the first is on line " + line
                + " (one rule per parameter)";
    }

    public static String parameterCount(String rule, String kind, int got, String expected) {
        return "'" + rule + "' is a @" + kind + " and takes " + countOf(expected) + " parameters, found " + got
                + "; expected " + expected;
    }

    public static String parameterType(String rule, int index, String name, String role, String expected,
                                       String found, String signature) {
        return "parameter " + index + " '" + name + "' of '" + rule + "' should be " + expected + " (" + role
                + "), found " + found + "; expected " + signature;
    }

    public static String returnType(String rule, String role, String expected, String found) {
        return "'" + rule + "' should return " + expected + " (" + role + "), found " + found;
    }

    private static long countOf(String signature) {
        String inside = signature.substring(signature.indexOf('(') + 1, signature.indexOf(')'));
        return inside.isBlank() ? 0 : inside.chars().filter(c -> c == ',').count() + 1;
    }

    // ---- rules, where a derivative needs one

    public static String missingRule(String kind, String function, String name, String need) {
        return need + " needs the derivative of this call of '" + function + "' with respect to '" + name
                + "', which has no rule; add @" + kind + "(" + function + ", " + name + ")";
    }

    public static String ownRuleDerivative(String function, String name, String need) {
        return need + " needs the derivative, with respect to '" + name + "', of this call of '" + function
                + "' inside a rule of '" + function + "', where its rules do not apply; use the rule's parameter y "
                + "for " + function + "'s output, or write the rule without calling '" + function + "'";
    }

    // ---- extern functions

    public static String externTarget(String target) {
        return "extern target \"" + target + "\" should be a fully qualified static method, as in "
                + "\"java.lang.Math.hypot\"";
    }

    public static String externAnnotation(String function, String annotation) {
        return "extern function '" + function + "' has no body to differentiate; @" + annotation
                + " is not allowed here (give it rules with @vjp_rule and @jvp_rule)";
    }

    public static String externParameterType(String function, String type) {
        return "extern function '" + function + "' takes " + type + "; extern parameters and results are real or "
                + "int scalars or arrays (double, int, flat double[] and int[])";
    }

    public static String externClassNotFound(String className, String target) {
        return "class '" + className + "' of extern \"" + target + "\" is not on the class path (give it with "
                + "--classpath, or as a dependency of the project)";
    }

    public static String externNoMethod(String target, String wanted, Collection<String> found) {
        return "no public static method " + wanted + " for extern \"" + target + "\""
                + (found.isEmpty() ? "; the class has no method of that name"
                : "; found " + String.join(", ", found));
    }

    public static String externNotStatic(String target, String found) {
        return "extern \"" + target + "\" must be a public static method; found " + found;
    }
}
