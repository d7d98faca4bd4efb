package dev.gradc.diag;

import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Every word gradc says to a user about their program, in one place. Lower case; names in quotes. */
public final class Messages {

    private Messages() {
    }

    // ---- lexical and syntax

    public static String unexpectedCharacter(String c) {
        return "unexpected character '" + c + "'";
    }

    public static String unterminatedComment() {
        return "unterminated comment: '/*' has no matching '*/'";
    }

    public static String numberOutOfRange(String text) {
        return "number '" + CliMessages.abbreviate(text) + "' is too large for a 64-bit real";
    }

    public static String malformedNumber(String text) {
        return "malformed number '" + CliMessages.abbreviate(text) + "'";
    }

    public static String syntax(String found, List<String> expected) {
        String what = found == null ? "unexpected end of file" : "unexpected '" + CliMessages.abbreviate(found) + "'";
        if (expected.isEmpty()) {
            return what;
        }
        return what + "; expected " + expected.stream().map(Messages::token).collect(Collectors.joining(" or "));
    }

    private static String token(String displayName) {
        return switch (displayName) {
            case "ID" -> "a name";
            case "INT", "NUMBER" -> "a number";
            default -> displayName;
        };
    }

    public static String missingSemicolon() {
        return "';' expected at the end of this line";
    }

    public static String noFunction(String function, String module, Collection<String> known) {
        String s = suggestion(function, known);
        return "function '" + function + "' does not exist in " + module
                + (s.isEmpty() && !known.isEmpty() ? "; it defines " + quoted(known) : s);
    }

    public static String noDerivativeMethod(String function, String annotation) {
        return "function '" + function + "' has no @" + annotation + " method; annotate it with @" + annotation;
    }

    public static String emptyFile() {
        return "the file defines no function";
    }

    public static String nestedTooDeeply() {
        return "the program is nested too deeply to compile";
    }

    // ---- names and structure

    public static String undefinedName(String name, Collection<String> known) {
        return "undefined name '" + name + "'" + suggestion(name, known);
    }

    public static String unknownFunction(String name, Collection<String> known) {
        return "unknown function '" + name + "'" + suggestion(name, known);
    }

    public static String assignedInOneBranch(String name, int line) {
        return "'" + name + "' is assigned in only one branch of the if at line " + line
                + "; assign it in both branches or before the if";
    }

    public static String assignedOnlyInLoop(String name, int line) {
        return "'" + name + "' is assigned only inside the loop at line " + line
                + " and may be undefined after it; assign it before the loop";
    }

    public static String missingReturn(String function) {
        return "function '" + function + "' has no return statement; it must end with 'return expr;'";
    }

    public static String returnNotLast() {
        return "'return' must be the last statement of a function";
    }

    public static String reservedModuleName(String name, String pkg) {
        return "module '" + name + "' is inside the package '" + pkg + "', which belongs to "
                + (pkg.equals("dev.gradc") ? "gradc's runtime" : "the JDK") + "; choose another package";
    }

    public static String graphTooLarge(String function, long limit) {
        return "inlining this call makes '" + function + "' larger than " + limit + " graph nodes (calls are "
                + "inlined, and calls on different arguments each get a copy); call the function on fewer distinct "
                + "arguments, or compute the repeated part with a loop";
    }

    /**
     * The tape engine's call limit: it runs every call (define-by-run), so calls that call a function twice,
     * level after level, make exponentially many; the other engines inline calls and share equal ones.
     */
    public static String callLimit(String callee, long limit) {
        return "this call of '" + callee + "' is past the tape engine's limit of " + limit + " calls in one run"
                + " (the tape runs every call, and calls that repeat at every level multiply); raise it with"
                + " --max-calls, or use --engine compiled or interpreter, which share equal calls";
    }

    public static String moduleTooLarge(String function, long limit) {
        return "inlining this call makes the graphs of the module's functions, up to '" + function + "', larger than "
                + limit + " nodes together (each function is a graph of its own with its calls inlined, so functions"
                + " that call each other repeat their callees' graphs); split the module, or call functions on fewer"
                + " distinct arguments";
    }

    public static String nestedBlocksTooDeep(int limit) {
        return "loops and ifs are nested more than " + limit + " deep here; at most " + limit
                + " levels are supported";
    }

