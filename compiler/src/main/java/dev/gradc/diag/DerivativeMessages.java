package dev.gradc.diag;

import java.util.Collection;

/** What gradc says about derivatives used inside programs ({@code grad(f, x)(...)} and its kin). */
public final class DerivativeMessages {

    private DerivativeMessages() {
    }

    public static String derivativeHead(String kind) {
        return "'" + kind + "(...)(...)' applies a derivative: the first parentheses name a function and one of"
                + " its parameters, as in grad(f, x)(args...)";
    }

    public static String unknownKind(String kind) {
        return "'" + kind + "(f, x)(...)' is not a derivative; expected grad, jvp, vjp, hvp, jacobian or hessian";
    }

    public static String unknownFunction(String kind, String name, Collection<String> earlier) {
        return kind + " of unknown function '" + name + "'; a derivative names a function defined earlier"
                + Messages.suggestion(name, earlier);
    }

    public static String notAParameter(String function, String name, Collection<String> reals) {
        return "'" + name + "' is not a real parameter of '" + function + "'" + (reals.isEmpty()
                ? "; it has none" : "; its real parameters are " + Messages.quoted(reals));
    }

    public static String argumentCount(String kind, String function, int params, boolean extra, int got) {
        String what = switch (kind) {
            case "jvp" -> " and the tangent dx";
            case "vjp" -> " and the seed";
            case "hvp" -> " and the direction v";
            default -> "";
        };
        return kind + "(" + function + ", ...) takes the " + params + " argument" + (params == 1 ? "" : "s")
                + " of '" + function + "'" + what + ": " + (params + (extra ? 1 : 0)) + " in all, got " + got;
    }

    public static String nonScalarOutput(String kind, String function, Object type) {
        return kind + " needs a scalar output, but '" + function + "' returns " + type
                + (kind.equals("grad") ? "; use vjp(f, x)(..., seed)" : "");
    }

    public static String extraType(String kind, String what, Object expected, Object got) {
        return "the " + what + " of " + kind + " must be " + expected + ", got " + got;
    }

    public static String fixedSizeNeeded(String kind, String name, Object type) {
        return kind + " builds its matrix one column per entry of '" + name + "', so '" + name
                + "' must be a scalar or a vector of fixed size, not " + type
                + "; use " + (kind.equals("hessian") ? "hvp" : "jvp or vjp") + " for products instead";
    }

    public static String rankTooHigh(String kind, String function, Object type) {
        return kind + " of '" + function + "' needs a scalar or vector output, not " + type;
    }

    public static String reverseOverCheckpointedLoop() {
        return "reverse mode cannot go back through a checkpointed loop inside an inner derivative of a function that"
                + " calls one with a @vjp_rule but no @jvp_rule (the rules that would go around it are forward mode):"
                + " that loop recomputes trips from snapshots of the stacks it keeps, which an outer adjoint loop"
                + " cannot rerun; remove @checkpoint from the inner function's loop, or give that function a"
                + " @jvp_rule";
    }

    public static String reverseOverStackUse() {
        return "reverse mode cannot go back through this use of an inner derivative's stack: an outer gradient"
                + " differentiates stacks that a loop pushes and pops at the top level of its body, one version at a"
                + " time; differentiate the outer function in forward mode (jvp, jacobian, --jvp, @jvp)";
    }

    /** {@code where} is the position of the statement being differentiated ("file:line:column: ") or empty. */
    /** {@code derivative}: as written, {@code grad(f, x)}. */
    public static String nestedDerivativeTooLarge(String derivative, long limit) {
        return "'" + derivative + "' needs a graph of more than " + limit + " nodes (a derivative inside a program"
                + " is built into its graph, and each derivative of a derivative multiplies its size); take fewer"
                + " derivatives of derivatives inside the program, or ask for the higher derivative from outside it"
                + " (@hessian, @hvp, run --hessian)";
    }

    public static String derivativeTooLarge(String where, long limit) {
        return where + "the derivative would need more than " + limit + " graph nodes to build (each loop or if"
                + " nested in another adds to what its adjoint keeps or recomputes); nest fewer levels in one"
                + " function, or differentiate a smaller part of it";
    }

    /** {@code where} is the position of the outermost loop or if holding most of it ("file:line:column: ") or empty. */
    public static String derivativeCodeTooLarge(String where, long limit) {
        return where + "the derivative's code would be more than " + limit + " operations written out (the adjoint"
                + " of each loop nested in another runs the loops inside it again); nest fewer loops in one"
                + " function, or differentiate a smaller part of it";
    }

    /**
     * A module whose generated code is past the emitter's limit, at the function that crossed it: {@code own} the
     * nodes that function's methods are written with, {@code total} those of the module up to it.
     */
    public static String moduleCodeTooLarge(String function, long own, long total, long limit) {
        return "the generated code of the module's functions up to '" + function + "' would be " + total
                + " operations written out, more than the limit of " + limit + " ('" + function + "' alone: " + own
                + "; each function is written with the functions it calls inlined, once for its value and once per"
                + " derivative, in two forms); request fewer derivatives, split the module so that each file keeps"
                + " only the functions it needs, or raise the limit with -Dgradc.maxModuleCode=N and a larger heap";
    }
}
