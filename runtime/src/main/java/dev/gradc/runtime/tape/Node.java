package dev.gradc.runtime.tape;

/**
 * One recorded op in the define-by-run graph: its inputs and its backward rule. The fields after
 * {@code backward} are scratch space of one backward pass; a graph is walked by one thread at a time.
 */
final class Node {

    final String op;
    final int[] shape;
    Tensor[] inputs;
    Backward backward;

    /**
     * For a read of a block of its one input (an element, a row, a column, a rectangle): that block, and the rule's
     * adjoint for the input is the output's adjoint, added at the block's places into the input's accumulated
     * adjoint (O(entries read), never an input-sized array per read). Else null.
     */
    Block placed;

    /**
     * For a write of a block of input 0 by input 1 ({@link Writes}): that block, and the backward runs in
     * O(entries written). Else null.
     */
    Block written;

    /** The pass that last visited this node, so that a traversal needs no visited set. */
    long mark;
    /** The next input to visit in the iterative depth-first traversal. */
    int cursor;
    /** The output adjoint accumulated so far in the current pass, or null when none reached it yet. */
    double[] bar;

    Node(String op, int[] shape, Tensor[] inputs, Backward backward) {
        this.op = op;
        this.shape = shape;
        this.inputs = inputs;
        this.backward = backward;
    }

    boolean isFreed() {
        return backward == null;
    }

    /** Drops the inputs and the rule (and with them the values they captured) after a backward pass. */
    void free() {
        inputs = null;
        backward = null;
        bar = null;
    }
}
