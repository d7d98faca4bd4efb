package dev.gradc.ops;

import dev.gradc.diag.Span;

/**
 * A derivative needs a function's derivative in a parameter that has no rule ({@code @vjp_rule} or
 * {@code @jvp_rule}); {@code at} is the call. An {@link UnsupportedOperationException}, so every caller that
 * refuses a derivative it cannot build (the command line, nested derivatives) reports it as such.
 */
public final class MissingRuleException extends UnsupportedOperationException {

    private final transient Span at;
    private final String kind;
    private final String function;
    private final String param;
    private final boolean ownRule;

    public MissingRuleException(Span at, String kind, String function, String param, boolean ownRule) {
        super(at.where() + ": " + text(kind, function, param, ownRule, "this derivative"));
        this.ownRule = ownRule;
        this.at = at;
        this.kind = kind;
        this.function = function;
        this.param = param;
    }

    public Span at() {
        return at;
    }

    /** The message for a diagnostic at {@link #at()}, saying which derivative ({@code need}) needs the rule. */
    public String message(String need) {
        return text(kind, function, param, ownRule, need);
    }

    private static String text(String kind, String function, String param, boolean ownRule, String need) {
        return ownRule ? dev.gradc.diag.RuleMessages.ownRuleDerivative(function, param, need)
                : dev.gradc.diag.RuleMessages.missingRule(kind, function, param, need);
    }
}
