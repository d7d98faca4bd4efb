package dev.gradc.cli;

import dev.gradc.diag.CliMessages;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The {@code gradc} command line (LANGUAGE.md §4). Exit codes: 0 success, 1 a diagnostic in the user's program
 * or input, 2 bad usage, 3 a run-time failure of the program.
 */
@Command(name = "gradc", mixinStandardHelpOptions = true, version = "gradc 0.1.0",
        description = "A define-and-run compiler for differentiable programs that emits plain Java.",
        subcommands = {CheckCommand.class, CompileCommand.class, RunCommand.class, CompareCommand.class,
            GraphCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Callable<Integer> {

    /** Deep programs need a deep stack: the compiler's own threads have one, and so does the command line. */
    private static final long STACK_BYTES = 1L << 30;

    @Option(names = "--verbose", description = "Print stack traces of failures, and what was built (IR).")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandError.USAGE;
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        AtomicInteger code = new AtomicInteger(CommandError.RUN_TIME);
        Thread t = new Thread(null, () -> code.set(execute(out, err, args)), "gradc", STACK_BYTES);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        out.flush();
        err.flush();
        System.exit(code.get());
    }

    /** Runs the command line with these streams; gives the exit code. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler(Main::usageError);
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static int usageError(CommandLine.ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && !cl.getSubcommands().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            err.println("error: " + CliMessages.printable(CliMessages.unknownCommand(u.getUnmatched().get(0),
                    cl.getSubcommands().keySet())));
        } else {
            err.println("error: " + CliMessages.printable(e.getMessage()));
            if (e instanceof CommandLine.UnmatchedArgumentException u && !u.getSuggestions().isEmpty()) {
                err.println(CliMessages.printable(CliMessages.didYouMean(u.getSuggestions())));
            }
        }
        String name = cl.getCommandSpec().qualifiedName();
        err.println("Try '" + name + " --help' for more information.");
        err.flush();
        return CommandError.USAGE;
    }
}