    public static String identifierTooLong(int length, int limit) {
        return "a name of " + length + " characters; names may have at most " + limit;
    }

    public static String duplicateFunction(String name, int line) {
        return "function '" + name + "' is already defined at line " + line;
    }

    public static String duplicateParameter(String name) {
        return "duplicate parameter '" + name + "'";
    }

    public static String duplicateSize(String name) {
        return "duplicate size name '" + name + "'";
    }

    public static String recursion(String name) {
        return "function '" + name + "' calls itself; recursion is not supported";
    }

    public static String calledBeforeDefinition(String name) {
        return "function '" + name + "' is defined later in the file; a function may call only functions before it";
    }

    public static String argumentCount(String function, int expected, int got) {
        return "'" + function + "' takes " + expected + " argument" + (expected == 1 ? "" : "s") + ", got " + got;
    }

    public static String argumentCountRange(String function, String expected, int got) {
        return "'" + function + "' takes " + expected + " arguments, got " + got;
    }

    public static String assignToParameterSize(String name) {
        return "'" + name + "' is a size name and cannot be assigned";
    }

    public static String loopChangesType(String name, Object before, Object after) {
        return "'" + name + "' changes type in the loop: " + before + " before, " + after + " after one iteration";
    }

    public static String branchesDiffer(String name, Object then, Object otherwise) {
        return "'" + name + "' has type " + then + " in one branch and " + otherwise + " in the other";
    }

    // ---- types

    public static String unknownType(String name) {
        return "unknown type '" + name + "'; expected 'real', 'int' or 'bool'";
    }

    public static String dimsOnScalarType(String name) {
        return "type '" + name + "' takes no dimensions; only 'real' arrays do";
    }

    public static String unknownSize(String name) {
        return "unknown size name '" + name + "'; declare it as fn f<" + name + ">(...)";
    }

    public static String arrayTooLarge(String shape, String elements) {
        return "an array of shape " + shape + " has " + elements + " elements; at most 2147483639 fit in a Java array";
    }

    public static String badDimension(String text) {
        return "dimension '" + text + "' must be a positive integer or a size name";
    }

    public static String conditionNotBool(String where, Object type) {
        return "the condition of " + where + " must be a scalar bool, got " + type;
    }

    public static String notANumber(String what, Object type) {
        return what + " expects a number, got " + type;
    }

    public static String expectedInt(String what, Object type) {
        return what + " must be an int, got " + type;
    }

    public static String returnType(String function, Object declared, Object actual) {
        return "function '" + function + "' is declared to return " + declared + " but returns " + actual;
    }

    public static String axisLiteral(String function) {
        return "the axis of '" + function + "' must be an integer literal";
    }

    public static String axisOutOfRange(int axis, Object shape) {
        return "axis " + axis + " is out of range for a value of shape " + shape;
    }

    public static String emptyArray() {
        return "an array literal needs at least one element";
    }

    public static String sizeArgument(String function) {
        return "the sizes of '" + function + "' must be integer literals, size names or sums and literal multiples of them (N+1, 2*N)";
    }

    public static String sizeNotPositive(String function, String text) {
        return "the sizes of '" + function + "' must be whole numbers of at least 1, got " + text
                + " (an array has at least one element)";
    }

    public static String sizeMismatch(String size, Object a, Object b) {
        return "size '" + size + "' is bound to both " + a + " and " + b;
    }

    public static String argumentType(String function, String param, Object expected, Object got) {
        return "argument '" + param + "' of '" + function + "' must be " + expected + ", got " + got;
    }

    // ---- arrays: affine sizes, slices, indexed update, int arrays

    public static String nonAffineDimension(String text) {
        return "dimension '" + text + "' is not affine in the size names: a size may be multiplied only by an"
                + " integer literal (like 2*N+1)";
    }

    public static String boundDimensionNotPositive(String text, int value, String bindings) {
        return "dimension '" + text + "' is " + value + " with " + bindings + "; every dimension must be at least 1";
    }

    public static String badDimensionPart(String text) {
        return "dimension '" + text + "' must be built of integer literals and size names with '+', '-' and"
                + " '*' by a literal";
    }

