package dev.gradc.ir;

import dev.gradc.diag.Span;
import java.util.List;

/**
 * One SSA value of a graph: an op applied to earlier nodes of the same graph.
 *
 * @param id     dense index in the graph's node list (topological order)
 * @param op     what it computes
 * @param inputs ids of its operands, all smaller than {@code id}
 * @param type   its static type
 * @param span   the source it comes from
 * @param label  the program's variable name when the node is bound to one (for readable output), else null
 * @param role   whether the node computes the value, an adjoint or a tangent
 */
public record Node(int id, Op op, List<Integer> inputs, Type type, Span span, String label, Role role) {

    /** Why a node exists: drawn and named differently in pictures and generated code. */
    public enum Role { FORWARD, ADJOINT, TANGENT }

    public Node {
        inputs = List.copyOf(inputs);
        span = span == null ? Span.NONE : span;
        role = role == null ? Role.FORWARD : role;
    }

    public int input(int i) {
        return inputs.get(i);
    }

    public Node withLabel(String newLabel) {
        return new Node(id, op, inputs, type, span, newLabel, role);
    }
}
