package dev.gradc.ir;

import java.util.stream.Collectors;

/**
 * The readable text form of a graph, for tests and {@code --verbose}. A region's graphs are indented under it, up
 * to {@link #MAX_INDENT} levels; deeper ones are marked with their depth instead, so that the text of regions
 * nested thousands deep stays linear in their number, not quadratic.
 */
public final class IrPrinter {

    /** The most levels of region nesting shown by indentation. */
    static final int MAX_INDENT = 16;

    private IrPrinter() {
    }

    public static String print(Graph g) {
        StringBuilder out = new StringBuilder();
        print(g, 0, out);
        return out.toString();
    }

    /** The indentation of a region graph nested {@code depth} deep. */
    private static String indent(int depth) {
        return depth <= MAX_INDENT ? "    ".repeat(depth) : "    ".repeat(MAX_INDENT) + "<" + depth + "> ";
    }

    private static void print(Graph g, int depth, StringBuilder out) {
        String indent = indent(depth);
        for (Node n : g.nodes()) {
            out.append(indent).append('%').append(n.id()).append(" = ").append(n.op().mnemonic());
            String attrs = n.op().attributes();
            if (!attrs.isEmpty()) {
                out.append('[').append(attrs).append(']');
            }
            out.append(n.inputs().stream().map(i -> "%" + i).collect(Collectors.joining(", ", "(", ")")));
            out.append(" : ").append(n.type());
            if (n.label() != null) {
                out.append("  ; ").append(n.label());
            }
            if (n.role() != Node.Role.FORWARD) {
                out.append("  ; ").append(n.role().name().toLowerCase());
            }
            out.append('\n');
            if (n.op() instanceof Region r) {
                int k = 0;
                for (Graph sub : r.graphs()) {
                    out.append(indent).append("  {").append(k++).append(": params ")
                            .append(sub.params().stream().map(i -> "%" + i).collect(Collectors.joining(", ")))
                            .append('\n');
                    print(sub, depth + 1, out);
                    out.append(indent).append("  }\n");
                }
            }
        }
        out.append(indent).append("results ")
                .append(g.results().stream().map(i -> "%" + i).collect(Collectors.joining(", "))).append('\n');
    }
}