    public static String noSizeFits(String function, String param, Object declared, Object got, String size) {
        return "argument '" + param + "' of '" + function + "' is " + got + "; no size '" + size + "' makes it "
                + declared;
    }

    public static String tooManySubscripts(int count, Object shape) {
        return count + " subscripts for a value of shape " + shape;
    }

    public static String sliceNotYetSupported() {
        return "this update is not supported by this version: a slice with bounds may be assigned as x[a:b] = e,"
                + " x[a:b, :] = e or x[:, c:d] = e";
    }

    public static String sliceRank(Object shape) {
        return "slices with bounds are supported on vectors and matrices, not on a value of shape " + shape;
    }

    public static String sliceLengthNotStatic(String slice, String which, String unknowns) {
        return "the length of slice '" + slice + "' is not known at compile time: its " + which + " on '"
                + unknowns + "', which is no size name; write the end as the start plus a literal or an affine"
                + " expression of size names (x[i:i+3], x[1:N])";
    }

    public static String sliceEmpty(String slice, int length) {
        return "slice '" + slice + "' has length " + length + "; a slice must have at least one entry";
    }

    public static String sliceOutOfRange(String slice, int axis, Object dim, Object shape) {
        return "slice '" + slice + "' is out of range for axis " + axis + " of length " + dim + " (shape " + shape + ")";
    }

    public static String indexAfterSlice() {
        return "an index after ':' is only supported as x[:, j] (a column of a matrix)";
    }

    public static String sliceOutsideBrackets() {
        return "a slice 'a:b' may only stand inside brackets, as in x[a:b]";
    }

    public static String constantIndexOutOfRange(int index, int axis, Object dim, Object shape) {
        return "index " + index + " is out of range for axis " + axis + " of length " + dim + " (shape " + shape + ")";
    }

    /** An index written as an expression of literals and sizes ({@code 1+2}, {@code N}), {@code value} simplified. */
    public static String constantIndexOutOfRange(String written, Object value, int axis, Object dim, Object shape) {
        String shown = written.equals(value.toString()) ? written : written + " (that is " + value + ")";
        return "index " + shown + " is out of range for axis " + axis + " of length " + dim + " (shape " + shape
                + ")";
    }

    public static String updateOfNonArray(String name, Object type) {
        return "cannot assign to an index of '" + name + "': it is " + type + ", not an array";
    }

    public static String updateShape(String name, Object region, Object given) {
        return "the value assigned into '" + name + "' has shape " + given + " but the entries it replaces have"
                + " shape " + region + " (a scalar fills them all)";
    }

    // ---- derivative requests

    public static String unknownAnnotation(String name) {
        if (name.equals("checkpoint")) {
            return "@checkpoint belongs before a while or for loop, not before a function";
        }
        return "unknown annotation '@" + name + "'; expected @grad, @vjp, @jvp, @jacobian, @hessian or @hvp";
    }

    public static String annotationParameter(String annotation, String name) {
        return "@" + annotation + " names '" + name + "', which is not a real parameter of the function";
    }

    public static String repeatedAnnotation(String name, String fn) {
        return "@" + name + " is given twice for '" + fn + "'; name every parameter in one annotation, @" + name
                + "(x, y)";
    }

    public static String unknownLoopAnnotation(String name) {
        return "unknown loop annotation '@" + name + "'; expected @checkpoint(N), N the most snapshots to keep";
    }

    public static String repeatedLoopAnnotation(String name) {
        return "@" + name + " is given twice for this loop";
    }

    public static String checkpointArity(int args) {
        return "@checkpoint takes one argument, the most snapshots of the loop's state to keep (as in"
                + " @checkpoint(64)); got " + args;
    }

    public static String checkpointSnapshots(String arg) {
        return "@checkpoint needs a whole number of snapshots from 1 to 2147483647, got '" + arg + "'";
    }

    public static String gradOfNonScalar(String function, Object type) {
        return "@grad needs a scalar output, but '" + function + "' returns " + type + "; use @vjp with a seed";
    }

    static String quoted(Collection<String> names) {
        return names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
    }

    // ---- helpers

    static String suggestion(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(name, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        return best != null && bestDistance <= Math.max(1, name.length() / 3) ? "; did you mean '" + best + "'?" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
