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
    CHECKED
}
