package dev.gradc.ops;

/** A user-facing type or shape error raised by an op's type rule; the lowering turns it into a diagnostic. */
public final class OpError extends RuntimeException {

    public OpError(String message) {
        super(message, null, false, false);
    }
}
