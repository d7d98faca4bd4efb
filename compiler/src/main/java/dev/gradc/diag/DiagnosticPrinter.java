package dev.gradc.diag;

import java.util.Map;

/**
 * Formats diagnostics as javac does: {@code FILE:LINE:COL: error: MESSAGE}, then the source line and
 * a caret under the column.
 */
public final class DiagnosticPrinter {

    /**
     * The most characters of a source line shown under a diagnostic: a longer line is shown around the column, cut
     * with {@code ...}. Programs written by programs put thousands of statements on one line, and a diagnostic
     * per statement, each with the whole line, made the report quadratic in the line's length.
     */
    static final int LINE_WIDTH = 160;

    /** The most diagnostics {@link #formatAll} shows (javac's default too); the count of all is printed after. */
    static final int MOST_SHOWN = 100;

    private final Map<String, SourceFile> sources;

    public DiagnosticPrinter(Map<String, SourceFile> sources) {
        this.sources = sources;
    }

    public String format(Diagnostic d) {
        Span s = d.span();
        StringBuilder out = new StringBuilder();
        if (s.isKnown()) {
            out.append(s.file()).append(':').append(s.line()).append(':').append(s.column()).append(": ");
        } else if (!s.file().equals(Span.NONE.file())) {
            out.append(s.file()).append(": ");
        }
        out.append(d.severity().label()).append(": ").append(escape(d.message())).append('\n');
        SourceFile src = sources.get(s.file());
        if (src != null && s.isKnown()) {
            String line = line(src, s.line());
            if (!line.isEmpty()) {
                // Columns count code points (as ANTLR does), the line's indices chars.
                int column = line.offsetByCodePoints(0, Math.min(s.column() - 1, line.codePointCount(0, line.length())));
                int from = line.length() <= LINE_WIDTH ? 0
                        : Math.max(0, Math.min(column - LINE_WIDTH / 4, line.length() - LINE_WIDTH));
                int to = Math.min(line.length(), from + LINE_WIDTH);
                // Never half a surrogate pair: a character outside the BMP stays whole or is left out.
                from += from > 0 && from < column && Character.isLowSurrogate(line.charAt(from)) ? 1 : 0;
                to -= to < line.length() && Character.isLowSurrogate(line.charAt(to)) ? 1 : 0;
                String before = from > 0 ? "..." : "";
                out.append(before).append(escape(line.substring(from, to))).append(to < line.length() ? "..." : "")
                        .append('\n');
                StringBuilder caret = new StringBuilder(" ".repeat(before.length()));
                for (int i = from; i < column; i = line.offsetByCodePoints(i, 1)) {
                    int c = line.codePointAt(i);
                    String shown = escape(Character.toString(c));
                    caret.append(c == '\t' ? "\t" : " ".repeat(shown.codePointCount(0, shown.length())));
                }
                out.append(caret).append("^\n");
            }
        }
        return out.toString();
    }

    /**
     * The text with control characters (other than tab) shown as {@code \\u001b} and the like, so that a stray
     * escape sequence or carriage return in a source file cannot rewrite the terminal the diagnostic is printed on;
     * so are the characters that reorder text on screen (bidirectional overrides and isolates, U+202A to U+202E and
     * U+2066 to U+2069), with which a line can show other code than it holds.
     */
    static String escape(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control = c != '\t' && (c < 0x20 || (c >= 0x7f && c < 0xa0) || c == '\u2028' || c == '\u2029'
                    || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069'));
            if (control && out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            if (control) {
                out.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** The file's lines, split once per file: splitting per diagnostic made thousands of diagnostics quadratic. */
    private final Map<String, java.util.List<String>> lines = new java.util.HashMap<>();

    private String line(SourceFile src, int line) {
        java.util.List<String> all = lines.computeIfAbsent(src.name(), k -> src.text().lines().toList());
        return line >= 1 && line <= all.size() ? all.get(line - 1) : "";
    }

    public String formatAll(Diagnostics diagnostics) {
        StringBuilder out = new StringBuilder();
        java.util.List<Diagnostic> all = diagnostics.sorted();
        for (Diagnostic d : all.subList(0, Math.min(all.size(), MOST_SHOWN))) {
            out.append(format(d));
        }
        if (all.size() > MOST_SHOWN) {
            out.append("only the first ").append(MOST_SHOWN).append(" of ").append(all.size())
                    .append(" diagnostics are shown\n");
        }
        int n = diagnostics.errorCount();
        if (n > 0) {
            out.append(n).append(n == 1 ? " error\n" : " errors\n");
        }
        return out.toString();
    }
}
