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
