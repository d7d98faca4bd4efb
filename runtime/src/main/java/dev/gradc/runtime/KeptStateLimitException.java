package dev.gradc.runtime;

/**
 * The error raised when the reverse-mode state that a while loop keeps for its adjoint (one or more
 * values per iteration, on a {@link DoubleStack} or a sibling stack) would grow past its limit.
 *
 * <p>It replaces an {@link OutOfMemoryError} deep inside a long-running loop with a message that says
 * which limit was hit and how to raise it.
 */
public final class KeptStateLimitException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long limit;
    private final String where;

    /** A limit error with no loop position (the stacks do not know which loop they serve). */
    public KeptStateLimitException(long limit) {
        super(message("a loop", limit));
        this.limit = limit;
        this.where = null;
    }

    /** A limit error naming the loop, {@code where} being like {@code "control_flow.grad:4"}. */
    public KeptStateLimitException(String where, long limit) {
        super(message("the loop at " + where, limit));
        this.limit = limit;
        this.where = where;
    }

    private static String message(String loop, long limit) {
        return "the reverse-mode state kept by " + loop + " exceeded " + limit
                + " values (raise it with --max-kept-values or setMaxKeptValues)";
    }

    /** The loop's position, like {@code "control_flow.grad:4"}, or null when it was not known. */
    public String where() {
        return where;
    }

    /** The number of values that was allowed. */
    public long limit() {
        return limit;
    }
}
