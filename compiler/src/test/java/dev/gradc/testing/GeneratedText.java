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

    /** An adjoint loop counting its trips down to a limit: {@code while (trips3 > trips3End) {}. */
    private static final Pattern TRIPS_DOWN = Pattern.compile("while \\((\\w+) > \\1End\\) \\{");
    /** A counter stepped up by one: {@code j = j + 1;}. */
    private static final Pattern STEP_UP = Pattern.compile("(?m)^\\s*(\\w+) = \\1 \\+ 1;$");

    /**
     * Whether the gradient of the program's {@code f} runs an adjoint loop's trips in forward order
     * ({@code passes/HandedLoops.ascends}): some {@link #forwardOrderLoops} of it.
     */
    public static boolean reversesForward(String program) {
        return !forwardOrderLoops(gradientOf(program)).isEmpty();
    }

    /**
     * The bodies (nested blocks included) of the adjoint loops of generated code {@code java} that run their trips
     * in forward order: in the body of a loop that counts its trips down ({@code while (trips > tripsEnd)}),
     * outside the loops nested in it, a counter steps up by one.
     */
    public static java.util.List<String> forwardOrderLoops(String java) {
        java.util.List<String> out = new java.util.ArrayList<>();
        Matcher m = TRIPS_DOWN.matcher(java);
        while (m.find()) {
            StringBuilder own = new StringBuilder(); // the body at its own depth, nested blocks left out
            int depth = 1;
            int i = m.end();
            for (; i < java.length() && depth > 0; i++) {
                char c = java.charAt(i);
                depth += c == '{' ? 1 : c == '}' ? -1 : 0;
                if (depth == 1 && c != '}') {
                    own.append(c);
                }
            }
            if (STEP_UP.matcher(own).find()) {
                out.add(java.substring(m.end(), i));
            }
        }
        return out;
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
