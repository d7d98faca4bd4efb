package dev.gradc.runtime;

/**
 * The error raised when a loop ({@code while}, or {@code for}, which is one) runs past its iteration limit: a loop that would run
 * forever fails with a message naming its source line instead of hanging silently.
 */
public final class IterationLimitException extends RuntimeException {

    /** The language's default iteration limit (LANGUAGE.md §2): one million iterations per loop. */
    public static final long DEFAULT_LIMIT = 1_000_000L;

    private static final long serialVersionUID = 1L;

    private final String where;
    private final long limit;

    /**
     * An iteration-limit error.
     *
     * @param where the loop's position, like {@code "control_flow.grad:4"}
     * @param limit the number of iterations that was allowed
     */
    public IterationLimitException(String where, long limit) {
        super("the loop at " + where + " exceeded the iteration limit of " + limit
                + " (raise it with --max-iterations or setMaxIterations)");
        this.where = where;
        this.limit = limit;
    }

    /** The loop's position, like {@code "control_flow.grad:4"}. */
    public String where() {
        return where;
    }

    /** The number of iterations that was allowed. */
    public long limit() {
        return limit;
    }
}
