package dev.gradc.ir;

import dev.gradc.diag.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * The only way to make a {@link Graph}: appends nodes in order, so ids are dense and topological.
 * Types are given by the caller (the typed builder in {@code dev.gradc.ops} infers them).
 */
public final class GraphBuilder {

    private final List<Node> nodes = new ArrayList<>();
    private final List<Integer> params = new ArrayList<>();
    private Node.Role role = Node.Role.FORWARD;
    private Span span = Span.NONE;

    /** The role given to nodes added from now on. */
    public Node.Role role() {
        return role;
    }

    public void setRole(Node.Role role) {
        this.role = role;
    }

    /** The source span given to nodes added from now on (unless one is passed explicitly). */
    public Span span() {
        return span;
    }

    public void setSpan(Span span) {
        this.span = span == null ? Span.NONE : span;
    }

    public int add(Op op, Type type, List<Integer> inputs) {
        return add(op, type, inputs, span, null);
    }

    public int add(Op op, Type type, List<Integer> inputs, Span nodeSpan, String label) {
        int id = nodes.size();
        for (int in : inputs) {
            if (in < 0 || in >= id) {
                throw new IllegalArgumentException(op.mnemonic() + " reads node " + in + " of " + id);
            }
        }
        nodes.add(new Node(id, op, inputs, type, nodeSpan == null ? span : nodeSpan, label, role));
        return id;
    }

    /** Adds a parameter node; its position among the parameters is the order of these calls. */
    public int addParam(Op paramOp, Type type, Span nodeSpan, String label) {
        int id = add(paramOp, type, List.of(), nodeSpan, label);
        params.add(id);
        return id;
    }

    public int paramCount() {
        return params.size();
    }

    public int param(int index) {
        return params.get(index);
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

    /** Names node {@code id} after a program variable, for readable output; keeps an earlier name. */
    public void label(int id, String label) {
        Node n = nodes.get(id);
        if (n.label() == null && label != null) {
            nodes.set(id, n.withLabel(label));
        }
    }

    public Graph build(List<Integer> results) {
        return new Graph(nodes, params, results);
    }
}
