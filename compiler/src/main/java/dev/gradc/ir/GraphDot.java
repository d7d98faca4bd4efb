package dev.gradc.ir;

/**
 * Draws a graph in Graphviz' dot language: forward nodes white, adjoint nodes orange, tangent nodes blue,
 * each region's sub-graphs as clusters. Deterministic: the same graph gives the same text.
 */
public final class GraphDot {

    private final StringBuilder out = new StringBuilder();
    private int clusters;

    private GraphDot() {
    }

    public static String render(Graph g, String title) {
        return render(g, title, java.util.List.of());
    }

    /** As {@link #render(Graph, String)}, naming the graph's results (e.g. value, then the adjoint of x). */
    public static String render(Graph g, String title, java.util.List<String> resultNames) {
        GraphDot d = new GraphDot();
        d.out.append("digraph gradc {\n  rankdir=TB;\n  label=\"").append(escape(title))
                .append("\";\n  node [shape=box, style=\"rounded,filled\", fontname=\"Helvetica\", fontsize=10];\n");
        d.graph(g, "g");
        for (int r = 0; r < g.results().size(); r++) {
            d.out.append("  result_").append(r).append(" [shape=plaintext, style=\"\", label=\"")
                    .append(escape(r < resultNames.size() ? resultNames.get(r) : r == 0 ? "value" : "result " + r))
                    .append("\"];\n  g_").append(g.result(r))
                    .append(" -> result_").append(r).append(" [penwidth=2];\n");
        }
        d.out.append("  legend [shape=plaintext, style=\"\", label=<<b>white</b>: value &nbsp; "
                + "<font color=\"#c05000\"><b>orange</b></font>: adjoint &nbsp; "
                + "<font color=\"#2060c0\"><b>blue</b></font>: tangent>];\n}\n");
        return d.out.toString();
    }

    private void graph(Graph g, String prefix) {
        for (Node n : g.nodes()) {
            String id = prefix + "_" + n.id();
            String label = n.op().mnemonic() + (n.op().attributes().isEmpty() ? "" : " " + n.op().attributes())
                    + (n.label() != null ? "\\n" + n.label() : "") + "\\n" + n.type();
            String fill = switch (n.role()) {
                case ADJOINT -> "#ffd9b3";
                case TANGENT -> "#cfe0ff";
                default -> "#ffffff";
            };
            out.append("  ").append(id).append(" [label=\"").append(escape(label)).append("\", fillcolor=\"")
                    .append(fill).append("\"];\n");
            for (int in : n.inputs()) {
                out.append("  ").append(prefix).append('_').append(in).append(" -> ").append(id).append(";\n");
            }
            if (n.op() instanceof Region r) {
                int k = 0;
                for (Graph sub : r.graphs()) {
                    String sp = id + "_" + k;
                    out.append("  subgraph cluster_").append(clusters++).append(" {\n    label=\"")
                            .append(n.op().mnemonic()).append(' ').append(regionPart(n.op().mnemonic(), k++))
                            .append("\";\n    style=dashed;\n");
                    graph(sub, sp);
                    out.append("  }\n");
                    for (int res : sub.results()) {
                        out.append("  ").append(sp).append('_').append(res).append(" -> ").append(id)
                                .append(" [style=dotted];\n");
                    }
                }
            }
        }
    }

    private static String regionPart(String op, int k) {
        if (op.equals("while")) {
            return k == 0 ? "condition" : "body";
        }
        return k == 0 ? "then" : "else";
    }

    private static String escape(String s) {
        return s.replace("\\n", "\u0000").replace("\\", "\\\\").replace("\"", "\\\"").replace("\u0000", "\\n");
    }
}
