package dev.gradc.diag;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Collection;

/**
 * Every word the command line says about its options, arguments, files and runs (the program's own
 * diagnostics are in {@link Messages}). Lower case; names in quotes.
 */
public final class CliMessages {

    private CliMessages() {
    }

    public static String fileNotFound(String file) {
        return "file not found: " + path(file);
    }

    public static String notAFile(String file) {
        return "not a file: " + path(file);
    }

    public static String maxKeptValues(long n) {
        return "--max-kept-values must be >= 0, got " + n;
    }

    public static String badPackage(String name) {
        return "--package '" + abbreviate(name) + "' is not a valid Java package name";
    }

    public static String duplicateClass(String name) {
        return "two modules would both become class " + name;
    }

    public static String outsideDirectory(String file, String dir) {
        return "'" + path(file) + "' would be written outside '" + path(dir) + "'";
    }

    public static String caseCollision(String a, String b) {
        return "classes " + a + " and " + b + " differ only in case; their files would be one file on"
                + " case-insensitive file systems (macOS, Windows): rename one module";
    }

    public static String emptyPath(String option) {
        return option + " needs a directory or file name, got ''";
    }

    public static String linkLeavesDirectory(String link, String real, String dir) {
        return "'" + link + "' is a symbolic link to '" + real + "', outside '" + dir
                + "'; gradc does not write through it: remove the link or choose another directory";
    }

    public static String danglingLink(String link, String dir) {
        return "'" + link + "' is a symbolic link that leads nowhere (or in a loop) inside '" + dir
                + "'; gradc does not write through it: remove the link or choose another directory";
    }

    public static String inTheWay(String path, String why) {
        return "'" + path + "' is in the way: " + why;
    }

    public static String notADirectory() {
        return "not a directory";
    }

    public static String isADirectory() {
        return "it is a directory";
    }

