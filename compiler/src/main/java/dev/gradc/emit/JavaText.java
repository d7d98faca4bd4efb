package dev.gradc.emit;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Turns expression text into a JavaPoet {@link CodeBlock}: the classes that ops name in their Java form
 * ({@code Math.sin}, {@code MathOps.tanh}) become {@code $T} references, so JavaPoet writes the imports and
 * qualifies a name that the generated class would hide (a module named {@code Math}).
 */
final class JavaText {

    private static final Map<String, ClassName> CLASSES = Map.of(
            "Math", ClassName.get(Math.class),
            "MathOps", ClassName.get("dev.gradc.runtime", "MathOps"),
            "Objects", ClassName.get(java.util.Objects.class),
            "Arrays", ClassName.get(java.util.Arrays.class),
            "Double", ClassName.get(Double.class));

    private JavaText() {
    }

    static CodeBlock code(String text) {
        StringBuilder format = new StringBuilder();
        List<Object> args = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isJavaIdentifierStart(c) && (i == 0 || !isNamePart(text.charAt(i - 1)))) {
                int end = i + 1;
                while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
                    end++;
                }
                String word = text.substring(i, end);
                ClassName cls = CLASSES.get(word);
                if (cls != null && end < text.length() && text.charAt(end) == '.') {
                    format.append("$T");
                    args.add(cls);
                } else {
                    format.append(word);
                }
                i = end;
            } else {
                format.append(c == '$' ? "$$" : String.valueOf(c));
                i++;
            }
        }
        return CodeBlock.of(format.toString(), args.toArray());
    }

    static CodeBlock code(Expr e) {
        return code(e.code());
    }

    private static boolean isNamePart(char c) {
        return Character.isJavaIdentifierPart(c) || c == '.';
    }
}
