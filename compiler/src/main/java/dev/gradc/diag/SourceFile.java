package dev.gradc.diag;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The text of one {@code .grad} file and the name it is reported under. Its lines are split once, so that
 * looking one up (for every diagnostic and every comment in generated code) costs nothing. A UTF-8 byte order mark
 * at the start is dropped, and a carriage return not followed by a line feed (old Mac line endings) is read as a
 * line feed, so that the lexer's line numbers and the printed lines agree whatever the file's line endings.
 */
public record SourceFile(String name, String text, List<String> lines) {

    public SourceFile {
        text = text == null ? "" : text;
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        if (text.indexOf('\r') >= 0) {
            text = LONE_CR.matcher(text).replaceAll("\n");
        }
        lines = List.copyOf(text.lines().toList());
    }

    private static final Pattern LONE_CR = Pattern.compile("\r(?!\n)");

    public SourceFile(String name, String text) {
        this(name, text, List.of());
    }

    public static SourceFile read(Path path) throws IOException {
        return new SourceFile(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
    }

    /** The file name without folders, e.g. {@code control_flow.grad}. */
    public String baseName() {
        String n = name.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }

    /** Line {@code line} (1-based) without its line break, or "" past the end. */
    public String line(int line) {
        return line >= 1 && line <= lines.size() ? lines.get(line - 1) : "";
    }

    /** The source text a one-line span covers, as written; "" when the span is not on one known line. */
    public String text(Span span) {
        String l = line(span.line());
        if (span.endLine() != span.line() || span.column() < 1 || span.endColumn() - 1 > l.length()
                || span.endColumn() <= span.column()) {
            return "";
        }
        return l.substring(span.column() - 1, span.endColumn() - 1);
    }
}
