package dev.gradc.ir;

import java.util.List;

/**
 * An immutable dataflow graph: nodes in topological order with dense ids, the ids of its parameter nodes
 * in order, and the ids of its results. Region ops (while, cond) hold graphs of their own.
 */
public record Graph(List<Node> nodes, List<Integer> params, List<Integer> results) {

    public Graph {
        nodes = List.copyOf(nodes);
        params = List.copyOf(params);
        results = List.copyOf(results);
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            if (n.id() != i) {
                throw new IllegalArgumentException("node " + n.id() + " stored at " + i);
            }
            for (int in : n.inputs()) {
                if (in < 0 || in >= i) {
                    throw new IllegalArgumentException("node " + i + " reads " + in + ", not before it");
                }
            }
        }
    }

    public Node node(int id) {
        return nodes.get(id);
    }

    public Type type(int id) {
        return nodes.get(id).type();
    }

    public int size() {
        return nodes.size();
    }

    public int result(int i) {
        return results.get(i);
    }

    /** Per node: whether another node of this graph reads it or it is a result (unused nodes are false). */
    public boolean[] used() {
        boolean[] used = new boolean[nodes.size()];
        for (Node u : nodes) {
            for (int in : u.inputs()) {
                used[in] = true;
            }
        }
        for (int r : results) {
            used[r] = true;
        }
        return used;
    }

    /** Number of nodes here and in every nested region. */
    public int totalSize() {
        int n = 0;
        for (Node node : nodes) {
            n++;
            if (node.op() instanceof Region r) {
                for (Graph g : r.graphs()) {
                    n += g.totalSize();
                }
            }
        }
        return n;
    }

    @Override
    public String toString() {
        return IrPrinter.print(this);
    }
}