    /** Why an I/O operation failed, in words: permission denied, not a directory, no space left on device... */
    public static String why(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        } else if (e instanceof NotDirectoryException) {
            return notADirectory();
        } else if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        } else if (e instanceof FileAlreadyExistsException) {
            return "a file of that name is in the way";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            String r = f.getReason();
            return r.isEmpty() ? r : Character.toLowerCase(r.charAt(0)) + r.substring(1);
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    public static String cannotWrite(String file, String why) {
        return "cannot write '" + path(file) + "': " + why;
    }

    public static String wrote(String file) {
        return "wrote " + file;
    }

    public static String graphOutputKind(String file) {
        return "-o '" + abbreviate(file) + "' must end in .dot or .svg";
    }

    public static String graphvizMissing(String file) {
        return "cannot write '" + file + "': Graphviz is not installed (its program 'dot' was not found; "
                + "apt-get install graphviz), or write a .dot file instead";
    }

    public static String graphvizFailed(String said) {
        return "Graphviz (its program 'dot') failed: " + said;
    }

    public static String compareErrorMetric() {
        return "|a - b| / max(1, |b|) of each entry a against the compiled result b"
                + " (relative where |b| >= 1, absolute below)";
    }

    public static String compareCut() {
        return "note: entries ending in '...' are cut to fit the table; --json prints them whole.";
    }

    public static String compareDetach(String function) {
        return "note: finite differences differ from the AD engines because '" + function + "' uses detach(...):\n"
                + "AD treats the detached value as a constant, but a nudged input still changes it, so finite\n"
                + "differences see a derivative the program asks to drop. The difference is expected.";
    }

    public static String compareNeedsReals(String function) {
        return "'" + function + "' has no real parameter to differentiate";
    }

    public static String cannotRead(String file, String why) {
        return "cannot read '" + path(file) + "': " + why;
    }

    public static String noSuchFunction(String function, String file, Collection<String> known) {
        String s = Messages.suggestion(function, known);
        return "no function '" + abbreviate(function) + "' in " + file
                + (s.isEmpty() && !known.isEmpty() ? "; it defines " + Messages.quoted(known) : s);
    }

    public static String sizeBindingName(String name) {
        return "--size '" + abbreviate(name) + "' is not a size name (an identifier such as H)";
    }

    public static String sizeBindingValue(String name, String value) {
        return "--size " + name + "=" + abbreviate(value) + ": a size is bound to a positive int, got '"
                + abbreviate(value) + "'";
    }

    public static String sizeBoundTwice(String name, int first, int second) {
        return "--size " + name + " is bound twice, to " + first + " and to " + second;
    }

    public static String badClassSuffix(String suffix) {
        return "--class-suffix '" + abbreviate(suffix) + "' must be letters, digits or '_' (it ends a Java class name)";
    }

    /** What ends a shape error of a program built with {@code --size}: the sizes it was built with. */
    public static String builtInSizes(java.util.Map<String, Integer> sizes) {
        StringBuilder b = new StringBuilder();
        sizes.forEach((n, v) -> b.append(b.length() == 0 ? "" : ", ").append(n).append('=').append(v));
        return " (built with --size " + b + ")";
    }

    public static String unknownBoundSize(String name, Collection<String> known) {
        return "--size " + abbreviate(name) + ": no function of this file has a size named '" + abbreviate(name) + "'"
                + (known.isEmpty() ? "; it declares no sizes" : "; its sizes are " + Messages.quoted(known));
    }

    public static String optionSyntax(String option, String text) {
        return option + " expects NAME=VALUE, got '" + abbreviate(text) + "'";
    }

    public static String unknownArgument(String name, String function, Collection<String> known) {
        return "unknown argument '" + abbreviate(name) + "': '" + function + "' has no parameter or size of that name"
                + Messages.suggestion(name, known);
    }

    public static String duplicateArgument(String name) {
        return "argument '" + name + "' is given twice";
    }

    public static String missingArgument(String name, Object type) {
        return "missing argument '" + name + "' (" + type + "); pass --arg " + name + "=VALUE";
    }

    public static String malformedValue(String what, String text, String why) {
        return what + ": malformed value '" + abbreviate(text) + "': " + why;
    }

    public static String valueType(String what, Object expected, String got) {
        return what + " must be " + expected + ", got " + abbreviate(got);
    }

    public static String valueDimension(String what, String dim, int got, String expected) {
        return what + ": dimension '" + dim + "' is " + got + " here but " + expected;
    }

    public static String valueSize(String what, String size, int got, int bound, String boundBy) {
        return what + ": size '" + size + "' is " + got + " here but " + bound + " from " + boundBy;
    }

    public static String unboundSize(String size) {
        return "size '" + size + "' is not fixed by any argument's shape; pass --arg " + size + "=N";
    }

    public static String sizeValue(String size, String text) {
        return "size '" + size + "' must be a positive integer, got '" + abbreviate(text) + "'";
    }

    public static String gradOfNonScalarOutput(String function, Object type) {
        return "the output of '" + function + "' is " + type + ", not a scalar; pass --vjp SEED for a"
                + " vector-Jacobian product";
    }

    public static String hessianOfNonScalarOutput(String function, Object type) {
        return "the output of '" + function + "' is " + type + ", not a scalar; --hessian needs a scalar output";
    }

    public static String outputNotReal(String function, Object type) {
        return "the output of '" + function + "' is " + type + "; only real outputs have derivatives";
    }

    public static String noRealParameter(String function) {
        return "'" + function + "' has no real parameter to differentiate with respect to";
    }

        public static String hvpOfNonScalarOutput(String function, Object type) {
        return "the output of '" + function + "' is " + type + ", not a scalar; --hvp needs a scalar output";
    }

    public static String directionName(String name, String function) {
        return "--hvp names '" + abbreviate(name) + "', which is not a real parameter of '" + function + "'";
    }

    public static String tangentName(String name, String function) {
        return "--jvp names '" + abbreviate(name) + "', which is not a real parameter of '" + function + "'";
    }

    public static String conflictingOptions(String a, String b) {
        return a + " and " + b + " cannot be used together";
    }

    public static String maxIterations(long n) {
        return "--max-iterations must be at least 1, got " + n;
    }

    public static String maxCalls(long n) {
        return "--max-calls must be at least 1, got " + n;
    }

    public static String unknownEngine(String engine, Collection<String> known) {
        return "unknown engine '" + abbreviate(engine) + "'; expected " + String.join(", ", known);
    }

    public static String engineUnavailable(String engine) {
        return "engine '" + engine + "' is not available in this build";
    }

    public static String derivativeUnavailable(String what, String engine, String why) {
        return what + " is not available with engine '" + engine + "'" + (why == null ? "" : ": " + why);
    }

    public static String commandUnavailable(String command) {
        return "'gradc " + command + "' is not available in this build yet";
    }

    public static String denseTooLarge(String what, long rows, long cols, String size, String heap) {
        return "out of memory: the " + what + " would have " + rows + " x " + cols + " entries (" + size
                + "), more than this JVM's heap of " + heap + " can hold (try a larger heap, e.g."
                + " JAVA_TOOL_OPTIONS=-Xmx16g, or smaller sizes)";
    }

    public static String outOfMemory(String heap) {
        return "out of memory: the program needed more than this JVM's heap of " + heap + TRY_MORE_MEMORY;
    }

    private static final String TRY_MORE_MEMORY =
            " (try a larger heap, e.g. JAVA_TOOL_OPTIONS=-Xmx16g, or smaller sizes or fewer loop trips)";

    /**
     * What the interpreter and the tape say, after the position, when {@code what} (the value of this expression,
     * the values of this statement) could not be made: out of memory, as the compiled engine says it, or an
     * array of more entries than Java holds ({@code tooLarge}, a size computed past the int range).
     */
    public static String outOfMemoryAt(String what, boolean tooLarge, long heapBytes) {
        return tooLarge ? what + " would be an array of more entries than Java can hold (try smaller sizes)"
                : "out of memory: " + what + " needed more than this JVM's heap of "
                        + String.format(java.util.Locale.ROOT, "%.1f GB", heapBytes / (double) (1L << 30))
                        + TRY_MORE_MEMORY;
    }

    public static String unknownCommand(String command, Collection<String> known) {
        return "unknown command '" + abbreviate(command) + "'" + Messages.suggestion(command, known);
    }

    public static String didYouMean(java.util.List<String> suggestions) {
        return "did you mean " + suggestions.stream().limit(3).map(x -> "'" + x + "'")
                .collect(java.util.stream.Collectors.joining(" or ")) + "?";
    }

    public static String internalError(String what) {
        return "internal compiler error: " + what + " (run with --verbose for the stack trace)";
    }

    public static String tooDeepToRun() {
        return "the program is nested too deeply to run";
    }

    /** A value from the command line, cut to its first 40 characters when it is longer (with its length). */
    public static String abbreviate(String text) {
        return text.length() <= 60 ? text : text.substring(0, 40) + "... (" + text.length() + " characters)";
    }

    /**
     * A path from the command line, whole up to {@value #LONGEST_PATH} characters (real paths are long, and their
     * ends matter); a longer one keeps its first and last 80 characters, with its length.
     */
    public static String path(String path) {
        return path.length() <= LONGEST_PATH ? path
                : path.substring(0, 80) + "..." + path.substring(path.length() - 80) + " (" + path.length()
                        + " characters)";
    }

    private static final int LONGEST_PATH = 240;

    /**
     * A message as it may be printed: control characters escaped ({@link DiagnosticPrinter#escape}), so that an
     * argument holding an escape sequence cannot rewrite the terminal, and every word longer than a path may be
     * (a value the message quotes whole, as picocli's own messages do) cut as {@link #path} cuts it.
     */
    public static String printable(String message) {
        String escaped = DiagnosticPrinter.escape(message);
        StringBuilder out = new StringBuilder(Math.min(escaped.length(), 4 * LONGEST_PATH));
        int from = 0;
        while (from < escaped.length()) {
            int end = from;
            while (end < escaped.length() && !Character.isWhitespace(escaped.charAt(end))) {
                end++;
            }
            out.append(path(escaped.substring(from, end)));
            int space = end;
            while (space < escaped.length() && Character.isWhitespace(escaped.charAt(space))) {
                space++;
            }
            out.append(escaped, end, space);
            from = space;
        }
        return out.toString();
    }

    public static String classPathEntry(String entry) {
        return "--classpath entry '" + path(entry) + "' does not exist";
    }
}
