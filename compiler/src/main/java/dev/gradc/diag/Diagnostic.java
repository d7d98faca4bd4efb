package dev.gradc.diag;

import java.util.Objects;

/** One message about the user's program or input, with the place it is about. */
public record Diagnostic(Severity severity, String message, Span span) {

    public Diagnostic {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        span = span == null ? Span.NONE : span;
    }

    public static Diagnostic error(Span span, String message) {
        return new Diagnostic(Severity.ERROR, message, span);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        return span + ": " + severity.label() + ": " + message;
    }
}
