package dev.gradc.cli;

import dev.gradc.diag.CliMessages;
import dev.gradc.engine.RunFailure;
import dev.gradc.runtime.IterationLimitException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * What every subcommand shares: {@code --verbose}, and turning what goes wrong into one line on stderr and an
 * exit code (1 input, 2 usage, 3 run-time failure). Stack traces only with {@code --verbose}.
 */
final class CommonOptions {

    @Option(names = "--verbose", description = "Print stack traces of failures, and what was built (IR).")
    boolean verbose;

    @Option(names = "--classpath", paramLabel = "PATH",
            description = "Where the Java classes of the program's extern functions are: directories and jars, "
                    + "separated by '${sys:path.separator}'.")
    String classpath;

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    private ClassLoader classes;

    /** The class loader of --classpath (a usage error for an entry that does not exist), else gradc's own. */
    ClassLoader classes() {
        if (classes == null) {
            classes = ClassPath.loader(classpath);
        }
        return classes;
    }

    boolean verbose() {
        Object parent = spec.parent() == null ? null : spec.parent().userObject();
        return verbose || (parent instanceof Main m && m.verbose);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    /** Runs a command's body, reporting failures as one line each and mapping them to exit codes. */
    int guard(Callable<Integer> body) {
        PrintWriter err = err();
        try {
            return body.call();
        } catch (CommandError e) {
            return fail(e.exitCode(), e.getMessage(), null);
        } catch (IterationLimitException | dev.gradc.runtime.KeptStateLimitException | RunFailure
                 | dev.gradc.runtime.IndexOutOfRangeException | dev.gradc.runtime.ExternCallException
                 | dev.gradc.runtime.linalg.MatrixException e) {
            return fail(CommandError.RUN_TIME, e.getMessage(), e);
        } catch (dev.gradc.passes.DerivativeSize.TooLarge e) {
            // a limit of the program's source, said as its diagnostics are: position, source line, caret
            err.print(positioned(e.at(), e.unpositioned()));
            printTrace(e);
            return CommandError.INPUT;
        } catch (OutOfMemoryError e) {
            return fail(CommandError.RUN_TIME, Memory.outOfMemory(), e);
        } catch (StackOverflowError e) {
            return fail(CommandError.RUN_TIME, CliMessages.tooDeepToRun(), e);
        } catch (Exception | Error e) {
            if (verbose()) {
                err.println("error: internal compiler error: " + e);
            } else {
                err.println("error: " + CliMessages.printable(CliMessages.internalError(String.valueOf(e))));
            }
            printTrace(e);
            return CommandError.RUN_TIME;
        } finally {
            out().flush();
            err.flush();
        }
    }

    /** {@code FILE:LINE:COL: error: message}, the source line (when the file can be read) and a caret. */
    private static String positioned(dev.gradc.diag.Span at, String message) {
        java.util.Map<String, dev.gradc.diag.SourceFile> sources = new java.util.HashMap<>();
        if (at.isKnown()) {
            try {
                sources.put(at.file(), dev.gradc.diag.SourceFile.read(java.nio.file.Path.of(at.file())));
            } catch (java.io.IOException | RuntimeException unreadable) {
                // the position alone then
            }
        }
        return new dev.gradc.diag.DiagnosticPrinter(sources).format(dev.gradc.diag.Diagnostic.error(at, message));
    }

    private int fail(int code, String message, Throwable e) {
        err().println("error: " + CliMessages.printable(message));
        printTrace(e);
        return code;
    }

    private void printTrace(Throwable e) {
        if (e != null && verbose()) {
            e.printStackTrace(err());
        }
    }

    /** Placeholder body of a subcommand that this build does not have yet. */
    static final class Unavailable {
        private Unavailable() {
        }

        static int report(CommonOptions common, String command) {
            return common.guard(() -> {
                throw CommandError.usage(CliMessages.commandUnavailable(command));
            });
        }
    }
}
