package dev.gradc.diag;

import java.util.Map;

/**
 * Formats diagnostics as javac does: {@code FILE:LINE:COL: error: MESSAGE}, then the source line and
 * a caret under the column.
 */
public final class DiagnosticPrinter {

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
        out.append(d.severity().label()).append(": ").append(d.message()).append('\n');
        SourceFile src = sources.get(s.file());
        if (src != null && s.isKnown()) {
            String line = line(src, s.line());
            if (!line.isEmpty()) {
                out.append(line).append('\n');
                StringBuilder caret = new StringBuilder();
                for (int i = 0; i < s.column() - 1 && i < line.length(); i++) {
                    caret.append(line.charAt(i) == '\t' ? '\t' : ' ');
                }
                out.append(caret).append("^\n");
            }
        }
        return out.toString();
    }

    /** The file's lines, split once per file: splitting per diagnostic made thousands of diagnostics quadratic. */
    private final Map<String, java.util.List<String>> lines = new java.util.HashMap<>();

    private String line(SourceFile src, int line) {
        java.util.List<String> all = lines.computeIfAbsent(src.name(), k -> src.text().lines().toList());
        return line >= 1 && line <= all.size() ? all.get(line - 1) : "";
    }

    public String formatAll(Diagnostics diagnostics) {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics.sorted()) {
            out.append(format(d));
        }
        int n = diagnostics.errorCount();
        if (n > 0) {
            out.append(n).append(n == 1 ? " error\n" : " errors\n");
        }
        return out.toString();
    }
}
