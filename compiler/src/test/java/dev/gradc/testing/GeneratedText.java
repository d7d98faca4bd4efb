package dev.gradc.testing;

import dev.gradc.emit.JavaEmitter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test helper: parts of the Java that gradc generates for a program, for tests that check its text. */
public final class GeneratedText {

    private GeneratedText() {
    }

    /**
     * The code of {@code fGrad}, the gradient of the program's function {@code f}, up to the workspace form's copy
     * of the same code (so that what the allocating form does is counted once).
     */
    public static String gradientOf(String program) {
        String java = JavaEmitter.emit(Programs.compile(program)).source();
        int from = java.indexOf(" fGrad(");
        int to = java.indexOf("Workspace workspace", from);
        return java.substring(from, to < 0 ? java.length() : to);
    }

    /** An adjoint loop's counter declared before its trips' limit: {@code int j = t13; int innerTripsEnd = ...}. */
    private static final Pattern COUNTER_BEFORE_LIMIT =
            Pattern.compile("\\n\\s*int (\\w+) = [^;\\n]+;\\n\\s*int \\w+End = \\w+ > limit \\? \\(int\\)");

    /**
     * Whether the gradient of the program's {@code f} runs an adjoint loop's trips in forward order
     * ({@code passes/HandedLoops.ascends}): its counter, declared before the trips' limit, steps up by one in the
     * loop ({@code j = j + 1;} before the loop's iteration-limit check).
     */
    public static boolean reversesForward(String program) {
        String java = gradientOf(program);
        Matcher m = COUNTER_BEFORE_LIMIT.matcher(java);
        while (m.find()) {
            int end = java.indexOf("throw new IterationLimitException", m.end());
            String loop = java.substring(m.end(), end < 0 ? java.length() : end);
            if (loop.contains(m.group(1) + " = " + m.group(1) + " + 1;")) {
                return true;
            }
        }
        return false;
    }

    /** How often {@code regex} matches in {@code text}. */
    public static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int k = 0;
        while (m.find()) {
            k++;
        }
        return k;
    }
}
