package dev.gradc.engine;

/** A run-time failure of the user's program (such as an index out of bounds), with where it happened. */
public final class RunFailure extends RuntimeException {

    public RunFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
