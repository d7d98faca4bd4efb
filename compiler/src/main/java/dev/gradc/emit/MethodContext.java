package dev.gradc.emit;

import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.TypeName;
import dev.gradc.diag.SourceFile;
import dev.gradc.diag.Span;
import dev.gradc.ir.Node;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The state of one generated method while its code is written: the code so far, its local names, the
 * variables of the size names, the method's parameters (never mutated, cloned when returned) and the
 * source comment last written.
 */
final class MethodContext {

    final Names names;
    final Map<String, String> sizeVars;
    final Set<String> paramVars = new HashSet<>();
    /** The {@code double[]} parameters in order: a returned array that may be one of them is compared to each. */
    final java.util.List<String> arrayParams = new java.util.ArrayList<>();
    /** Result variables the graph computes into a new array (never an argument's), needing no alias check. */
    final Set<String> freshResults = new HashSet<>();
    /** Where helper methods split off this one go, or null when it is never split. */
    final Site site;
    /** The local of the workspace's arena in a workspace-form method (see {@link WorkspaceCode}), or null. */
    String arena;
    /** The workspace parameter of a workspace-form method, or null. */
    String workspace;
    /**
     * How many loops run the code being written on every trip: those it is written in, and, in a helper method
     * split off a loop body, those around its call. An array made there is made again on every trip.
     */
    int loops;
    private final SourceFile source;
    CodeBlock.Builder code = CodeBlock.builder();
    private String lastComment;
    private String limit;

    MethodContext(Names names, Map<String, String> sizeVars, SourceFile source) {
        this(names, sizeVars, source, null);
    }

    MethodContext(Names names, Map<String, String> sizeVars, SourceFile source, Site site) {
        this.names = names;
        this.sizeVars = new LinkedHashMap<>(sizeVars);
        this.source = source;
        this.site = site;
    }

    /**
     * The generated method being written and the list its helper methods are added to (after it, in order),
     * so that a part of its code — a range of its graph, a loop body, a branch — can become a method of its own.
     */
    record Site(GraphMethod.ClassContext cc, String method, java.util.List<com.palantir.javapoet.MethodSpec> helpers,
                RegionMethods regions) {

        /** The same list of helpers and regions, for the code of helper {@code name}. */
        Site of(String name) {
            return new Site(cc, name, helpers, regions);
        }

        /** The code-size estimates of the method's graphs ({@link RegionMethods#sizes}). */
        CodeSize sizes() {
            return regions.sizes();
        }
    }

    /** Writes {@code // the source line  (file.grad:LINE)} when node n starts code of another statement. */
    void comment(Node n) {
        Span s = n.span();
        if (s == null || !s.isKnown()) {
            return;
        }
        String prefix = prefix(n);
        String key = prefix + s.line();
        if (key.equals(lastComment)) {
            return;
        }
        lastComment = key;
        String line = source == null ? "" : excerpt(source.line(s.line()), s.column());
        String where = sanitize(baseName(s.file()) + ":" + s.line());
        code.add("$L", "// " + prefix + sanitize(line) + "  (" + where + ")\n"); // one string, as in declare
    }

    /** The most characters of a source line a comment shows. */
    static final int COMMENT_WIDTH = 100;

    /**
     * The source line as a comment shows it: stripped and, when longer than {@link #COMMENT_WIDTH}, the part of it
     * that starts a little before the node's column (1-based), with {@code ...} where it is cut. A program written
     * on one long line (generated programs often are) is commented once per statement, per part of a split
     * method, per branch: the whole line each time made the Java quadratic in the line's length.
     */
    static String excerpt(String raw, int column) {
        String line = raw.strip();
        if (line.length() <= COMMENT_WIDTH) {
            return line;
        }
        int lead = raw.indexOf(line);
        int points = Math.max(0, Math.min(column - 1, raw.codePointCount(0, raw.length()))); // columns count code points
        int at = Math.max(0, Math.min(line.length(), raw.offsetByCodePoints(0, points) - lead));
        int from = Math.max(0, Math.min(at - COMMENT_WIDTH / 5, line.length() - COMMENT_WIDTH));
        int to = from + COMMENT_WIDTH;
        // Never half a surrogate pair: a character outside the BMP stays whole or is left out.
        from += from > 0 && Character.isLowSurrogate(line.charAt(from)) ? 1 : 0;
        to -= to < line.length() && Character.isLowSurrogate(line.charAt(to)) ? 1 : 0;
        return (from > 0 ? "... " : "") + line.substring(from, to).strip() + (to < line.length() ? " ..." : "");
    }

    /**
     * {@code type name = value;}. A declaration of a primitive type whose value names no class and no field (names,
     * literals and operators: most of a graph's scalar code) is added as its text, one string, where JavaPoet keeps a
     * string per fragment of the statement and of every operator's code block in it until the class is written:
     * the same Java line, held in a fraction of the heap.
     */
    void declare(TypeName type, String name, CodeBlock value) {
        if (type.isPrimitive()) {
            String text = value.toString();
            if (text.indexOf('\n') < 0 && !DOTTED.matcher(text).find()) {
                code.add("$L", type + " " + name + " = " + text + ";\n");
                return;
            }
        }
        code.addStatement("$T $L = $L", type, name, value);
    }

    /** A name followed by a dot: a class (written by JavaPoet, with or without its package) or a field access. */
    private static final java.util.regex.Pattern DOTTED = java.util.regex.Pattern.compile("[A-Za-z_$][\\w$]*\\.");

    private static String prefix(Node n) {
        return switch (n.role()) {
            case FORWARD -> "";
            case ADJOINT -> "adjoint: ";
            case TANGENT -> "tangent: ";
        };
    }

    /** Marks node n's statement as the one last named (after a block, whose inner comments named others). */
    void commented(Node n) {
        lastComment = n.span() != null && n.span().isKnown() ? prefix(n) + n.span().line() : null;
    }

    /** Forget the last comment, so that the next statement names its source again (after a block ends). */
    void resetComment() {
        lastComment = null;
    }

    /** Text safe inside a {@code //} comment: no line breaks, and no backslash that could start a unicode escape. */
    static String sanitize(String text) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static String baseName(String file) {
        String n = file.replace('\\', '/');
        return n.substring(n.lastIndexOf('/') + 1);
    }

    /**
     * The local holding the class's iteration limit, read once per call ({@code long limit = maxIterations;}
     * at the top of the method): a loop then compares its counter with a local, not a volatile field.
     */
    String limit() {
        if (limit == null) {
            limit = names.newName("limit");
        }
        return limit;
    }

    /** The method's code, starting with the read of the iteration limit if a loop uses it. */
    CodeBlock build() {
        if (limit == null) {
            return code.build();
        }
        return CodeBlock.builder().addStatement("long $L = maxIterations", limit).add(code.build()).build();
    }

    /** Swaps in a fresh code builder, for code that is built before the statement that holds it. */
    CodeBlock.Builder swap(CodeBlock.Builder next) {
        CodeBlock.Builder old = code;
        code = next;
        return old;
    }
}
