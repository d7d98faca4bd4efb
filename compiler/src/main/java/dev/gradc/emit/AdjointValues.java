package dev.gradc.emit;

import dev.gradc.ir.Graph;
import dev.gradc.ir.Node;
import dev.gradc.ir.Type;
import dev.gradc.ops.Param;

/**
 * Which nodes of the adjoint sweep hold an adjoint, so that only those are named {@code t7Bar}: the sweep also
 * recomputes forward values (a pivot read again, a trip's state restored), pops them from stacks, and counts
 * trips, and a temporary holding such a value is named as a forward one. A node of role adjoint holds an adjoint
 * when it is real-valued and
 * <ul>
 *   <li>one of its inputs holds one (a contribution, a sum, a copy of an adjoint's row), or</li>
 *   <li>it reads no value of the sweep at all and is no mere read of an array's entries: a seed, the zeros an
 *       adjoint starts from, or a contribution whose seed of 1 was simplified away ({@code t5 + t5}, the adjoint
 *       of {@code t5 * t5});</li>
 *   <li>a parameter of a region holds one when the value it starts from or (in a loop) the value the body
 *       carries on does, or when the passes named it as an adjoint ({@code xBar}); a region's result when a
 *       branch's or the body's result does or its start did.</li>
 * </ul>
 * A value computed only from values of the sweep that hold none (a region's parameters holding the forward
 * state, popped values, recomputed ones) holds none. Ints, booleans and stacks never hold an adjoint. How answers flow
 * through regions is {@link SweepValues}'.
 */
final class AdjointValues extends SweepValues {

    AdjointValues() {
    }

    /** Whether node id of graph g holds an adjoint. */
    boolean holdsAdjoint(Graph g, int id) {
        return holds(g, id);
    }

    /** A parameter of role adjoint of a method's graph holds an adjoint (a seed), others do not. */
    @Override
    boolean seed(Node p) {
        return p.role() == Node.Role.ADJOINT && isReal(p.type());
    }

    /**
     * The passes name a region's carried adjoint after its value (xBar): so named, it holds one even when the constant
     * it starts from (1 or 0) is shared with the forward sweep's.
     */
    @Override
    boolean named(Node p) {
        return p.role() == Node.Role.ADJOINT && isReal(p.type()) && p.label() != null && p.label().endsWith("Bar");
    }

    @Override
    boolean answers(Node n) {
        return n.role() == Node.Role.ADJOINT && isReal(n.type());
    }

    @Override
    boolean holds(Graph g, Node n, boolean[] holds, boolean body) {
        boolean any = false;
        boolean readsSweep = false;
        for (int in : n.inputs()) {
            Node i = g.node(in);
            if (isLiteral(i)) {
                continue; // a constant: 1 / U[k, k] is a forward value, 0.0 + ā an adjoint
            }
            any |= holds[in];
            readsSweep |= i.role() == Node.Role.ADJOINT || body && i.op() instanceof Param;
        }
        // reading no value of the sweep: a seed, zeros, or a contribution whose seed of 1 was simplified away;
        // but an entry, row or column read from the forward sweep's array is that forward value read again
        return any || !readsSweep && !isRead(n);
    }

    /** Whether n reads part of an array: an entry, a line, rows, a column, a gathered set, a reshaped view. */
    private static boolean isRead(Node n) {
        Object op = n.op();
        return op instanceof dev.gradc.ops.Index || op instanceof dev.gradc.ops.Rows
                || op instanceof dev.gradc.ops.Column
                || op instanceof dev.gradc.ops.Gather || op instanceof dev.gradc.ops.LineGather
                || op instanceof dev.gradc.ops.Reshape;
    }

    private static boolean isReal(Type t) {
        return t instanceof Type.Real;
    }
}
