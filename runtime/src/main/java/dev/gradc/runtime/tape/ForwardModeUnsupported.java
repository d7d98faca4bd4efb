package dev.gradc.runtime.tape;

/**
 * An op without a forward-mode rule met a tangent: forward mode (and so second derivatives, reverse over
 * forward) cannot go through it on the tape. The message names the op.
 */
public final class ForwardModeUnsupported extends UnsupportedOperationException {

    private static final long serialVersionUID = 1L;

    private final String op;

    public ForwardModeUnsupported(String op) {
        this(op, "the tape has no forward-mode rule for '" + op + "', so forward mode and second derivatives do not"
                + " go through it");
    }

    /** Op {@code op} cannot carry a tangent, for the reason {@code message} gives. */
    public ForwardModeUnsupported(String op, String message) {
        super(message);
        this.op = op;
    }

    /** The op's name on the tape. */
    public String op() {
        return op;
    }
}
