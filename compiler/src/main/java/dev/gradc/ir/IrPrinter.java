package dev.gradc.ir;

import java.util.stream.Collectors;

/** The readable text form of a graph, for tests and {@code --verbose}. */
public final class IrPrinter {

    private IrPrinter() {
    }

    public static String print(Graph g) {
        StringBuilder out = new StringBuilder();
        print(g, "", out);
        return out.toString();
    }

    private static void print(Graph g, String indent, StringBuilder out) {
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
                    print(sub, indent + "    ", out);
                    out.append(indent).append("  }\n");
                }
            }
        }
        out.append(indent).append("results ")
                .append(g.results().stream().map(i -> "%" + i).collect(Collectors.joining(", "))).append('\n');
    }
}
