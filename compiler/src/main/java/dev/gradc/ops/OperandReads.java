package dev.gradc.ops;

/**
 * Which ops only read their operands' arrays, in one place for the passes and the emitter: a write after such a
 * read may change the array in place, and a loop body may reuse one buffer for an array only such ops read.
 * {@link #onlyReads} holds in every engine; an engine adds the ops whose arrays it makes new itself
 * ({@link #copiesEntries} in the interpreter, where a part is a copy; the emitter's transposes and triangles).
 */
public final class OperandReads {

    private OperandReads() {
    }

    /**
     * Whether op keeps nothing of its operands' arrays in every engine: it computes a new value from their
     * entries, copies them (a push), or reads only their sizes (the zeros an adjoint starts from, a size, the
     * budgets of a checkpointed loop).
     */
    public static boolean onlyReads(Object op) {
        return op instanceof Unary || op instanceof Binary || op instanceof Compare || op instanceof Where
                || op instanceof ToReal || op instanceof ReduceSum || op instanceof ReduceMax || op instanceof Matmul
                || op instanceof Outer || op instanceof Push
                || op instanceof ZerosLike || op instanceof SizeOf || op instanceof CheckpointBudget
                || op instanceof KeptUnits || op instanceof JournalBudget;
    }

    /**
     * Whether op copies entries of its operands into a new array when the interpreter runs it: a part (an element,
     * rows, a column, a block), a gather, or an int op. Generated code may give a part as a view of its operand.
     */
    public static boolean copiesEntries(Object op) {
        return op instanceof Index || op instanceof Rows || op instanceof Column || op instanceof Block
                || op instanceof Gather || op instanceof LineGather || op instanceof ScatterAdd
                || op instanceof IntIndex || op instanceof IntRows || op instanceof IntGather
                || op instanceof IntElementwise || op instanceof IntReduce || op instanceof IntColumn c && !c.write();
    }
}
