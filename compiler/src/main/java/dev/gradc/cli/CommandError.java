package dev.gradc.cli;

import picocli.CommandLine.ExitCode;

/**
 * A problem with what the user gave the command line (a value, a file, an option): one line of text and the
 * exit code it ends the command with. Not a compiler bug, so it never shows a stack trace.
 */
final class CommandError extends RuntimeException {

    /** Exit code for a diagnostic in the user's program or input. */
    static final int INPUT = 1;
    /** Exit code for bad command-line usage. */
    static final int USAGE = ExitCode.USAGE;
    /** Exit code for a run-time failure of the program. */
    static final int RUN_TIME = 3;

    private final int exitCode;

    CommandError(int exitCode, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
    }

    static CommandError input(String message) {
        return new CommandError(INPUT, message);
    }

    static CommandError usage(String message) {
        return new CommandError(USAGE, message);
    }

    int exitCode() {
        return exitCode;
    }
}
