package dev.gradc.diag;

/**
 * A region of a source file: 1-based line and column of its first character, and of its end
 * (exclusive column). ANTLR's 0-based columns are converted once, here, by {@link #of}.
 */
public record Span(String file, int line, int column, int endLine, int endColumn) {

    /** A span for things that have no source position, such as compiler-made nodes. */
    public static final Span NONE = new Span("<generated>", 0, 0, 0, 0);

    public Span {
        file = file == null ? "<input>" : file;
    }

    /** A span from ANTLR's 1-based line and 0-based character position, {@code length} characters long. */
    public static Span of(String file, int line, int antlrColumn, int length) {
        return new Span(file, line, antlrColumn + 1, line, antlrColumn + 1 + Math.max(length, 1));
    }

    /** A span at a single point of a file. */
    public static Span point(String file, int line, int column) {
        return new Span(file, line, column, line, column + 1);
    }

    /** The span from the start of this one to the end of {@code other}. */
    public Span to(Span other) {
        if (this == NONE) {
            return other;
        }
        if (other == NONE) {
            return this;
        }
        return new Span(file, line, column, other.endLine, other.endColumn);
    }

    public boolean isKnown() {
        return line > 0;
    }

    /**
     * {@code file:line:column} with the file's base name (no folders), as in {@code model.grad:5:3}: the position a
     * run-time error starts with, the same in every engine and in generated code (which never holds a path of the
     * machine that compiled it).
     */
    public String where() {
        return baseName(file) + ":" + line + ":" + column;
    }

    /** {@code file:line} with the file's base name: how a loop is named (iteration limits, checkpoint reports). */
    public String whereLine() {
        return baseName(file) + ":" + line;
    }

    /** The file name without folders, e.g. {@code control_flow.grad}. */
    public static String baseName(String file) {
        String n = file.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
