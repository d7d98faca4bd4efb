package dev.gradc.ops;

/** What passes and the emitter may assume of an op without knowing it, declared by the op itself. */
public enum Trait {
    /**
     * Each element of the output is computed from one element of each input (after broadcasting, or at an
     * index the op computes from the output's index): the emitter may fuse it into its consumer's loop.
     */
    ELEMENTWISE,
    /** The output is linear in every real input (its JVP is the op applied to the tangents). */
    LINEAR,
    /** The output sums or otherwise reduces its input over axes. */
    REDUCTION,
    /** The output carries no derivative whatever the inputs (comparisons, sizes, detach, sign). */
    NON_DIFFERENTIABLE,
    /**
     * It may fail at run time on its input values (an index or slice out of range): a program's own use is
     * never removed, read or not, so that every engine fails alike.
     */
    CHECKED,
    /**
     * It keeps nothing of its operands' arrays, in every engine: it computes a new value from their entries (a
     * transpose, a triangle, diag and diagonal write new arrays; a broadcast is written into an array of its own
     * or read in its consumer's loop, as an elementwise op is), copies them (a push, a scatter into zeros of its
     * own), or reads only their sizes (the zeros an adjoint starts from, a size, a checkpointed loop's budgets).
     * A write after it may change the array in place, and a loop body may reuse one buffer for an array only such
     * ops read ({@link OperandReads}).
     */
    READS_ONLY,
    /**
     * A part of its operand (an element, rows, a column, a block, gathered entries) or an int op: the interpreter
     * copies the entries into a new array, while generated code may give a view of the operand
     * ({@link OperandReads#copiesEntries}).
     */
    PART
}
